import { formatBytes, parseDuration, parseSize } from "../../study";
import { readSize } from "../../study/size";

describe("parseSize", () => {
  it.each([
    ["100GiB", 100 * 2 ** 30],
    ["16K", 16384],
    ["16k", 16384],
    ["16KiB", 16384],
    ["5GiB", 5 * 2 ** 30],
    ["512B", 512],
    ["1.5TiB", 1.5 * 2 ** 40],
    ["4M", 4 * 2 ** 20],
    ["512", 512],
    ["100 GiB", 100 * 2 ** 30],
  ])("reads %s", (text, bytes) => {
    expect(parseSize(text)).toEqual({ text, bytes });
  });

  it("is the constructs' parser (constructs/core/size.ts), plus: a size is positive", () => {
    expect(readSize("100GB")).toEqual({ ok: false, error: expect.stringContaining("SI units are not accepted") });
    expect(readSize("0")).toEqual({ ok: false, error: '"0" is zero' });
  });

  it.each(["GiB", "0GiB", "0", "-1GiB", "1.3B", "100GB", "10kB", "5XiB", ""])("rejects %p", (text) => {
    expect(parseSize(text)).toBeUndefined();
  });

  it("formats bytes in the largest exact binary unit", () => {
    expect(formatBytes(16384)).toBe("16KiB");
    expect(formatBytes(128 * 1024)).toBe("128KiB");
    expect(formatBytes(1000)).toBe("1000B");
  });
});

describe("parseDuration", () => {
  it("reads h/m/s combinations", () => {
    expect(parseDuration("1h30m")).toEqual({ text: "1h30m", seconds: 5400 });
    expect(parseDuration("90s")).toEqual({ text: "90s", seconds: 90 });
    expect(parseDuration("30")).toBeUndefined();
    expect(parseDuration("0m")).toBeUndefined();
  });
});
