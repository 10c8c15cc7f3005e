import { Construct } from "constructs";
import { DiskAttachment } from "../constructs/attachment";
import { TerraformStack } from "../constructs/core/cdktf";
import { Guest, GuestOs } from "../constructs/guest";
import { Host } from "../constructs/host/host";
import { DirectoryPool, PoolVolume } from "../constructs/storage";
import { ADMIN_USER_DATA } from "./admin-user-data";

export interface ExistingPoolGuestStackProps {
  /** libvirt connection URI. @default "qemu:///system" */
  readonly uri?: string;
  /** The libvirt storage pool (type dir) already on the host that holds the data disk. @default "default" */
  readonly dataPool?: string;
  /** The filesystem the data pool's directory is on (kvmbench cannot see it at synth time). @default "ext4" */
  readonly dataPoolFilesystem?: "ext4" | "xfs" | "zfs";
  /** Size of the data disk. @default "100GiB" */
  readonly dataSize?: string;
  /** cloud-init user-data for the guest. @default - creates an `admin` user with sudo */
  readonly userData?: string;
}

/**
 * A long-lived Linux guest on a host that is already set up: its data disk is a qcow2 volume in
 * the libvirt pool the host already has (`default`, /var/lib/libvirt/images), on virtio with
 * cache=none (no host page cache, crash-safe), io=native and discard=unmap. Deploying makes the
 * volume and the guest; destroying removes them and leaves the pool as it was.
 */
export class ExistingPoolGuestStack extends TerraformStack {
  public readonly guest: Guest;
  public readonly dataVolume: PoolVolume;
  public readonly data: DiskAttachment;

  constructor(scope: Construct, id: string, props: ExistingPoolGuestStackProps = {}) {
    super(scope, id);
    const host = new Host(this, "host", { uri: props.uri });
    const pool = DirectoryPool.fromName(this, "data-pool", {
      host,
      name: props.dataPool ?? "default",
      filesystem: props.dataPoolFilesystem ?? "ext4",
    });
    this.dataVolume = new PoolVolume(this, "data-volume", { pool, name: "app1-data.qcow2", size: props.dataSize ?? "100GiB" });
    this.guest = new Guest(this, "app1", {
      host,
      vcpus: 2,
      memory: "4GiB",
      firmware: "uefi",
      autostart: true,
      consoleLogFile: "/var/log/libvirt/qemu/app1-console.log",
      os: GuestOs.linux({
        image: "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2",
        userData: props.userData ?? ADMIN_USER_DATA,
      }),
    });
    this.data = new DiskAttachment(this, "data", {
      guest: this.guest,
      backend: this.dataVolume,
      bus: "virtio",
      cache: "none",
      io: "native",
      discard: "unmap",
      serial: "app1-data",
    });
  }
}
