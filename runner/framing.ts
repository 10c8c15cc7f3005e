import { createHash } from "node:crypto";

/**
 * The line-based frame format the runner writes to a serial port and the host reads back.
 * Every record is one line, so console noise between records (and `\r` added by a tty)
 * does not break it:
 *
 *   KVMBENCH-START <session> v1
 *   KVMBENCH-BEGIN <session> <seq> <name> <bytes> <sha256>
 *   <payload as base64, 76 characters a line>
 *   KVMBENCH-END <session> <seq>
 *   ... more frames, seq = 1, 2, 3 ...
 *   KVMBENCH-DONE <session> <frames> <ok|failed>
 *
 * `session` identifies one run of the script (a rerun appends a new session; the reader uses
 * the last one), `bytes` and `sha256` are the decoded payload's length and hex digest.
 * The shell writer is `runner/guest/run-benchmark.sh`; the PowerShell one is in
 * `runner/windows-user-data.ts`; this module is the reference writer and the parser.
 */
export const FRAME_VERSION = "v1";
/** Width of the base64 lines. */
export const FRAME_LINE_WIDTH = 76;

/** Names of the frames the runners write. */
export const FRAME_NAMES = {
  /** JSON `GuestInfo` (see collect.ts): versions, device, timestamps. Written last before DONE. */
  info: "info",
  /** Text: why the run failed. */
  error: "error",
} as const;

/** Frame name of the tool output of a repeat (1-based): `run-<n>`, or `run-<n>-<test>` for DiskSpd. */
export function runFrameName(repeat: number, test?: string): string {
  return test ? `run-${repeat}-${test}` : `run-${repeat}`;
}

/** Status in the DONE record: did every repeat complete. */
export type DoneStatus = "ok" | "failed";

/** A record line, parsed. */
export type FrameRecord =
  | { readonly kind: "start"; readonly session: string; readonly version: string }
  | {
      readonly kind: "begin";
      readonly session: string;
      readonly seq: number;
      readonly name: string;
      readonly bytes: number;
      readonly sha256: string;
    }
  | { readonly kind: "end"; readonly session: string; readonly seq: number }
  | { readonly kind: "done"; readonly session: string; readonly frames: number; readonly status: DoneStatus };

const TOKEN = "[A-Za-z0-9._:-]+";
const START = new RegExp(`^KVMBENCH-START (${TOKEN}) (v\\d+)$`);
const BEGIN = new RegExp(`^KVMBENCH-BEGIN (${TOKEN}) (\\d+) (${TOKEN}) (\\d+) ([0-9a-f]{64})$`);
const END = new RegExp(`^KVMBENCH-END (${TOKEN}) (\\d+)$`);
const DONE = new RegExp(`^KVMBENCH-DONE (${TOKEN}) (\\d+) (ok|failed)$`);
/** Any line that claims to be a record, well-formed or not. */
export const RECORD_PREFIX = /^KVMBENCH-(START|BEGIN|END|DONE)\b/;

/**
 * Parses one line (without its line break; a trailing `\r` is ignored) as a record.
 * Returns undefined for a line that is not a well-formed record.
 */
export function parseRecord(line: string): FrameRecord | undefined {
  const text = line.replace(/\r+$/, "");
  let m = START.exec(text);
  if (m) return { kind: "start", session: m[1], version: m[2] };
  m = BEGIN.exec(text);
  if (m) return { kind: "begin", session: m[1], seq: Number(m[2]), name: m[3], bytes: Number(m[4]), sha256: m[5] };
  m = END.exec(text);
  if (m) return { kind: "end", session: m[1], seq: Number(m[2]) };
  m = DONE.exec(text);
  if (m) return { kind: "done", session: m[1], frames: Number(m[2]), status: m[3] as DoneStatus };
  return undefined;
}

/** Hex SHA-256 of a payload. */
export function sha256Hex(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** One frame as text: BEGIN line, base64 lines, END line (each ending in "\n"). */
export function encodeFrame(session: string, seq: number, name: string, payload: Buffer | string): string {
  const data = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const b64 = data.toString("base64");
  const lines: string[] = [`KVMBENCH-BEGIN ${session} ${seq} ${name} ${data.length} ${sha256Hex(data)}`];
  for (let i = 0; i < b64.length; i += FRAME_LINE_WIDTH) lines.push(b64.slice(i, i + FRAME_LINE_WIDTH));
  lines.push(`KVMBENCH-END ${session} ${seq}`);
  return lines.join("\n") + "\n";
}

/** A whole session as text: START, the frames numbered from 1, DONE. */
export function encodeSession(
  session: string,
  frames: ReadonlyArray<{ readonly name: string; readonly payload: Buffer | string }>,
  status: DoneStatus = "ok",
): string {
  return (
    `KVMBENCH-START ${session} ${FRAME_VERSION}\n` +
    frames.map((f, i) => encodeFrame(session, i + 1, f.name, f.payload)).join("") +
    `KVMBENCH-DONE ${session} ${frames.length} ${status}\n`
  );
}
