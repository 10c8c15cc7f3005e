import { Bus } from "./disk-settings";

/** The guest-side name family of a bus: vda.. (virtio), sda.. (sata, virtio-scsi), hda.. (ide). */
export type TargetPrefix = "vd" | "sd" | "hd";

export function targetPrefix(bus: Bus): TargetPrefix {
  switch (bus) {
    case "virtio":
      return "vd";
    case "sata":
    case "virtio-scsi":
      return "sd";
    case "ide":
      return "hd";
  }
}

/** The n-th name of a family, counting from 0: a..z, then aa..az, ba.. (as the Linux kernel names disks). */
export function targetName(prefix: TargetPrefix, index: number): string {
  let suffix = "";
  let n = index;
  do {
    suffix = String.fromCharCode(97 + (n % 26)) + suffix;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return prefix + suffix;
}

/**
 * Target names for disks in attach order: each family counts on its own, so appending a disk never
 * renames the disks before it.
 */
export function allocateTargets(buses: readonly Bus[]): string[] {
  const next: Record<TargetPrefix, number> = { vd: 0, sd: 0, hd: 0 };
  return buses.map((bus) => {
    const prefix = targetPrefix(bus);
    return targetName(prefix, next[prefix]++);
  });
}
