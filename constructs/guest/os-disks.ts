import type { GuestDisk } from "../attachment/guest-disk";
import { Bus } from "../../domain/disk-settings";
import { libvirtBus } from "../attachment/controllers";
import type { DomainDevicesDisks } from "../core/libvirt";

/** A disk backed by a libvirt volume that the guest itself creates (boot disk, cloud-init data). */
export class VolumeDisk implements GuestDisk {
  constructor(
    public readonly bus: Bus,
    private readonly pool: string,
    private readonly volume: string,
    private readonly format: string,
    private readonly bootOrder?: number,
    private readonly options: { readonly readOnly?: boolean } = {},
  ) {}

  public render(targetDevice: string): DomainDevicesDisks {
    return {
      source: { volume: { pool: this.pool, volume: this.volume } },
      target: { dev: targetDevice, bus: libvirtBus(this.bus) },
      driver: { name: "qemu", type: this.format },
      boot: this.bootOrder === undefined ? undefined : { order: this.bootOrder },
      readOnly: this.options.readOnly ? true : undefined,
    };
  }
}

/** A read-only CD-ROM backed by a libvirt volume (cloud-init data, driver ISOs). */
export class CdromDisk implements GuestDisk {
  constructor(
    public readonly bus: Bus,
    private readonly pool: string,
    private readonly volume: string,
  ) {}

  public render(targetDevice: string): DomainDevicesDisks {
    return {
      device: "cdrom",
      source: { volume: { pool: this.pool, volume: this.volume } },
      target: { dev: targetDevice, bus: libvirtBus(this.bus) },
      driver: { name: "qemu", type: "raw" },
      readOnly: true,
    };
  }
}
