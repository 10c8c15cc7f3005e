import type { IConstruct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";
import type { DomainDevicesDisks } from "../core/libvirt";
import type { Bus, Machine } from "../../domain/disk-settings";

/**
 * One disk or CD-ROM as a guest renders it into its domain. The guest allocates the target
 * device name (vda, sdb, hdc, ...) and passes it in.
 */
export interface GuestDisk {
  readonly bus: Bus;
  /** The disk wants its controller (SATA, virtio-scsi) or IDE channel to itself. */
  readonly dedicated?: boolean;
  render(targetDevice: string): DomainDevicesDisks;
}

/** What a disk needs of the guest it is attached to (the Guest construct is one). */
export interface IDiskGuest extends IConstruct {
  /** The machine type: it decides which buses exist. */
  readonly machine: Machine;
  /**
   * Registers a disk the guest renders into its domain, and what must exist before the domain.
   * Target names follow the order of calls, except that disks added with `last` come after all others.
   */
  addDisk(disk: GuestDisk, dependables?: readonly ITerraformDependable[], options?: { readonly last?: boolean }): void;
  /** The target device name (vda, sdb, hda, ...) a registered disk gets. */
  targetDeviceOf(disk: GuestDisk): string;
}
