/** O_DIRECT support by where a file lives. */
import { formatShortSize } from "./size";
import type { DirectIoSupport } from "./storage-facts";

/** A dataset's recordsize when none is set: OpenZFS's default. */
export const ZFS_DEFAULT_RECORDSIZE_BYTES = 128 * 1024;

/** Major and minor of "2.3", "2.3.2-1" (/sys/module/zfs/version) or "zfs-2.3.2-1" (`zfs version`). */
function parseVersion(version: string): [number, number] {
  const match = /(\d+)(?:\.(\d+))?/.exec(version);
  return [Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)];
}

/**
 * O_DIRECT support of files on a ZFS dataset, by OpenZFS version and the dataset's recordsize.
 * (A zvol accepts O_DIRECT, as any block device does, but OpenZFS has no Direct I/O on zvols:
 * their blocks go through the ARC whatever the cache mode; zfsprops(7), `direct`.)
 * OpenZFS 2.3 honours O_DIRECT on a dataset only for I/O aligned to its
 * recordsize; smaller I/O, such as a guest's 4 KiB writes under cache=none, falls back to
 * buffered I/O through the ARC without an error (its `direct_write_count` kstat stays put).
 */
export function zfsDatasetDirectIo(openZfsVersion: string, recordsizeBytes: number = ZFS_DEFAULT_RECORDSIZE_BYTES): DirectIoSupport {
  const [major, minor] = parseVersion(openZfsVersion);
  if (major === 0 && minor < 8) {
    return { support: "no", reason: `ZFS datasets refuse O_DIRECT before OpenZFS 0.8 (host declares ${openZfsVersion})` };
  }
  if (major < 2 || (major === 2 && minor < 3)) {
    return {
      support: "ignored",
      reason: `OpenZFS ${openZfsVersion} accepts O_DIRECT on datasets but ignores it (the ARC still caches); real direct I/O needs 2.3+`,
    };
  }
  return {
    support: "aligned",
    alignmentBytes: recordsizeBytes,
    reason: `OpenZFS ${openZfsVersion} honours O_DIRECT on a dataset only for I/O aligned to its recordsize (${formatShortSize(recordsizeBytes)}); smaller or unaligned I/O silently goes through the ARC`,
  };
}
