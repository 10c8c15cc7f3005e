import { Construct } from "constructs";
import { ITerraformDependable } from "../core/cdktf";
import { formatLvmSize, formatSize, tryParseSize } from "../../domain/size";
import { Host } from "../host/host";
import { HostStep } from "../host/host-step";
import { IBlockDevice } from "./block-device";
import { DiskSource, IDiskBackend, StorageFacts } from "./disk-backend";
import { LvmVolumeGroup } from "./lvm-volume-group";
import { checkHostName } from "./ownership";
import { storageScript } from "./scripts";

export interface LogicalVolumeProps {
  /** The volume group. */
  readonly volumeGroup: LvmVolumeGroup;
  /** Logical volume name. @default "vm" */
  readonly name?: string;
  /** Size, e.g. "100GiB". */
  readonly size: string;
}

/**
 * An LVM logical volume (`lvcreate --addtag kvmbench:owner=<stack>`): a block device at
 * /dev/<vg>/<lv> for a guest (raw) or for a filesystem. Teardown removes it only when it
 * carries this stack's tag.
 */
export class LogicalVolume extends Construct implements IBlockDevice, IDiskBackend {
  public readonly host: Host;
  public readonly volumeGroup: LvmVolumeGroup;
  public readonly name: string;
  public readonly devicePath: string;
  public readonly hostDevices: readonly string[];
  public readonly isHostDisk = false;
  public readonly onZfs = false;
  public readonly description: string;
  public readonly source: DiskSource;
  public readonly facts: StorageFacts;
  /** The `lvcreate` command line, one argument per element. */
  public readonly createCommand: readonly string[];
  /** Escape hatch: the host step. */
  public readonly step: HostStep;
  public readonly dependables: readonly ITerraformDependable[];
  private readonly props: LogicalVolumeProps;

  constructor(scope: Construct, id: string, props: LogicalVolumeProps) {
    super(scope, id);
    this.props = props;
    const vg = props.volumeGroup;
    this.volumeGroup = vg;
    this.host = vg.host;
    this.name = props.name ?? "vm";
    this.devicePath = `/dev/${vg.name}/${this.name}`;
    this.hostDevices = vg.hostDevices;
    this.description = `logical volume ${vg.name}/${this.name}`;
    const size = tryParseSize(props.size);
    this.createCommand = [
      "lvm",
      "lvcreate",
      "--yes",
      "--addtag",
      vg.tag,
      "--name",
      this.name,
      "--size",
      size.ok ? formatLvmSize(size.bytes) : props.size,
      vg.name,
    ];
    this.step = new HostStep(this, "create", {
      host: this.host,
      script: storageScript("lvm-logical-volume.sh"),
      environment: { VG: vg.name, LV: this.name, TAG: vg.tag, DEVICE: this.devicePath, CREATE_COMMAND: this.createCommand.join("\n") },
      dependsOn: vg.dependables,
    });
    this.dependables = [this.step.resource];
    this.source = { type: "block", path: this.devicePath };
    this.facts = {
      medium: "block",
      format: "raw",
      onZfs: false,
      directIo: { support: "yes" },
      hostDevices: this.hostDevices,
      summary: `LVM logical volume ${vg.name}/${this.name} (${size.ok ? formatSize(size.bytes) : props.size})`,
    };
    this.node.addValidation({ validate: () => this.validate() });
  }

  private validate(): string[] {
    const errors = checkHostName("logical volume name", this.name, /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/);
    const size = tryParseSize(this.props.size);
    if (!size.ok) errors.push(`logical volume ${this.volumeGroup.name}/${this.name}: size ${size.error}`);
    else if (size.bytes < 512 || size.bytes % 512 !== 0) errors.push(`logical volume ${this.volumeGroup.name}/${this.name}: size ${this.props.size} must be a positive multiple of 512 bytes`);
    return errors;
  }
}
