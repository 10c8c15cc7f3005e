import type { CacheMode, IoMode } from "./disk-settings";

/**
 * The disk under test as a disk check expects to find it in the running domain: the scenario's
 * attachment, in libvirt's terms.
 */
export interface ExpectedDisk {
  /** The serial the disk carries, by which the check finds it among the domain's disks. */
  readonly serial: string;
  /** Where the disk lives: an image file, or a block device (raw disk, logical volume, zvol), by the path the domain names. */
  readonly source: { readonly type: "file" | "block"; readonly path: string };
  /** The format libvirt's driver opens (`raw`, `qcow2`). */
  readonly format: string;
  /** libvirt's bus in the disk's target (`virtio`, `scsi`, `sata`, `ide`). */
  readonly bus: string;
  readonly cache: CacheMode;
  /** @default - the hypervisor's default (no `io` attribute in the domain) */
  readonly io?: IoMode;
}
