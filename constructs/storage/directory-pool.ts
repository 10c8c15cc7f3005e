import { Construct } from "constructs";
import { ITerraformDependable } from "../core/cdktf";
import { LibvirtPool } from "../core/libvirt";
import { Host } from "../host/host";
import { zfsDatasetDirectIo } from "../../domain/direct-io";
import { DirectIoSupport } from "./disk-backend";
import { IFileLocation } from "./file-location";
import { checkHostName } from "./ownership";
import { IStoragePool } from "./storage-pool";

/** The filesystems a directory pool's directory may be on. */
const POOL_FILESYSTEMS: ReadonlyArray<IStoragePool["filesystem"]> = ["ext4", "xfs", "zfs"];

/** A libvirt directory pool already on the host, for `DirectoryPool.fromName`. */
export interface ExistingDirectoryPoolProps {
  /** The host the pool is on. */
  readonly host: Host;
  /** libvirt pool name, as `virsh pool-list` shows it, e.g. "default". */
  readonly name: string;
  /**
   * The filesystem the pool's directory is on (`findmnt --target <pool path>`). kvmbench cannot
   * see it at synth time. The disk rules judge O_DIRECT (cache=none, directsync) by it: files on
   * ext4 and xfs support it, files on a ZFS dataset only from OpenZFS 2.3 (the host's
   * `openZfsVersion`). Say "zfs" when the directory is on a ZFS dataset.
   * @default "ext4"
   */
  readonly filesystem?: "ext4" | "xfs" | "zfs";
}

export interface DirectoryPoolProps {
  /** Where the pool lives: a mounted Filesystem or a ZfsDataset. */
  readonly location: IFileLocation;
  /** libvirt pool name. @default "kvmbench-<construct id>" */
  readonly name?: string;
}

/**
 * A libvirt `dir` storage pool on a mounted filesystem or ZFS dataset, so libvirt (virsh,
 * virt-manager) sees the images kvmbench puts there. It is itself a place for DiskImages.
 */
export class DirectoryPool extends Construct implements IFileLocation, IStoragePool {
  /**
   * A libvirt storage pool of type `dir` that is already on the host (such as the pool
   * `default`, /var/lib/libvirt/images), for `PoolVolume`s. kvmbench defines, starts, stops and
   * deletes nothing of the pool: only the volumes made in it are this stack's.
   */
  public static fromName(scope: Construct, id: string, props: ExistingDirectoryPoolProps): IStoragePool {
    return new ExistingDirectoryPool(scope, id, props);
  }

  public readonly host: Host;
  public readonly location: IFileLocation;
  public readonly name: string;
  public readonly directory: string;
  public readonly filesystem: "ext4" | "xfs" | "zfs";
  public readonly onZfs: boolean;
  public readonly directIo: DirectIoSupport;
  public readonly hostDevices: readonly string[];
  public readonly description: string;
  /** Escape hatch: the libvirt pool. */
  public readonly pool: LibvirtPool;
  public readonly dependables: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: DirectoryPoolProps) {
    super(scope, id);
    const where = props.location;
    this.location = where;
    this.host = where.host;
    this.name = props.name ?? `kvmbench-${id}`;
    this.directory = where.directory;
    this.filesystem = where.filesystem;
    this.onZfs = where.onZfs;
    this.directIo = where.directIo;
    this.hostDevices = where.hostDevices;
    this.description = where.description;
    this.pool = new LibvirtPool(this, "pool", {
      provider: this.host.provider,
      name: this.name,
      type: "dir",
      target: { path: this.directory },
      dependsOn: [...where.dependables],
    });
    this.dependables = [...where.dependables, this.pool];
    this.node.addValidation({ validate: () => checkHostName("libvirt pool name", this.name) });
  }
}

/** A directory pool already on the host (see `DirectoryPool.fromName`): nothing to define, nothing to wait for. */
class ExistingDirectoryPool extends Construct implements IStoragePool {
  public readonly host: Host;
  public readonly name: string;
  public readonly filesystem: "ext4" | "xfs" | "zfs";
  public readonly onZfs: boolean;
  public readonly directIo: DirectIoSupport;
  public readonly hostDevices: readonly string[] = [];
  public readonly dependables: readonly ITerraformDependable[] = [];
  public readonly description: string;

  constructor(scope: Construct, id: string, props: ExistingDirectoryPoolProps) {
    super(scope, id);
    this.host = props.host;
    this.name = props.name;
    this.filesystem = props.filesystem ?? "ext4";
    this.onZfs = this.filesystem === "zfs";
    this.directIo = this.onZfs ? zfsDatasetDirectIo(props.host.openZfsVersion) : { support: "yes" };
    this.description = this.filesystem;
    this.node.addValidation({ validate: () => this.checkProps() });
  }

  private checkProps(): string[] {
    const errors = checkHostName("libvirt pool name", this.name);
    if (!POOL_FILESYSTEMS.includes(this.filesystem)) {
      errors.push(`libvirt pool ${this.name}: filesystem "${String(this.filesystem)}" must be ext4, xfs or zfs (the filesystem the pool's directory is on)`);
    }
    return errors;
  }
}
