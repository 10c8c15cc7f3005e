import { Construct } from "constructs";
import { ITerraformDependable } from "../core/cdktf";
import { LibvirtPool } from "../core/libvirt";
import { hostOf, IBlockDevice } from "./block-device";
import { HostObject } from "./host-object";
import { checkHostName, duplicates, ownerMark } from "./ownership";
import { lines } from "./scripts";

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
export class LvmVolumeGroup extends HostObject {
  public readonly name: string;
  /** The tag that marks the group (and its logical volumes) as this stack's. */
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
    const errors = checkHostName("volume group name", this.name, /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/);
    for (const d of this.props.devices) {
      if (!d.isHostDisk) errors.push(`volume group ${this.name}: ${d.description} is not a whole host disk; volume groups are built on BlockDevices`);
      if (d.host !== this.host) errors.push(`volume group ${this.name}: ${d.description} is on another host`);
    }
    for (const d of duplicates(this.hostDevices)) errors.push(`volume group ${this.name}: disk ${d} is listed twice`);
    if (!/^[A-Za-z0-9_+.\-/=!:&#]+$/.test(this.tag)) errors.push(`stack name in LVM tag "${this.tag}" holds characters LVM tags do not allow`);
    return errors;
  }
}
