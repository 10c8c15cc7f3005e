/**
 * The study's rules, as data: each rule has an id and a summary; judging a rule gives findings
 * (errors leave a combination out or fail synth, warnings are reported). The disk rules are in
 * disk-rules.ts, the storage rules in storage-rules.ts.
 */

export type DiskRuleId = "io-native-needs-direct" | "cache-needs-direct-io" | "direct-io-aligned-only" | "ide-needs-pc" | "ide-at-most-four" | "volatile-cache";
export type StorageRuleId = "preallocation-on-zfs" | "pool-without-redundancy" | "sparse-zvol";
export type RuleId = DiskRuleId | StorageRuleId;

/** What each rule is about, in a few words, for lines that group its findings. */
export const RULE_SUMMARIES: Readonly<Record<RuleId, string>> = {
  "io-native-needs-direct": "io=native needs cache=none or directsync",
  "cache-needs-direct-io": "cache=none/directsync need O_DIRECT, which this storage does not honour",
  "direct-io-aligned-only": "a ZFS dataset honours O_DIRECT only for recordsize-aligned I/O: smaller blocks go through the ARC",
  "ide-needs-pc": "IDE exists only on the pc machine",
  "ide-at-most-four": "the pc machine's IDE controller holds at most 4 devices",
  "volatile-cache": "cache=writeback/unsafe keep writes in host RAM: a host crash or power loss can lose them",
  "preallocation-on-zfs": "preallocating an image on a ZFS dataset reserves no space (copy-on-write allocates anew on every write)",
  "pool-without-redundancy": "a ZFS pool striped over several disks is lost with any one of them",
  "sparse-zvol": "a sparse zvol fails the guest's writes when its pool fills up",
};

export interface RuleFinding {
  readonly level: "error" | "warning";
  readonly rule: RuleId;
  /** What is wrong, with the offending values. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

export function formatFinding(subject: string, finding: RuleFinding): string {
  return `${subject}: ${finding.message}. Fix: ${finding.fix}.`;
}
