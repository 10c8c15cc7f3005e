import { Construct } from "constructs";
import { hostMountpoint } from "../../domain/locations";
import { IBlockDevice } from "./block-device";
import { DirectIoSupport } from "./disk-backend";
import { IFileLocation } from "./file-location";
import { ownedUuid } from "./ownership";
import { mkfsOptionProblems, mountOptionProblems, type FilesystemType } from "../../domain/filesystem-options";
import { workdirProblem } from "../../domain/host-values";
import { HostObject } from "./host-object";
import { lines } from "./scripts";

export type { FilesystemType };

export interface FilesystemProps {
  /** The block device: a host disk (BlockDevice), a Zvol or a LogicalVolume. */
  readonly device: IBlockDevice;
  /** ext4 or xfs. */
  readonly type: FilesystemType;
  /**
   * Extra mkfs options, e.g. ["-E", "lazy_itable_init=0"] for ext4 or ["-K"] for xfs: only the
   * options of domain/filesystem-options.ts, none naming a path or device. @default - none
   */
  readonly mkfsOptions?: readonly string[];
  /** Mount options, one per item, e.g. ["noatime"] (the allowlist of domain/filesystem-options.ts). @default ["noatime"] */
  readonly mountOptions?: readonly string[];
  /** Where to mount it. @default "<host workdir>/mnt/<construct id>" */
  readonly mountpoint?: string;
  /** Filesystem label (ext4: 16 characters at most, xfs: 12). @default "kvmbench" */
  readonly label?: string;
  /** Erase the device if it carries any signature (an old filesystem, a partition table). @default false */
  readonly wipe?: boolean;
}

/**
 * An ext4 or xfs filesystem made by mkfs on a disk, zvol or LV, and mounted on the host.
 * kvmbench's mark is the filesystem UUID, fixed per stack and construct: a second create
 * finds it and changes nothing; teardown unmounts and erases only a filesystem with that
 * UUID, leaving the device blank.
 */
export class Filesystem extends HostObject implements IFileLocation {
  public readonly device: IBlockDevice;
  public readonly filesystem: FilesystemType;
  /** The mountpoint. */
  public readonly directory: string;
  /** The UUID mkfs gives the filesystem: kvmbench's marker. */
  public readonly uuid: string;
  public readonly onZfs: boolean;
  public readonly directIo: DirectIoSupport = { support: "yes" };
  public readonly hostDevices: readonly string[];
  public readonly description: string;
  /** The mkfs command line, one argument per element. */
  public readonly mkfsCommand: readonly string[];
  /** The mount command line, one argument per element. */
  public readonly mountCommand: readonly string[];
  private readonly props: FilesystemProps;

  constructor(scope: Construct, id: string, props: FilesystemProps) {
    super(scope, id, props.device.host);
    this.props = props;
    this.device = props.device;
    this.filesystem = props.type;
    this.directory = props.mountpoint ?? hostMountpoint(this.host.workdir, id);
    this.uuid = ownedUuid(this);
    this.onZfs = props.device.onZfs;
    this.hostDevices = props.device.hostDevices;
    this.description = `${props.type} on ${props.device.description}`;
    const label = props.label ?? "kvmbench";
    const dev = props.device.devicePath;
    const extra = props.mkfsOptions ?? [];
    this.mkfsCommand =
      props.type === "ext4"
        ? ["mkfs.ext4", "-q", "-U", this.uuid, "-L", label, ...extra, dev]
        : ["mkfs.xfs", "-q", "-m", `uuid=${this.uuid}`, "-L", label, ...extra, dev];
    const mountOptions = props.mountOptions ?? ["noatime"];
    this.mountCommand = ["mount", "-t", props.type, ...(mountOptions.length ? ["-o", mountOptions.join(",")] : []), dev, this.directory];
    this.createStep({
      script: "filesystem.sh",
      environment: {
        DEVICE: dev,
        FS_TYPE: props.type,
        FS_UUID: this.uuid,
        MKFS_COMMAND: lines(this.mkfsCommand),
        MOUNT_COMMAND: lines(this.mountCommand),
        MOUNTPOINT: this.directory,
        WIPE: props.wipe ? "1" : "0",
        LOCK_DEVICES: props.device.isHostDisk ? dev : "",
      },
      dependsOn: props.device.dependables,
    });
  }

  protected checkProps(): string[] {
    const p = this.props;
    const errors: string[] = [];
    const what = `${p.type} filesystem on ${p.device.description}`;
    if (p.type !== "ext4" && p.type !== "xfs") errors.push(`filesystem type "${String(p.type)}" must be ext4 or xfs`);
    const label = p.label ?? "kvmbench";
    const maxLabel = p.type === "xfs" ? 12 : 16;
    if (label.length > maxLabel || !/^[A-Za-z0-9_.-]*$/.test(label)) errors.push(`${what}: label "${label}" must be at most ${maxLabel} letters, digits, _ . -`);
    if (p.type === "ext4" || p.type === "xfs") {
      for (const problem of mkfsOptionProblems(p.type, p.mkfsOptions ?? [])) errors.push(`${what}: mkfsOptions[${problem.index}]: ${problem.message}`);
      for (const problem of mountOptionProblems(p.type, p.mountOptions ?? [])) errors.push(`${what}: mountOptions[${problem.index}]: ${problem.message}`);
    }
    const directoryProblem = workdirProblem(this.directory, "mountpoint");
    if (directoryProblem) errors.push(`${what}: ${directoryProblem}`);
    return errors;
  }
}
