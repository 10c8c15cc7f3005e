/**
 * The result file of a disk check (a study with `benchmark.mode: check`): in place of
 * measurements, what the check found of the disk under test in the running domain. Same name
 * (`<scenario>.json`), format and version as a measurement's ResultFile, with `kind: "check"`.
 */
import type { HostFacts, ResultFile } from "./result-file";
import { RESULT_FORMAT, RESULT_FORMAT_VERSION } from "./result-file";

/** One thing the check compared. */
export interface CheckFinding {
  /** What was compared, e.g. "cache in the domain XML". */
  readonly what: string;
  readonly expected: string;
  readonly found: string;
  readonly ok: boolean;
}

/** What the check recorded on the host, as recorded (docs/runner.md, "Disk checks"). */
export interface DiskCheckRecords {
  /** `virsh dumpxml` of the running domain. */
  readonly domainXml: string;
  /** `virsh domblklist --details`. */
  readonly blockList: string;
  /** QEMU's answer to QMP `query-block`. */
  readonly queryBlock: string;
  /** `<alias> <qom-get reply>` for each disk's device: its write-cache property. */
  readonly writeCache: string;
  /** The QEMU process: when and in which state it was checked, the disks' sources resolved, its open files. */
  readonly qemuProcess: string;
}

export interface DiskCheck {
  /** The libvirt domain checked. */
  readonly domain: string;
  /** Every finding is ok. */
  readonly ok: boolean;
  readonly findings: readonly CheckFinding[];
  readonly records: DiskCheckRecords;
}

export interface CheckResultFile {
  readonly format: typeof RESULT_FORMAT;
  readonly version: typeof RESULT_FORMAT_VERSION;
  /** Stack name of the scenario. */
  readonly scenario: string;
  readonly kind: "check";
  /** The scenario's full configuration: storage, attachment, guest, benchmark. */
  readonly configuration: Record<string, unknown>;
  readonly host: HostFacts;
  /** What was done to host caches before the guest started. */
  readonly caches: ResultFile["caches"];
  /** When the check recorded the disks (the host's clock, UTC), when it said. */
  readonly checkedAt?: string;
  readonly check: DiskCheck;
}

/** What a results directory holds for one stack. */
export type AnyResultFile = ResultFile | CheckResultFile;
