import { Construct } from "constructs";
import { DiskAttachment } from "../constructs/attachment";
import { TerraformStack } from "../constructs/core/cdktf";
import { Guest, GuestOs } from "../constructs/guest";
import { Host } from "../constructs/host/host";
import { dataZvol } from "./data-zvol";

const DEFAULT_DATA_DISKS: readonly [string, string] = ["/dev/disk/by-id/nvme-DATA_A", "/dev/disk/by-id/nvme-DATA_B"];

export interface WindowsGuestStackProps {
  /** libvirt connection URI. @default "qemu:///system" */
  readonly uri?: string;
  /** The two blank disks of the mirrored data pool. @default - two example by-id paths */
  readonly dataDisks?: readonly [string, string];
  /** The prepared Windows image (sysprepped, with cloudbase-init). @default "/srv/images/windows-server-2022.qcow2" */
  readonly image?: string;
  /** The virtio-win driver ISO. @default "/srv/iso/virtio-win.iso" */
  readonly virtioWinIso?: string;
}

/**
 * A Windows guest: the user's image boots from SATA (drivers built in), the virtio-win ISO is a
 * CD-ROM, Hyper-V enlightenments and a local-time clock are on, and a zvol data disk sits on
 * virtio (install the viostor driver from the ISO) with cache=none.
 */
export class WindowsGuestStack extends TerraformStack {
  public readonly guest: Guest;
  public readonly data: DiskAttachment;

  constructor(scope: Construct, id: string, props: WindowsGuestStackProps = {}) {
    super(scope, id);
    const host = new Host(this, "host", { uri: props.uri });
    this.guest = new Guest(this, "win1", {
      host,
      vcpus: 4,
      memory: "8GiB",
      firmware: "uefi",
      os: GuestOs.windows({
        image: props.image ?? "/srv/images/windows-server-2022.qcow2",
        virtioWinIso: props.virtioWinIso ?? "/srv/iso/virtio-win.iso",
        userData: "#cloud-config\nset_hostname: win1\n",
      }),
    });
    this.data = new DiskAttachment(this, "data", {
      guest: this.guest,
      backend: dataZvol(this, { host, disks: props.dataDisks ?? DEFAULT_DATA_DISKS, name: "win1-data" }),
      cache: "none",
      discard: "unmap",
      serial: "win1-data",
    });
  }
}
