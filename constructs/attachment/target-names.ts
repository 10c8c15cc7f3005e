import { Bus } from "../../domain/disk-settings";

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

/** A disk asking for a target name. */
export interface TargetRequest {
  readonly bus: Bus;
  /** The disk wants its controller (SATA) or channel (IDE) to itself. @default false */
  readonly dedicated?: boolean;
}

/*
 * libvirt places a disk from the index in its target name: IDE index i on controller i/4,
 * channel (i%4)/2, unit i%2; SATA index i on AHCI controller i/6, port i%6. So the name decides
 * which IDE channel or SATA controller a disk shares. virtio disks are each their own PCI
 * device; kvmbench gives virtio-scsi disks one controller.
 */
const IDE_UNITS_PER_CHANNEL = 2;
export const SATA_PORTS_PER_CONTROLLER = 6;

/** What a disk shares with every other disk of the same value: "ide:0:1", "sata:0", "scsi:0", or "virtio:vdb" (nothing). */
export function sharedSlot(bus: Bus, target: string): string {
  const index = targetIndex(target);
  switch (bus) {
    case "ide":
      return `ide:${Math.floor(index / 4)}:${Math.floor((index % 4) / IDE_UNITS_PER_CHANNEL)}`;
    case "sata":
      return `sata:${Math.floor(index / SATA_PORTS_PER_CONTROLLER)}`;
    case "virtio-scsi":
      return "scsi:0";
    case "virtio":
      return `virtio:${target}`;
  }
}

/** The index a target name encodes (inverse of targetName). */
export function targetIndex(target: string): number {
  let n = 0;
  for (const c of target.slice(2)) n = n * 26 + (c.charCodeAt(0) - 96);
  return n - 1;
}

/** How many indexes share one slot on a bus that can dedicate slots by name. */
function slotWidth(bus: Bus): number | undefined {
  if (bus === "ide") return IDE_UNITS_PER_CHANNEL;
  if (bus === "sata") return SATA_PORTS_PER_CONTROLLER;
  return undefined;
}

/**
 * Target names for disks in attach order. Each family counts on its own and earlier disks keep
 * their names when disks are appended. A dedicated IDE or SATA disk gets the first channel or
 * controller no disk uses yet, and later disks of its bus keep off it; whether every dedicated
 * disk really is alone is for the guest to check (`sharedSlot`).
 */
export function allocateTargets(requests: readonly TargetRequest[]): string[] {
  const used: Record<TargetPrefix, Set<number>> = { vd: new Set(), sd: new Set(), hd: new Set() };
  /** Slots (by bus) a dedicated disk holds, and slots any disk occupies. */
  const reserved = new Map<Bus, Set<number>>();
  const occupied = new Map<Bus, Set<number>>();
  const slotSet = (map: Map<Bus, Set<number>>, bus: Bus): Set<number> => {
    const set = map.get(bus) ?? new Set<number>();
    map.set(bus, set);
    return set;
  };
  return requests.map(({ bus, dedicated }) => {
    const prefix = targetPrefix(bus);
    const width = slotWidth(bus);
    let index = 0;
    if (width !== undefined && dedicated) {
      while (slotSet(occupied, bus).has(Math.floor(index / width)) || used[prefix].has(index)) index += width;
      slotSet(reserved, bus).add(Math.floor(index / width));
    } else {
      while (used[prefix].has(index) || (width !== undefined && slotSet(reserved, bus).has(Math.floor(index / width)))) index++;
    }
    used[prefix].add(index);
    if (width !== undefined) slotSet(occupied, bus).add(Math.floor(index / width));
    return targetName(prefix, index);
  });
}
