import type { DomainDevicesControllers } from "../core/libvirt";
import { Bus } from "./disk-settings";

/**
 * The disk controllers a set of buses needs. virtio disks sit on PCI and ide uses the pc
 * machine's built-in controller; virtio-scsi and sata get an explicit controller.
 */
export function controllersFor(buses: readonly Bus[]): DomainDevicesControllers[] {
  const used = new Set(buses);
  const controllers: DomainDevicesControllers[] = [];
  if (used.has("virtio-scsi")) controllers.push({ type: "scsi", model: "virtio-scsi", index: 0 });
  if (used.has("sata")) controllers.push({ type: "sata", index: 0 });
  return controllers;
}

/** libvirt's name for a bus in a disk's target (virtio-scsi disks are scsi disks on a virtio-scsi controller). */
export function libvirtBus(bus: Bus): string {
  return bus === "virtio-scsi" ? "scsi" : bus;
}
