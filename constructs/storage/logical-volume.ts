import { Construct } from "constructs";
import { formatLvmSize, sizeText, toSize, type SizeLike } from "../../domain/size";
import { IBlockDevice } from "./block-device";
import { DiskSource, IDiskBackend, StorageFacts } from "./disk-backend";
import { HostObject } from "./host-object";
import type { ILvmVolumeGroup } from "./lvm-volume-group";
import { checkHostName, LVM_NAME, ownerMark, ownerTagProblems } from "./ownership";
import { DEFAULT_LOGICAL_VOLUME, lvmNameProblems } from "../../domain/host-name-limits";
import { readableSize } from "./sizes";

export interface LogicalVolumeProps {
  /** The volume group: an LvmVolumeGroup, or an existing group from `LvmVolumeGroup.fromName`. */
  readonly volumeGroup: ILvmVolumeGroup;
  /** Logical volume name. @default "vm" */
  readonly name?: string;
  /** Size, e.g. "100GiB". */
  readonly size: SizeLike;
}

/**
 * An LVM logical volume (`lvcreate --addtag kvmbench:owner=<stack>`): a block device at
 * /dev/<vg>/<lv> for a guest (raw) or for a filesystem. Teardown removes it only when it
 * carries this stack's tag.
 */
export class LogicalVolume extends HostObject implements IBlockDevice, IDiskBackend {
  public readonly volumeGroup: ILvmVolumeGroup;
  public readonly name: string;
  /** The tag that marks the volume as this stack's. */
  public readonly tag: string;
  public readonly devicePath: string;
  public readonly hostDevices: readonly string[];
  public readonly isHostDisk = false;
  public readonly onZfs = false;
  public readonly description: string;
  public readonly source: DiskSource;
  public readonly facts: StorageFacts;
  /** The `lvcreate` command line, one argument per element. */
  public readonly createCommand: readonly string[];
  private readonly props: LogicalVolumeProps;

  constructor(scope: Construct, id: string, props: LogicalVolumeProps) {
    super(scope, id, props.volumeGroup.host);
    this.props = props;
    const vg = props.volumeGroup;
    this.volumeGroup = vg;
    this.name = props.name ?? DEFAULT_LOGICAL_VOLUME;
    this.tag = ownerMark(this);
    this.devicePath = `/dev/${vg.name}/${this.name}`;
    this.hostDevices = vg.hostDevices;
    this.description = `logical volume ${vg.name}/${this.name}`;
    const size = toSize(props.size);
    this.createCommand = [
      "lvm",
      "lvcreate",
      "--yes",
      "--addtag",
      this.tag,
      "--name",
      this.name,
      "--size",
      size.ok ? formatLvmSize(size.size.bytes) : sizeText(props.size),
      vg.name,
    ];
    this.createStep({
      script: "lvm-logical-volume.sh",
      environment: { VG: vg.name, LV: this.name, TAG: this.tag, DEVICE: this.devicePath, CREATE_COMMAND: this.createCommand.join("\n") },
      dependsOn: vg.dependables,
    });
    this.source = { type: "block", path: this.devicePath };
    this.facts = {
      medium: "block",
      format: "raw",
      onZfs: false,
      directIo: { support: "yes" },
      hostDevices: this.hostDevices,
      summary: `LVM logical volume ${vg.name}/${this.name} (${readableSize(props.size)})`,
    };
  }

  protected checkProps(): string[] {
    const errors = [...checkHostName("logical volume name", this.name, LVM_NAME), ...lvmNameProblems(this.volumeGroup.name, this.name)];
    const size = toSize(this.props.size);
    if (!size.ok) errors.push(`logical volume ${this.volumeGroup.name}/${this.name}: size ${size.error}`);
    else if (size.size.bytes < 512 || size.size.bytes % 512 !== 0) errors.push(`logical volume ${this.volumeGroup.name}/${this.name}: size ${sizeText(this.props.size)} must be a positive multiple of 512 bytes`);
    errors.push(...ownerTagProblems(this.tag));
    return errors;
  }
}
