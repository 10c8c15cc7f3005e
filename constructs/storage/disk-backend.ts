import { IConstruct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";

/** Where the guest's disk lives, as libvirt sees it. Exactly one variant. */
export type DiskSource =
  | { readonly type: "file"; readonly path: string }
  | { readonly type: "block"; readonly path: string }
  | { readonly type: "volume"; readonly pool: string; readonly volume: string };

export type DiskFormat = "raw" | "qcow2";

/** Whether the storage honours O_DIRECT, which cache=none and cache=directsync need. */
export type DirectIoSupport =
  | { readonly support: "yes" }
  /** Accepted but without effect (OpenZFS 0.8 to 2.2 datasets): a warning. */
  | { readonly support: "ignored"; readonly reason: string }
  /** Refused: QEMU fails to open the disk (FUSE, ZFS datasets before OpenZFS 0.8). */
  | { readonly support: "no"; readonly reason: string };

/** The facts about a backend that the disk-attachment rules need. */
export interface StorageFacts {
  /** File (image) or block device, as the guest's disk source. */
  readonly medium: "file" | "block";
  /** Image format QEMU opens. */
  readonly format: DiskFormat;
  /** Filesystem holding the image file, if the medium is a file. */
  readonly filesystem?: "ext4" | "xfs" | "zfs" | "fuse";
  /** Whether ZFS is anywhere under the disk (dataset or zvol). */
  readonly onZfs: boolean;
  readonly directIo: DirectIoSupport;
  /** Host devices (e.g. /dev/disk/by-id/...) that this backend consumes. */
  readonly hostDevices: readonly string[];
  /** One line for people, e.g. "qcow2 file on ext4 on zvol tank/kvmbench-zvol". */
  readonly summary: string;
}

/**
 * What every storage backend offers a disk attachment: one disk source, the facts the rules
 * need, and what must exist before a guest may use the disk.
 */
export interface IDiskBackend extends IConstruct {
  readonly source: DiskSource;
  readonly facts: StorageFacts;
  /** Resources (host steps, volumes) the guest's domain must depend on. */
  readonly dependables: readonly ITerraformDependable[];
}
