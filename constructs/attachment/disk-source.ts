import type { DomainDevicesDisks } from "../core/libvirt";
import { DiskSource } from "../storage/disk-backend";

/** A backend's disk source in the domain's terms (exactly one of file, block, volume). */
export function renderSource(source: DiskSource): NonNullable<DomainDevicesDisks["source"]> {
  switch (source.type) {
    case "file":
      return { file: { file: source.path } };
    case "block":
      return { block: { dev: source.path } };
    case "volume":
      return { volume: { pool: source.pool, volume: source.volume } };
  }
}
