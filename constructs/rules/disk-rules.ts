/**
 * The study's rules for disk attachments, in one place: constructs report them at synth
 * (errors fail synth, warnings become annotations) and the study's matrix expansion uses
 * the same findings to leave out forbidden combinations with their reason.
 */
import { DiskSettings } from "../attachment/disk-settings";
import { StorageFacts } from "../storage/disk-backend";
import type { StorageRuleId } from "./storage-rules";

export type DiskRuleId = "io-native-needs-direct" | "cache-needs-direct-io" | "ide-needs-pc" | "ide-at-most-four" | "volatile-cache";
export type RuleId = DiskRuleId | StorageRuleId;

/** What each rule is about, in a few words, for lines that group its findings. */
export const RULE_SUMMARIES: Readonly<Record<RuleId, string>> = {
  "io-native-needs-direct": "io=native needs cache=none or directsync",
  "cache-needs-direct-io": "cache=none/directsync need O_DIRECT, which this storage does not honour",
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

export const MAX_IDE_DISKS = 4;

const DIRECT_CACHES = new Set(["none", "directsync"]);

/** Judges one attachment's settings against the storage it uses. */
export function checkDiskSettings(settings: DiskSettings, facts: Pick<StorageFacts, "directIo" | "summary">): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const { bus, cache, io, machine } = settings;

  if (io === "native" && !DIRECT_CACHES.has(cache)) {
    findings.push({
      level: "error",
      rule: "io-native-needs-direct",
      message: `io=native with cache=${cache}: QEMU refuses native AIO without O_DIRECT`,
      fix: "use cache=none or cache=directsync with io=native, or io=threads/io_uring with this cache mode",
    });
  }

  if (DIRECT_CACHES.has(cache)) {
    if (facts.directIo.support === "no") {
      findings.push({
        level: "error",
        rule: "cache-needs-direct-io",
        message: `cache=${cache} needs O_DIRECT, which ${facts.summary} does not support: ${facts.directIo.reason}`,
        fix: "use cache=writeback or cache=writethrough on this storage, or put the image on storage with O_DIRECT (zvol, ext4, xfs, OpenZFS 2.3+ dataset)",
      });
    } else if (facts.directIo.support === "ignored") {
      findings.push({
        level: "warning",
        rule: "cache-needs-direct-io",
        message: `cache=${cache} on ${facts.summary}: ${facts.directIo.reason}; results will include host caching`,
        fix: "upgrade to OpenZFS 2.3+ (and declare it), or use a zvol for a true direct-I/O measurement",
      });
    }
  }

  if (bus === "ide" && machine !== "pc") {
    findings.push({
      level: "error",
      rule: "ide-needs-pc",
      message: `bus=ide on machine=${machine}: only the pc (i440fx) machine has an IDE controller`,
      fix: "use machine=pc for IDE disks, or bus=sata on q35",
    });
  }

  if (cache === "unsafe" || cache === "writeback") {
    findings.push({
      level: "warning",
      rule: "volatile-cache",
      message:
        cache === "unsafe"
          ? "cache=unsafe ignores the guest's flushes: a host crash or power loss loses data the guest believes is on disk"
          : "cache=writeback keeps writes in host RAM until the guest flushes: a host crash or power loss can lose them",
      fix: "run the host on a UPS with a clean-shutdown daemon, or use cache=none for data that must survive a crash",
    });
  }
  return findings;
}

/** IDE has two channels with two devices each. */
export function checkIdeCount(ideDisks: number): RuleFinding[] {
  if (ideDisks <= MAX_IDE_DISKS) return [];
  return [
    {
      level: "error",
      rule: "ide-at-most-four",
      message: `${ideDisks} IDE disks: the pc machine's IDE controller holds at most ${MAX_IDE_DISKS} devices (including CD-ROMs)`,
      fix: "attach the extra disks on virtio or sata",
    },
  ];
}

export function formatFinding(subject: string, finding: RuleFinding): string {
  return `${subject}: ${finding.message}. Fix: ${finding.fix}.`;
}
