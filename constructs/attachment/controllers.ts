import type { DomainDevicesControllers } from "../core/libvirt";
import { Bus } from "../../domain/disk-settings";
import { SATA_PORTS_PER_CONTROLLER, targetIndex } from "./target-names";

/** A disk as the controllers see it: its bus and target name. */
export interface PlacedDisk {
  readonly bus: Bus;
  readonly target: string;
}

/**
 * The disk controllers a set of disks needs. virtio disks sit on PCI and ide uses the pc
 * machine's built-in controller; virtio-scsi gets one controller, and sata one AHCI controller
 * per six ports its target names reach (libvirt places SATA disk n on controller n/6).
 */
export function controllersFor(disks: readonly PlacedDisk[]): DomainDevicesControllers[] {
  const controllers: DomainDevicesControllers[] = [];
  if (disks.some((d) => d.bus === "virtio-scsi")) controllers.push({ type: "scsi", model: "virtio-scsi", index: 0 });
  const sata = disks.filter((d) => d.bus === "sata").map((d) => Math.floor(targetIndex(d.target) / SATA_PORTS_PER_CONTROLLER));
  if (sata.length) {
    for (let index = 0; index <= Math.max(...sata); index++) controllers.push({ type: "sata", index });
  }
  return controllers;
}

/** libvirt's name for a bus in a disk's target (virtio-scsi disks are scsi disks on a virtio-scsi controller). */
export function libvirtBus(bus: Bus): string {
  return bus === "virtio-scsi" ? "scsi" : bus;
}
