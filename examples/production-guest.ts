import { Construct } from "constructs";
import { DiskAttachment } from "../constructs/attachment";
import { TerraformStack } from "../constructs/core/cdktf";
import { Guest, GuestOs } from "../constructs/guest";
import { Host } from "../constructs/host/host";
import { dataZvol } from "./data-zvol";
import { ADMIN_USER_DATA } from "./admin-user-data";

const DEFAULT_DATA_DISKS: readonly [string, string] = ["/dev/disk/by-id/nvme-DATA_A", "/dev/disk/by-id/nvme-DATA_B"];

export interface ProductionGuestStackProps {
  /** libvirt connection URI. @default "qemu:///system" */
  readonly uri?: string;
  /** The two blank disks of the mirrored data pool. @default - two example by-id paths */
  readonly dataDisks?: readonly [string, string];
  /** cloud-init user-data for the guest. @default - creates an `admin` user with sudo */
  readonly userData?: string;
}

/**
 * An ordinary long-lived Linux guest, set up the way the seed study recommends: its data disk is a
 * zvol on virtio with cache=none (no host page cache, crash-safe), io=native and discard=unmap
 * (TRIM in the guest frees space in the pool).
 */
export class ProductionGuestStack extends TerraformStack {
  public readonly guest: Guest;
  public readonly data: DiskAttachment;

  constructor(scope: Construct, id: string, props: ProductionGuestStackProps = {}) {
    super(scope, id);
    const host = new Host(this, "host", { uri: props.uri });
    this.guest = new Guest(this, "db1", {
      host,
      vcpus: 4,
      memory: "8GiB",
      firmware: "uefi",
      autostart: true,
      consoleLogFile: "/var/log/libvirt/qemu/db1-console.log",
      os: GuestOs.linux({
        image: "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2",
        userData: props.userData ?? ADMIN_USER_DATA,
      }),
    });
    this.data = new DiskAttachment(this, "data", {
      guest: this.guest,
      backend: dataZvol(this, { host, disks: props.dataDisks ?? DEFAULT_DATA_DISKS, name: "db1-data" }),
      bus: "virtio",
      cache: "none",
      io: "native",
      discard: "unmap",
      serial: "db1-data",
    });
  }
}
