import type { DomainDevicesDisks } from "../core/libvirt";
import { Bus } from "./disk-settings";

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
