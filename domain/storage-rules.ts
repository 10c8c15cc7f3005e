/**
 * The study's warnings about storage layouts, in one place: the storage constructs report them
 * at synth and the study's expansion attaches the same findings to the scenarios they concern
 * (so `kvmbench list` can name them before anything is built).
 */
import type { RuleFinding } from "./rules";

/** Preallocating an image on a ZFS dataset. */
export function checkImagePreallocation(filesystem: string | undefined, preallocation: string): RuleFinding[] {
  if (filesystem !== "zfs" || (preallocation !== "falloc" && preallocation !== "full")) return [];
  return [
    {
      level: "warning",
      rule: "preallocation-on-zfs",
      message: `preallocation=${preallocation} on a ZFS dataset reserves no space for later writes (copy-on-write allocates anew on every write), and with compression on the zeros are not even stored`,
      fix: "use preallocation=off on ZFS datasets, unless the study preallocates every image to compare like with like",
    },
  ];
}

/** A pool that stripes several disks. */
export function checkPoolRedundancy(layout: string, deviceCount: number): RuleFinding[] {
  if (layout !== "single" || deviceCount < 2) return [];
  return [
    {
      level: "warning",
      rule: "pool-without-redundancy",
      message: `the pool stripes ${deviceCount} disks without redundancy: losing one loses the pool`,
      fix: "use topology mirror or raidz1..3 for data that must survive a disk failure",
    },
  ];
}

/** A thin-provisioned zvol. */
export function checkZvolSparse(sparse: boolean): RuleFinding[] {
  if (!sparse) return [];
  return [
    {
      level: "warning",
      rule: "sparse-zvol",
      message: "the zvol is sparse: writes fail in the guest if the pool fills up",
      fix: "leave sparse off (the default) unless the pool has room for every zvol in full",
    },
  ];
}
