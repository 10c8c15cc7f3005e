/** The guest-visible controller a disk hangs off. */
export type Bus = "virtio" | "virtio-scsi" | "sata" | "ide";
/** QEMU's host cache mode for the disk. */
export type CacheMode = "none" | "writethrough" | "writeback" | "directsync" | "unsafe";
/** QEMU's AIO mode; absent means the hypervisor default. */
export type IoMode = "native" | "threads" | "io_uring";
/** Machine type: q35 (PCIe, SATA/AHCI) or pc (i440fx, the only one with IDE). */
export type Machine = "q35" | "pc";

export const BUSES: readonly Bus[] = ["virtio", "virtio-scsi", "sata", "ide"];
export const CACHE_MODES: readonly CacheMode[] = ["none", "writethrough", "writeback", "directsync", "unsafe"];
export const IO_MODES: readonly IoMode[] = ["native", "threads", "io_uring"];
export const MACHINES: readonly Machine[] = ["q35", "pc"];

/** The settings of one disk attachment that the rules judge. */
export interface DiskSettings {
  readonly bus: Bus;
  readonly cache: CacheMode;
  /** @default - hypervisor default */
  readonly io?: IoMode;
  readonly machine: Machine;
}
