import { Construct } from "constructs";
import { ITerraformDependable } from "../core/cdktf";
import { LibvirtPool } from "../core/libvirt";
import { Host } from "../host/host";
import { DirectIoSupport } from "./disk-backend";
import { IFileLocation } from "./file-location";
import { checkHostName } from "./ownership";

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
export class DirectoryPool extends Construct implements IFileLocation {
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
