import { formatLvmSize, formatShortSize, formatSize, isPowerOfTwo, parseSize, tryParseSize } from "../../domain/size";

describe("sizes as sysadmins write them", () => {
  it.each([
    ["100GiB", 100 * 1024 ** 3],
    ["100G", 100 * 1024 ** 3],
    ["16K", 16384],
    ["16KiB", 16384],
    ["512", 512],
    ["512B", 512],
    ["1.5TiB", 1.5 * 1024 ** 4],
    ["4gib", 4 * 1024 ** 3],
    [" 5 GiB ", 5 * 1024 ** 3],
  ])("%s is %d bytes", (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it("refuses SI units with a hint", () => {
    const r = tryParseSize("100GB");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/SI units are not accepted; write GiB/);
  });

  it.each(["", "lots", "-5G", "1.3B", "10XB"])("refuses %p", (text) => {
    expect(tryParseSize(text).ok).toBe(false);
    expect(() => parseSize(text)).toThrow(/size|unit|bytes/);
  });

  it("formats for zfs/qemu-img, people and lvm", () => {
    expect(formatShortSize(100 * 1024 ** 3)).toBe("100G");
    expect(formatShortSize(16384)).toBe("16K");
    expect(formatShortSize(1536)).toBe("1536");
    expect(formatShortSize(90 * 1024 ** 3)).toBe("90G");
    expect(formatSize(100 * 1024 ** 3)).toBe("100GiB");
    expect(formatSize(512)).toBe("512B");
    expect(formatLvmSize(100 * 1024 ** 3)).toBe("100g");
    expect(formatLvmSize(1024 ** 4)).toBe("1t");
  });

  it("knows powers of two, including large ones", () => {
    expect([512, 4096, 16384, 2 ** 40].every(isPowerOfTwo)).toBe(true);
    expect([0, 3, 1536, 2 ** 40 + 1].some(isPowerOfTwo)).toBe(false);
  });
});
