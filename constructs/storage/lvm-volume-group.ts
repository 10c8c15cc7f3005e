import { Construct, IConstruct } from "constructs";
import { ITerraformDependable } from "../core/cdktf";
import { LibvirtPool } from "../core/libvirt";
import type { Host } from "../host/host";
import { hostOf, IBlockDevice } from "./block-device";
import { HostObject } from "./host-object";
import { checkHostName, duplicates, LVM_NAME, ownerMark, ownerTagProblems } from "./ownership";
import { lvmNameProblems } from "../../domain/host-name-limits";
import { lines } from "./scripts";

/**
 * What a logical volume needs of its volume group: a group kvmbench makes (`LvmVolumeGroup`) or
 * one already on the host (`LvmVolumeGroup.fromName`).
 */
export interface ILvmVolumeGroup extends IConstruct {
  /** The host the group is on. */
  readonly host: Host;
  /** Volume group name. */
  readonly name: string;
  /** The whole host disks of the group (empty for a group kvmbench did not make: it does not know them). */
  readonly hostDevices: readonly string[];
  /** What must exist before logical volumes are made in the group. */
  readonly dependables: readonly ITerraformDependable[];
}

/** An LVM volume group already on the host, for `LvmVolumeGroup.fromName`. */
export interface ExistingLvmVolumeGroupProps {
  /** The host the group is on. */
  readonly host: Host;
  /** Volume group name, as `vgs` shows it. */
  readonly name: string;
}

export interface LvmVolumeGroupProps {
  /** Host disks of the volume group (whole disks; the group locks and guards each). */
  readonly devices: readonly IBlockDevice[];
  /** Volume group name. @default "kvmbench" */
  readonly name?: string;
  /**
   * Also define a libvirt `logical` storage pool over the group, so virsh and virt-manager
   * see it. kvmbench makes the group itself (libvirt cannot tag it). @default true
   */
  readonly libvirtPool?: boolean;
  /** Erase the disks if they carry any signature. @default false */
  readonly wipe?: boolean;
}

/**
 * An LVM volume group made with `vgcreate --addtag kvmbench:owner=<stack>` on whole host
 * disks. Teardown removes it only when it carries this stack's tag, then removes the PV
 * labels so the disks are blank again.
 */
export class LvmVolumeGroup extends HostObject implements ILvmVolumeGroup {
  /**
   * A volume group that is already on the host, for logical volumes kvmbench makes in it.
   * kvmbench creates, guards and destroys nothing of the group itself: no host step, no device
   * lock, no tag, no libvirt pool; only the logical volumes made in it are kvmbench's (tagged
   * with this stack's mark).
   */
  public static fromName(scope: Construct, id: string, props: ExistingLvmVolumeGroupProps): ILvmVolumeGroup {
    return new ExistingLvmVolumeGroup(scope, id, props);
  }

  public readonly name: string;
  /** The tag that marks the group as this stack's (logical volumes made by the same stack carry the same tag). */
  public readonly tag: string;
  public readonly hostDevices: readonly string[];
  /** The `vgcreate` command line, one argument per element. */
  public readonly createCommand: readonly string[];
  /** Escape hatch: the libvirt `logical` pool, when defined. */
  public readonly pool?: LibvirtPool;
  private readonly props: LvmVolumeGroupProps;

  constructor(scope: Construct, id: string, props: LvmVolumeGroupProps) {
    super(scope, id, hostOf(props.devices, `volume group ${props.name ?? "kvmbench"}`));
    this.props = props;
    this.name = props.name ?? "kvmbench";
    this.tag = ownerMark(this);
    this.hostDevices = props.devices.map((d) => d.devicePath);
    this.createCommand = ["lvm", "vgcreate", "--yes", "--addtag", this.tag, this.name, ...this.hostDevices];
    this.createStep({
      script: "lvm-volume-group.sh",
      environment: {
        VG: this.name,
        TAG: this.tag,
        DEVICES: lines(this.hostDevices),
        CREATE_COMMAND: lines(this.createCommand),
        WIPE: props.wipe ? "1" : "0",
      },
      dependsOn: props.devices.flatMap((d) => d.dependables),
    });
    if (props.libvirtPool ?? true) {
      // The pool names only the group, never its devices: with source devices the provider
      // builds the pool on create (vgcreate again, which fails on the group the step made) and
      // deletes its storage on destroy (the group and the PV labels, before the tag-guarded
      // step runs). Without them it defines, starts, stops and undefines the pool, nothing more.
      this.pool = new LibvirtPool(this, "pool", {
        provider: this.host.provider,
        name: this.name,
        type: "logical",
        source: { name: this.name },
        target: { path: `/dev/${this.name}` },
        dependsOn: [this.step.resource],
      });
    }
  }

  /** What must exist before logical volumes are made: the group, and its libvirt pool when defined. */
  public get dependables(): readonly ITerraformDependable[] {
    return this.pool ? [this.step.resource, this.pool] : [this.step.resource];
  }

  protected checkProps(): string[] {
    const errors = [...checkHostName("volume group name", this.name, LVM_NAME), ...lvmNameProblems(this.name)];
    for (const d of this.props.devices) {
      if (!d.isHostDisk) errors.push(`volume group ${this.name}: ${d.description} is not a whole host disk; volume groups are built on BlockDevices`);
      if (d.host !== this.host) errors.push(`volume group ${this.name}: ${d.description} is on another host`);
    }
    for (const d of duplicates(this.hostDevices)) errors.push(`volume group ${this.name}: disk ${d} is listed twice`);
    errors.push(...ownerTagProblems(this.tag));
    return errors;
  }
}

/** A volume group already on the host (see `LvmVolumeGroup.fromName`): nothing to make, nothing to wait for. */
class ExistingLvmVolumeGroup extends Construct implements ILvmVolumeGroup {
  public readonly host: Host;
  public readonly name: string;
  public readonly hostDevices: readonly string[] = [];
  public readonly dependables: readonly ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: ExistingLvmVolumeGroupProps) {
    super(scope, id);
    this.host = props.host;
    this.name = props.name;
    this.node.addValidation({ validate: () => checkHostName("volume group name", this.name, LVM_NAME) });
  }
}
