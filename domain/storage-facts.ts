/** What the rules know about the storage under a disk: the facts a study derives from its storage specs and the storage constructs state about themselves. */

/** Image formats QEMU opens. */
export type DiskFormat = "raw" | "qcow2";

/** Whether the storage honours O_DIRECT, which cache=none and cache=directsync need. */
export type DirectIoSupport =
  | { readonly support: "yes" }
  /** Accepted but without effect (OpenZFS 0.8 to 2.2 datasets): a warning. */
  | { readonly support: "ignored"; readonly reason: string }
  /**
   * Honoured only for I/O aligned to `alignmentBytes`; smaller or unaligned I/O silently goes
   * through the page cache or ARC (OpenZFS 2.3+ datasets: the recordsize): a warning.
   */
  | { readonly support: "aligned"; readonly alignmentBytes: number; readonly reason: string }
  /** Refused: QEMU fails to open the disk (FUSE, ZFS datasets before OpenZFS 0.8). */
  | { readonly support: "no"; readonly reason: string };

/** The filesystems an image file can live on. */
export type ImageFilesystem = "ext4" | "xfs" | "zfs" | "fuse";

/** The facts about a backend that the disk-attachment rules need. */
export interface StorageFacts {
  /** File (image) or block device, as the guest's disk source. */
  readonly medium: "file" | "block";
  /** Image format QEMU opens. */
  readonly format: DiskFormat;
  /** Filesystem holding the image file, if the medium is a file. */
  readonly filesystem?: ImageFilesystem;
  /** Whether ZFS is anywhere under the disk (dataset or zvol). */
  readonly onZfs: boolean;
  readonly directIo: DirectIoSupport;
  /** Host devices (e.g. /dev/disk/by-id/...) that this backend consumes. */
  readonly hostDevices: readonly string[];
  /** One line for people, e.g. "qcow2 file on ext4 on zvol tank/kvmbench-zvol". */
  readonly summary: string;
}
