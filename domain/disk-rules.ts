/**
 * The rules for disk attachments: the study's matrix expansion judges every combination with
 * them (leaving out what they forbid, with the reason), and the DiskAttachment construct judges
 * the disks it is given when nobody judged them before.
 */
import { CACHE_BEHAVIOUR } from "./cache-modes";
import type { DiskSettings } from "./disk-settings";
import { HDTUNE } from "./profiles";
import type { RuleFinding } from "./rules";
import { formatSize } from "./size";
import type { StorageFacts } from "./storage-facts";

export const MAX_IDE_DISKS = 4;

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Judges one attachment's settings against the storage it uses. */
export function checkDiskSettings(settings: DiskSettings, facts: Pick<StorageFacts, "directIo" | "summary">): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const { bus, cache, io, machine } = settings;

  const { direct } = CACHE_BEHAVIOUR[cache];
  if (io === "native" && !direct) {
    findings.push({
      level: "error",
      rule: "io-native-needs-direct",
      message: `io=native with cache=${cache}: QEMU refuses native AIO without O_DIRECT`,
      fix: "use cache=none or cache=directsync with io=native, or io=threads/io_uring with this cache mode",
    });
  }

  if (direct) {
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
        fix: "upgrade to OpenZFS 2.3+ (and declare it), or read these results as cached (a zvol does not avoid it: OpenZFS has no Direct I/O on zvols, their blocks go through the ARC)",
      });
    } else if (facts.directIo.support === "aligned") {
      const { alignmentBytes } = facts.directIo;
      const below = [...new Set(HDTUNE.tests.map((t) => t.blockSize))].filter((bytes) => bytes < alignmentBytes);
      findings.push({
        level: "warning",
        rule: "direct-io-aligned-only",
        message:
          `cache=${cache} on ${facts.summary}: ${facts.directIo.reason}` +
          (below.length ? `: the hdtune profile's tests with ${listed(below.map(formatSize))} blocks measure the ARC, not the disk` : ""),
        fix: "read those tests as cached, or set the dataset's recordsize to the smallest block size of interest before the image is made (recordsize=4K costs compression and metadata); a zvol does not avoid it (OpenZFS has no Direct I/O on zvols, their blocks go through the ARC)",
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
