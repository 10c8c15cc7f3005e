/**
 * The result file: the contract between the benchmark runner (which writes one per scenario,
 * and one for the baseline) and the report (which reads a directory of them).
 *
 * A results directory holds `<scenario>.json` for each scenario and `baseline.json`.
 */

export const RESULT_FORMAT = "kvmbench-result";
export const RESULT_FORMAT_VERSION = 1;
export { BASELINE_NAME } from "../domain/scenario-names";

/** Facts about the host a result was measured on; absent when it could not be read. */
export interface HostFacts {
  readonly hostname?: string;
  readonly kernel?: string;
  readonly qemu?: string;
  readonly libvirt?: string;
  readonly zfs?: string;
  readonly cpu?: string;
  readonly memoryBytes?: number;
  /** The ZFS dataset or zvol under the disk under test (absent when the disk is not on ZFS). */
  readonly zfsDataset?: ZfsDatasetFacts;
}

/**
 * A ZFS dataset's or zvol's properties as `zfs get -p` gave them when the benchmark started; a
 * property the host's OpenZFS lacks, or that does not apply (`direct` on a zvol, `recordsize` on
 * a zvol, `volblocksize` on a dataset), is absent.
 */
export interface ZfsDatasetFacts {
  /** pool/name */
  readonly name: string;
  readonly type?: "filesystem" | "volume";
  /** OpenZFS 2.3's Direct I/O setting: "standard" (O_DIRECT honoured for aligned I/O), "always" or "disabled". */
  readonly direct?: string;
  /** Bytes (datasets). */
  readonly recordsize?: number;
  /** Bytes (zvols). */
  readonly volblocksize?: number;
  readonly compression?: string;
  readonly sync?: string;
}

/** What was done to the host's caches before the benchmark started. */
export interface CacheRecord {
  readonly pageCacheDropped: boolean;
  /** What was done to the ZFS ARC, in words (absent without ZFS). */
  readonly zfsArc?: string;
  /** The ARC's size in bytes after the first drop and once the shrink was over (absent without ZFS). */
  readonly zfsArcBytes?: { readonly before: number; readonly after: number };
}

/** One repeat of the benchmark: the tool's own output, unmodified. */
export type BenchmarkRun =
  /** `output` is fio's `--output-format=json` document (fio 3.x). */
  | { readonly repeat: number; readonly tool: "fio"; readonly output: unknown }
  /**
   * `output` is DiskSpd's `-Rxml` document. DiskSpd runs one test per invocation, so a repeat
   * has one run per profile test; `test` names it (e.g. "rand-read-4k").
   */
  | { readonly repeat: number; readonly tool: "diskspd"; readonly output: string; readonly test?: string };

/** The tools whose output a result file holds (benchmark-tools/registry.ts has one module each). */
export type ToolName = BenchmarkRun["tool"];

/** Facts the runner reported from inside the guest (absent for the baseline, or when unknown). */
export interface GuestFacts {
  readonly kernel?: string;
  readonly os?: string;
  /** Serial the disk under test was found by. */
  readonly diskSerial?: string;
  /** The device the serial resolved to, e.g. /dev/vdb. */
  readonly diskDevice?: string;
  readonly diskBytes?: number;
  /** Whether the guest's own page cache was dropped before each repeat. */
  readonly pageCacheDropped?: boolean;
}

export interface ResultFile {
  readonly format: typeof RESULT_FORMAT;
  readonly version: typeof RESULT_FORMAT_VERSION;
  /** Stack name of the scenario, or "baseline". */
  readonly scenario: string;
  readonly kind: "scenario" | "baseline";
  /** The scenario's full configuration: storage, attachment, guest, benchmark profile. */
  readonly configuration: Record<string, unknown>;
  readonly host: HostFacts;
  /** Versions of the tools involved, e.g. { fio: "fio-3.33", kvmbench: "0.1.0", guestKernel: "6.1.0" }. */
  readonly tools: Record<string, string>;
  /** What was done to host caches before the benchmark started. */
  readonly caches: CacheRecord;
  /** Facts from inside the guest (or, for the baseline, about the device on the host). */
  readonly guest?: GuestFacts;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly runs: readonly BenchmarkRun[];
}
