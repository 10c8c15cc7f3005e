import { readFileSync } from "node:fs";
import { DoneStatus, FRAME_VERSION, parseRecord, RECORD_PREFIX, sha256Hex } from "./framing";

/** A verified frame: its payload matched the length and SHA-256 its BEGIN record announced. */
export interface Frame {
  readonly seq: number;
  readonly name: string;
  readonly payload: Buffer;
}

/** The session ended with a DONE record and every frame verified. */
export interface CompleteScan {
  readonly state: "complete";
  readonly session: string;
  /** "failed": the runner gave up; its `error` frame says why. */
  readonly status: DoneStatus;
  readonly frames: readonly Frame[];
}

/** Nothing is wrong so far, but the session has not finished (still running, or cut off). */
export interface IncompleteScan {
  readonly state: "incomplete";
  readonly session?: string;
  /** Frames verified so far. */
  readonly frames: readonly Frame[];
  /** What is missing, e.g. "frame 3 (run-3) is still being written: 4096 of 81234 bytes so far". */
  readonly reason: string;
}

export type FrameScan = CompleteScan | IncompleteScan;

/** Where a corrupt log went wrong. */
export interface FrameErrorDetail {
  /** 1-based line in the log. */
  readonly line?: number;
  readonly seq?: number;
  readonly name?: string;
}

/** The log contradicts itself: a frame is truncated, corrupted, missing or out of order. */
export class FrameError extends Error {
  constructor(
    message: string,
    public readonly detail: FrameErrorDetail = {},
  ) {
    super(message);
    this.name = "FrameError";
  }
}

const BASE64_LINE = /^[A-Za-z0-9+/=]+$/;
const BASE64_WHOLE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface OpenFrame {
  readonly seq: number;
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly line: number;
  readonly data: string[];
}

function label(f: { seq: number; name: string }): string {
  return `frame ${f.seq} (${f.name})`;
}

function approxBytes(b64: string): number {
  return Math.floor((b64.length * 3) / 4);
}

function verify(open: OpenFrame, endLine: number): Frame {
  const where = { line: open.line, seq: open.seq, name: open.name };
  const b64 = open.data.join("");
  if (!BASE64_WHOLE.test(b64)) {
    throw new FrameError(
      `${label(open)} (lines ${open.line}-${endLine}): payload is not valid base64 (${b64.length} characters)`,
      where,
    );
  }
  const payload = Buffer.from(b64, "base64");
  if (payload.length !== open.bytes) {
    throw new FrameError(
      `${label(open)} (lines ${open.line}-${endLine}): length mismatch: BEGIN says ${open.bytes} bytes, ` +
        `payload has ${payload.length} bytes${payload.length < open.bytes ? " (truncated)" : ""}`,
      where,
    );
  }
  const actual = sha256Hex(payload);
  if (actual !== open.sha256) {
    throw new FrameError(
      `${label(open)} (lines ${open.line}-${endLine}): sha256 mismatch: BEGIN says ${open.sha256}, ` +
        `payload hashes to ${actual} (corrupted)`,
      where,
    );
  }
  return { seq: open.seq, name: open.name, payload };
}

/**
 * Scans a serial log for the last session's frames and verifies them.
 * Lines that are not records (console noise) are skipped, inside frames too (the checksum
 * catches noise that looks like base64). A final line without a line break is still being
 * written and is ignored.
 *
 * @returns "complete" after a DONE record, "incomplete" when the log ends before one.
 * @throws FrameError when the log is corrupt: a frame truncated (BEGIN/DONE before END),
 *   wrong length or checksum, frames missing or out of order, a malformed record, or a
 *   DONE count that does not match.
 */
export function scanFrames(text: string): FrameScan {
  const lines = text.split("\n");
  lines.pop(); // "" after the final "\n", or a partial line still being written
  let startIndex = -1;
  let session: string | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const r = parseRecord(lines[i]);
    if (r?.kind === "start") {
      startIndex = i;
      session = r.session;
      if (r.version !== FRAME_VERSION) {
        throw new FrameError(`line ${i + 1}: frame format ${r.version} is not supported (expected ${FRAME_VERSION})`, {
          line: i + 1,
        });
      }
      break;
    }
  }
  if (session === undefined) {
    return { state: "incomplete", frames: [], reason: "no KVMBENCH-START record yet (the runner has not started)" };
  }

  const frames: Frame[] = [];
  let open: OpenFrame | undefined;
  for (let i = startIndex + 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].replace(/\r+$/, "");
    const record = parseRecord(line);
    if (!record) {
      if (RECORD_PREFIX.test(line)) {
        throw new FrameError(`line ${lineNo}: malformed record "${line.slice(0, 120)}"`, { line: lineNo });
      }
      if (open && BASE64_LINE.test(line)) open.data.push(line);
      continue; // console noise
    }
    if (record.session !== session) {
      throw new FrameError(
        `line ${lineNo}: record of session ${record.session} inside session ${session} (two runners writing?)`,
        { line: lineNo },
      );
    }
    if (record.kind === "start") continue; // unreachable: the last START is the session's
    if (open) {
      if (record.kind === "end" && record.seq === open.seq) {
        frames.push(verify(open, lineNo));
        open = undefined;
        continue;
      }
      const got = approxBytes(open.data.join(""));
      throw new FrameError(
        `${label(open)} is truncated: ${record.kind.toUpperCase()} record at line ${lineNo} before its END ` +
          `(got about ${got} of ${open.bytes} bytes)`,
        { line: lineNo, seq: open.seq, name: open.name },
      );
    }
    if (record.kind === "end") {
      throw new FrameError(`line ${lineNo}: END of frame ${record.seq} without its BEGIN`, {
        line: lineNo,
        seq: record.seq,
      });
    }
    const expected = frames.length + 1;
    if (record.kind === "begin") {
      if (record.seq !== expected) {
        throw new FrameError(
          `line ${lineNo}: frame ${record.seq} (${record.name}) follows frame ${expected - 1}: ` +
            `frame ${expected} is missing`,
          { line: lineNo, seq: record.seq, name: record.name },
        );
      }
      open = { ...record, line: lineNo, data: [] };
      continue;
    }
    // DONE
    if (record.frames !== frames.length) {
      throw new FrameError(
        `line ${lineNo}: DONE says ${record.frames} frames, the log has ${frames.length} complete frames`,
        { line: lineNo },
      );
    }
    return { state: "complete", session, status: record.status, frames };
  }
  if (open) {
    return {
      state: "incomplete",
      session,
      frames,
      reason: `${label(open)} is still being written: about ${approxBytes(open.data.join(""))} of ${open.bytes} bytes so far`,
    };
  }
  return { state: "incomplete", session, frames, reason: `${frames.length} frames so far, no KVMBENCH-DONE record yet` };
}

/** `scanFrames` on a file; errors name the file. A missing file is "incomplete". */
export function readFramesFile(path: string): FrameScan {
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      return { state: "incomplete", frames: [], reason: "the file does not exist yet" };
    }
    throw e;
  }
  try {
    return scanFrames(text);
  } catch (e) {
    if (e instanceof FrameError) throw new FrameError(`serial log ${path}: ${e.message}`, e.detail);
    throw e;
  }
}

/**
 * The scan when complete; otherwise throws a FrameError saying what is missing (for callers
 * that know the runner has stopped: after the wait step, or after the guest powered off).
 */
export function requireComplete(scan: FrameScan, source = "serial log"): CompleteScan {
  if (scan.state === "complete") return scan;
  throw new FrameError(`${source}: results are incomplete: ${scan.reason}`);
}
