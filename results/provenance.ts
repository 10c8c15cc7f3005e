/**
 * What measured a result: kvmbench's and the benchmark tool's versions, QEMU's, the host and
 * when. A figure means little without them (a kernel, QEMU or ZFS upgrade moves it), so the
 * report prints them with every chart and table.
 */
import type { Accelerator } from "../domain/guest-settings";
import type { HostFacts } from "./result-file";

/** The provenance of one scenario's (or the baseline's) results; absent parts were not recorded. */
export interface RunProvenance {
  readonly kvmbench?: string;
  /** The benchmark tool and its version, e.g. "fio-3.33" or "diskspd 2.2". */
  readonly tool?: string;
  /** QEMU's version, e.g. "7.2.11". */
  readonly qemu?: string;
  readonly host?: string;
  /** The host's OpenZFS version as it recorded it (`host.zfs`), e.g. "2.3.2-1". */
  readonly zfs?: string;
  /** ISO 8601 timestamps. */
  readonly startedAt?: string;
  readonly finishedAt?: string;
}

/** The provenance of a whole study: every distinct value, so a mixed study shows it is mixed. */
export interface StudyProvenance {
  readonly kvmbench: readonly string[];
  readonly tools: readonly string[];
  readonly qemu: readonly string[];
  readonly hosts: readonly string[];
  /** First start and last finish (ISO 8601 dates), when any result recorded them. */
  readonly from?: string;
  readonly to?: string;
  readonly accelerators: readonly Accelerator[];
}

/** "7.2.11" from "QEMU emulator version 7.2.11 (Debian 1:7.2+dfsg-7+deb12u12)"; the text itself when it has no version. */
export function qemuVersion(text: string): string {
  return /version\s+(\S+)/i.exec(text)?.[1] ?? text;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The version fio writes into its JSON output ("fio-3.33"), if `output` is such a document. */
export function fioDocumentVersion(output: unknown): string | undefined {
  return typeof output === "object" && output !== null ? text((output as Record<string, unknown>)["fio version"]) : undefined;
}

/**
 * The provenance a result file records: its tools (kvmbench, the run's tool), host facts and
 * times. `toolOutputVersion` stands in for a tool version `tools` lacks (fio names its own).
 */
export function resultFileProvenance(
  file: { readonly tools?: unknown; readonly host?: unknown; readonly startedAt?: unknown; readonly finishedAt?: unknown },
  toolName: string | undefined,
  toolOutputVersion?: string,
): RunProvenance {
  const tools = typeof file.tools === "object" && file.tools !== null ? (file.tools as Record<string, unknown>) : {};
  const host = typeof file.host === "object" && file.host !== null ? (file.host as HostFacts) : {};
  const provenance: { -readonly [K in keyof RunProvenance]: RunProvenance[K] } = {};
  const kvmbench = text(tools["kvmbench"]);
  if (kvmbench) provenance.kvmbench = kvmbench;
  const toolVersion = (toolName === undefined ? undefined : text(tools[toolName])) ?? toolOutputVersion;
  if (toolName !== undefined && toolVersion !== undefined) {
    provenance.tool = toolVersion.toLowerCase().startsWith(toolName) ? toolVersion : `${toolName} ${toolVersion}`;
  }
  const qemu = text(host.qemu);
  if (qemu) provenance.qemu = qemuVersion(qemu);
  const hostname = text(host.hostname);
  if (hostname) provenance.host = hostname;
  const zfs = text(host.zfs);
  if (zfs) provenance.zfs = zfs;
  const startedAt = text(file.startedAt);
  if (startedAt) provenance.startedAt = startedAt;
  const finishedAt = text(file.finishedAt);
  if (finishedAt) provenance.finishedAt = finishedAt;
  return provenance;
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))].sort();
}

/** Every distinct version, host and accelerator of a study's results, and the dates it spans. */
export function studyProvenance(results: readonly { readonly provenance: RunProvenance; readonly accelerator: Accelerator }[]): StudyProvenance {
  const dates = (key: "startedAt" | "finishedAt") => distinct(results.map((result) => result.provenance[key]?.slice(0, 10)));
  const starts = dates("startedAt");
  const ends = dates("finishedAt");
  return {
    kvmbench: distinct(results.map((result) => result.provenance.kvmbench)),
    tools: distinct(results.map((result) => result.provenance.tool)),
    qemu: distinct(results.map((result) => result.provenance.qemu)),
    hosts: distinct(results.map((result) => result.provenance.host)),
    ...(starts[0] !== undefined ? { from: starts[0] } : {}),
    ...(ends.length > 0 ? { to: ends[ends.length - 1] } : {}),
    accelerators: [...new Set(results.map((result) => result.accelerator))].sort(),
  };
}
