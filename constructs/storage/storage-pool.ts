import { IConstruct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";
import type { Host } from "../host/host";
import type { DirectIoSupport } from "./disk-backend";

/**
 * A libvirt storage pool whose volumes are files in a directory (`virsh pool-list`): what a
 * `PoolVolume` needs of the pool it goes in. A pool kvmbench defines (`DirectoryPool`) or one
 * already on the host (`DirectoryPool.fromName`).
 */
export interface IStoragePool extends IConstruct {
  /** The host the pool is on. */
  readonly host: Host;
  /** libvirt pool name. */
  readonly name: string;
  /** The filesystem holding the pool's directory. */
  readonly filesystem: "ext4" | "xfs" | "zfs";
  /** Whether ZFS is underneath (a dataset, or ext4/xfs on a zvol). */
  readonly onZfs: boolean;
  /** Whether files in the pool honour O_DIRECT. */
  readonly directIo: DirectIoSupport;
  /** The whole host disks underneath (empty when kvmbench does not know them). */
  readonly hostDevices: readonly string[];
  /** What must exist before volumes are made in the pool. */
  readonly dependables: readonly ITerraformDependable[];
  /** For people: what the pool's directory is on, e.g. "ext4 on zvol kvmbench/fs". */
  readonly description: string;
}
