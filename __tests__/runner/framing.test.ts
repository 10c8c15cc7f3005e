import { encodeFrame, encodeSession, parseRecord } from "../../runner/framing";
import { FrameError, requireComplete, scanFrames } from "../../runner/read-frames";

const payloads = [
  { name: "run-1", payload: JSON.stringify({ jobs: [{ jobname: "a" }], pad: "x".repeat(500) }) },
  { name: "info", payload: '{"format":"kvmbench-guest-info"}' },
];

function errorOf(fn: () => unknown): FrameError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FrameError) return e;
    throw e;
  }
  throw new Error("expected a FrameError");
}

describe("frame format", () => {
  it("round-trips through console noise and tty carriage returns", () => {
    const text =
      "[   1.234] random kernel noise\nlogin: \n" +
      encodeSession("s1", payloads).replace(/\n/g, "\r\n").replace("KVMBENCH-END s1 1", "noise: hello\r\nKVMBENCH-END s1 1");
    const scan = requireComplete(scanFrames(text));
    expect(scan.status).toBe("ok");
    expect(scan.frames.map((f) => [f.seq, f.name])).toEqual([
      [1, "run-1"],
      [2, "info"],
    ]);
    expect(JSON.parse(scan.frames[0].payload.toString()).jobs[0].jobname).toBe("a");
  });

  it("parses records and ignores malformed ones", () => {
    expect(parseRecord("KVMBENCH-DONE s1 3 ok\r")).toEqual({ kind: "done", session: "s1", frames: 3, status: "ok" });
    expect(parseRecord("KVMBENCH-BEGIN s1 1 run-1 12 nothex")).toBeUndefined();
  });

  it("uses the last session when the runner ran again", () => {
    const text = encodeSession("old", [{ name: "run-1", payload: "old" }], "failed") + encodeSession("new", payloads);
    const scan = requireComplete(scanFrames(text));
    expect(scan.session).toBe("new");
  });

  it("reports a log that ends inside a frame as incomplete, not corrupt", () => {
    const full = encodeSession("s1", payloads);
    const cut = full.slice(0, full.indexOf("KVMBENCH-END s1 1") - 30);
    const scan = scanFrames(cut);
    expect(scan.state).toBe("incomplete");
    if (scan.state === "incomplete") expect(scan.reason).toMatch(/^frame 1 \(run-1\) is still being written: about \d+ of \d+ bytes/);
    expect(() => requireComplete(scan)).toThrow("results are incomplete: frame 1 (run-1) is still being written");
    expect(scanFrames("boot noise only\n")).toMatchObject({ state: "incomplete", reason: expect.stringContaining("no KVMBENCH-START") });
    const noDone = full.slice(0, full.indexOf("KVMBENCH-DONE"));
    expect(scanFrames(noDone)).toMatchObject({ state: "incomplete", reason: "2 frames so far, no KVMBENCH-DONE record yet" });
  });

  it("rejects a frame truncated by a later record", () => {
    const f1 = encodeFrame("s1", 1, "run-1", payloads[0].payload).split("\n");
    const truncated = [...f1.slice(0, 3), "KVMBENCH-END s1 1"].join("\n") + "\n";
    const text = "KVMBENCH-START s1 v1\n" + truncated + "KVMBENCH-DONE s1 1 ok\n";
    const e = errorOf(() => scanFrames(text));
    expect(e.message).toMatch(/^frame 1 \(run-1\) \(lines 2-5\): length mismatch: BEGIN says \d+ bytes, payload has \d+ bytes \(truncated\)$/);
    expect(e.detail).toMatchObject({ seq: 1, name: "run-1" });
    const cutBeforeEnd = "KVMBENCH-START s1 v1\n" + f1.slice(0, 3).join("\n") + "\n" + encodeFrame("s1", 2, "info", "{}");
    expect(() => scanFrames(cutBeforeEnd)).toThrow(/^frame 1 \(run-1\) is truncated: BEGIN record at line 5 before its END/);
  });

  it("rejects a corrupted frame, naming the checksums", () => {
    const text = encodeSession("s1", payloads);
    const lines = text.split("\n");
    lines[2] = (lines[2][0] === "A" ? "B" : "A") + lines[2].slice(1);
    expect(() => scanFrames(lines.join("\n"))).toThrow(
      /^frame 1 \(run-1\) \(lines 2-\d+\): sha256 mismatch: BEGIN says [0-9a-f]{64}, payload hashes to [0-9a-f]{64} \(corrupted\)$/,
    );
  });

  it("rejects missing frames, a wrong DONE count and malformed records", () => {
    const s = encodeSession("s1", payloads);
    const withoutFirst = s.replace(encodeFrame("s1", 1, "run-1", payloads[0].payload), "");
    expect(() => scanFrames(withoutFirst)).toThrow("frame 2 (info) follows frame 0: frame 1 is missing");
    expect(() => scanFrames(s.replace("KVMBENCH-DONE s1 2 ok", "KVMBENCH-DONE s1 3 ok"))).toThrow(
      "DONE says 3 frames, the log has 2 complete frames",
    );
    expect(() => scanFrames(s.replace("KVMBENCH-END s1 2", "KVMBENCH-END s1 two"))).toThrow(/malformed record "KVMBENCH-END s1 two"/);
  });
});
