import type { DomainDevicesDisks } from "../core/libvirt";
import { Bus } from "./disk-settings";

/**
 * One disk or CD-ROM as a guest renders it into its domain. The guest allocates the target
 * device name (vda, sdb, hdc, ...) and passes it in.
 */
export interface GuestDisk {
  readonly bus: Bus;
  render(targetDevice: string): DomainDevicesDisks;
}
