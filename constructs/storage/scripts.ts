import { join } from "node:path";

/** Host scripts of the storage constructs (real files: the tests run them too). */
export type StorageScript =
  | "zfs-pool.sh"
  | "zfs-dataset.sh"
  | "filesystem.sh"
  | "lvm-volume-group.sh"
  | "lvm-logical-volume.sh"
  | "raw-disk.sh"
  | "disk-image.sh";

export function storageScript(name: StorageScript): string {
  return join(__dirname, "scripts", name);
}

/** Lists travel to scripts one item per line. */
export function lines(values: readonly string[]): string {
  return values.join("\n");
}
