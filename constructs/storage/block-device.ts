import { Construct, IConstruct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";
import { Host } from "../host/host";
import { devicePathProblem } from "../../domain/host-values";

/** Anything a filesystem, pool or guest can use as a block device: a host disk, a zvol, an LV. */
export interface IBlockDevice extends IConstruct {
  /** The host this device is on. */
  readonly host: Host;
  /** Device node on the host, e.g. /dev/disk/by-id/ata-..., /dev/zvol/tank/vm, /dev/vg0/vm. */
  readonly devicePath: string;
  /** The whole host disks underneath (what locks protect and what the study may erase). */
  readonly hostDevices: readonly string[];
  /** True for a whole host disk: whoever puts something on it locks and guards it. */
  readonly isHostDisk: boolean;
  /** Whether ZFS is underneath (a zvol, or something on one). */
  readonly onZfs: boolean;
  /** What must exist before the device can be used. */
  readonly dependables: readonly ITerraformDependable[];
  /** For people, e.g. "zvol kvmbench/vm". */
  readonly description: string;
}

export interface BlockDeviceProps {
  /** The host the disk is attached to. */
  readonly host: Host;
  /**
   * Device path on the host. Prefer a stable name (/dev/disk/by-id/...): /dev/sdX names can
   * change between boots, and the study may erase this disk.
   */
  readonly path: string;
}

/**
 * A whole host disk (the study's `devices:`). It creates nothing by itself: the construct
 * that puts a pool, volume group, filesystem or guest on it takes the device lock and runs
 * the device guard.
 */
export class BlockDevice extends Construct implements IBlockDevice {
  public readonly host: Host;
  public readonly devicePath: string;
  public readonly hostDevices: readonly string[];
  public readonly isHostDisk = true;
  public readonly onZfs = false;
  public readonly dependables: readonly ITerraformDependable[] = [];
  public readonly description: string;

  constructor(scope: Construct, id: string, props: BlockDeviceProps) {
    super(scope, id);
    this.host = props.host;
    this.devicePath = props.path;
    this.hostDevices = [props.path];
    this.description = `disk ${props.path}`;
    this.node.addValidation({ validate: () => this.validate() });
  }

  private validate(): string[] {
    const errors: string[] = [];
    const problem = devicePathProblem(this.devicePath);
    if (problem) errors.push(`block device: ${problem}; it must name a device node under /dev (e.g. /dev/disk/by-id/ata-...)`);
    return errors;
  }
}

/** The host of a list of devices (a pool or volume group needs at least one disk). */
export function hostOf(devices: readonly IBlockDevice[], what: string): Host {
  const first = devices[0];
  if (!first) throw new Error(`${what} needs at least one disk in devices`);
  return first.host;
}
