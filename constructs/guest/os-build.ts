import { Bus } from "../../domain/disk-settings";
import { checkDiskSettings } from "../../domain/disk-rules";
import { formatFinding } from "../../domain/rules";
import type { IDiskGuest } from "../attachment/guest-disk";
import type { Host } from "../host/host";
import { GuestOsProfile } from "./guest-os";
import { CdromDisk, VolumeDisk } from "./os-disks";
import { sizeText } from "../../domain/size";
import { parseSizeBytes } from "./size";
import { BootVolume, CloudInitVolume, ImageVolume } from "./volumes";

/** What an OS profile adds to a guest. */
export interface OsDisks {
  readonly bootVolume: BootVolume;
  readonly bootDisk: VolumeDisk;
  /** cloud-init / cloudbase-init NoCloud disk. */
  readonly cloudInit?: CloudInitVolume;
  /** The virtio-win driver ISO (Windows). */
  readonly virtioWin?: ImageVolume;
  validate(subject: string): string[];
}

/** What the OS profile's disks need of their guest. */
export interface OsDiskGuest extends IDiskGuest {
  readonly host: Host;
  readonly name: string;
  /** The libvirt pool for the boot disk, cloud-init and ISO volumes. */
  readonly pool: string;
  /** The bus CD-ROMs use. */
  readonly cdromBus: Bus;
}

/** Builds the boot disk and CD-ROMs of an OS profile as children of the guest, and registers them with it. */
export function buildOsDisks(guest: OsDiskGuest, os: GuestOsProfile): OsDisks {
  const provider = guest.host.provider;
  const pool = guest.pool;
  const format = os.imageFormat ?? "qcow2";
  const bootSize = os.bootDiskSize ?? (os.kind === "windows" ? "60GiB" : "20GiB");
  const bootBus: Bus = os.bootDiskBus ?? (os.kind === "windows" ? guest.cdromBus : "virtio");

  const bootVolume = new BootVolume(guest, "boot", {
    provider,
    pool,
    name: `${guest.name}-boot`,
    url: os.image,
    format,
    capacity: parseSizeBytes(bootSize) ?? 0,
  });
  const bootDisk = new VolumeDisk(bootBus, pool, bootVolume.volume.name, "qcow2", 1);
  guest.addDisk(bootDisk);

  let cloudInit: CloudInitVolume | undefined;
  if (os.userData !== undefined) {
    cloudInit = new CloudInitVolume(guest, "cloud-init", {
      provider,
      pool,
      guestName: guest.name,
      userData: os.userData,
      networkConfig: os.kind === "linux" ? os.networkConfig : undefined,
    });
    // Linux cloud kernels all have virtio-blk, not all have AHCI; Windows reads the data from a
    // SATA CD-ROM with its built-in driver.
    guest.addDisk(
      os.kind === "linux"
        ? new VolumeDisk("virtio", pool, cloudInit.volume.name, "raw", undefined, { readOnly: true })
        : new CdromDisk(guest.cdromBus, pool, cloudInit.volume.name),
      [],
      { last: true },
    );
  }

  let virtioWin: ImageVolume | undefined;
  if (os.kind === "windows") {
    virtioWin = new ImageVolume(guest, "virtio-win", {
      provider,
      pool,
      name: `${guest.name}-virtio-win.iso`,
      url: os.virtioWinIso,
    });
    guest.addDisk(new CdromDisk(guest.cdromBus, pool, virtioWin.volume.name));
  }

  return {
    bootVolume,
    bootDisk,
    cloudInit,
    virtioWin,
    validate(subject: string): string[] {
      const errors: string[] = [];
      const bytes = parseSizeBytes(bootSize);
      if (bytes === undefined || bytes === 0) {
        errors.push(`${subject}: boot disk size "${sizeText(bootSize)}" is not a size. Fix: write it like "20GiB".`);
      }
      const machineFindings = checkDiskSettings(
        { bus: bootBus, cache: "writethrough", machine: guest.machine },
        { directIo: { support: "yes" }, summary: "the boot disk" },
      ).filter((f) => f.level === "error");
      for (const finding of machineFindings) errors.push(formatFinding(`${subject} boot disk`, finding));
      return errors;
    },
  };
}
