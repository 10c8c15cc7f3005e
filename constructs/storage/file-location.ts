import { IConstruct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";
import { Host } from "../host/host";
import type { DirectIoSupport } from "./disk-backend";

/** What a place that holds disk images as files tells the disks made there (a directory, a libvirt pool). */
export interface IImageStore extends IConstruct {
  readonly host: Host;
  /** The filesystem holding the files. */
  readonly filesystem: "ext4" | "xfs" | "zfs";
  /** Whether ZFS is underneath (a dataset, or ext4/xfs on a zvol). */
  readonly onZfs: boolean;
  /** Whether files here honour O_DIRECT. */
  readonly directIo: DirectIoSupport;
  /** The whole host disks underneath (empty when kvmbench does not know them). */
  readonly hostDevices: readonly string[];
  /** What must exist before files can be created here. */
  readonly dependables: readonly ITerraformDependable[];
  /** For people, e.g. "ext4 on zvol kvmbench/fs". */
  readonly description: string;
}

/** A directory on the host where disk images can live: a mounted ext4/xfs, a ZFS dataset, a dir pool. */
export interface IFileLocation extends IImageStore {
  /** Absolute directory on the host. */
  readonly directory: string;
}
