import { Bus } from "../../domain/disk-settings";
import type { SizeLike } from "../../domain/size";
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
  readonly bootDiskSize?: SizeLike;
  /** cloud-init user-data (a `#cloud-config` YAML document). */
  readonly userData: string;
  /** cloud-init network-config. @default - DHCP on the first interface (cloud-init's default) */
  readonly networkConfig?: string;
  /** Bus of the boot disk. @default "virtio" */
  readonly bootDiskBus?: Bus;
  /**
   * Boot a kernel file on the KVM host instead of the image's bootloader (libvirt's direct
   * kernel boot), for images that carry no bootloader.
   * @default - the image boots itself
   */
  readonly directKernelBoot?: DirectKernelBoot;
}

/** A kernel (and initramfs) on the KVM host that QEMU boots directly, with its command line. */
export interface DirectKernelBoot {
  /** Path of the kernel on the KVM host, e.g. /var/lib/kvmbench/images/vmlinuz. */
  readonly kernel: string;
  /** Path of the initramfs on the KVM host. @default - none */
  readonly initrd?: string;
  /** Kernel command line, e.g. "root=LABEL=root console=ttyS0". @default - empty */
  readonly cmdline?: string;
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
  readonly bootDiskSize?: SizeLike;
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
   * @default "sata"
   */
  readonly bootDiskBus?: Bus;
}

/** The operating system a guest boots: its boot disk and how it is configured on first boot. */
export type GuestOsProfile =
  | ({ readonly kind: "linux" } & LinuxOsProps)
  | ({ readonly kind: "windows" } & WindowsOsProps);

/** Operating system profiles for a Guest. */
export class GuestOs {
  /**
   * A Linux cloud image configured by cloud-init. Its NoCloud data goes on a read-only virtio
   * disk, which every Linux cloud kernel reads (Debian's cloud kernel has no AHCI driver, so a
   * SATA CD-ROM would go unseen).
   */
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
