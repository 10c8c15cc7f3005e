import { Bus } from "../attachment/disk-settings";
import { DiskFormat } from "../storage/disk-backend";

export interface LinuxOsProps {
  /**
   * The cloud image the boot disk starts from: an http(s) URL or a path on the machine running
   * Terraform (uploaded into the pool).
   */
  readonly image: string;
  /** Format of the image. @default "qcow2" */
  readonly imageFormat?: DiskFormat;
  /** Size of the boot disk (a copy-on-write layer over the image; cloud-init grows the root filesystem). @default "20GiB" */
  readonly bootDiskSize?: string;
  /** cloud-init user-data (a `#cloud-config` YAML document). */
  readonly userData: string;
  /** cloud-init network-config. @default - DHCP on the first interface (cloud-init's default) */
  readonly networkConfig?: string;
  /** Bus of the boot disk. @default "virtio" */
  readonly bootDiskBus?: Bus;
}

export interface WindowsOsProps {
  /**
   * The prepared Windows image (sysprepped, with cloudbase-init): a path on the machine running
   * Terraform or an http(s) URL, uploaded into the pool.
   */
  readonly image: string;
  /** Format of the image. @default "qcow2" */
  readonly imageFormat?: DiskFormat;
  /** Size of the boot disk (a copy-on-write layer over the image). @default "60GiB" */
  readonly bootDiskSize?: string;
  /** The virtio-win driver ISO (path or URL), attached as a CD-ROM so Windows finds the virtio drivers. */
  readonly virtioWinIso: string;
  /**
   * cloudbase-init user-data, delivered on a NoCloud (cidata) disk.
   * @default - no configuration disk
   */
  readonly userData?: string;
  /**
   * Bus of the boot disk. Windows has SATA (AHCI) drivers built in; use virtio once the image
   * carries the virtio-win drivers.
   * @default "sata" on q35, "ide" on pc
   */
  readonly bootDiskBus?: Bus;
}

/** The operating system a guest boots: its boot disk and how it is configured on first boot. */
export type GuestOsProfile =
  | ({ readonly kind: "linux" } & LinuxOsProps)
  | ({ readonly kind: "windows" } & WindowsOsProps);

/** Operating system profiles for a Guest. */
export class GuestOs {
  /** A Linux cloud image configured by cloud-init (user-data on a NoCloud CD-ROM). */
  public static linux(props: LinuxOsProps): GuestOsProfile {
    return { kind: "linux", ...props };
  }

  /**
   * A prepared Windows image: virtio-win driver ISO as a CD-ROM, Hyper-V enlightenments,
   * a local-time clock, and optional cloudbase-init user-data.
   */
  public static windows(props: WindowsOsProps): GuestOsProfile {
    return { kind: "windows", ...props };
  }
}
