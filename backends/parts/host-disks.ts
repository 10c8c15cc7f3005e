/** What several backends build on: the study's host disks, and the names of what they own. */
import type { BlockDevice } from "../../constructs/storage";
import type { BuildKit } from "../backend";
import { ownedStorageName } from "../../domain/host-name-limits";

/** The BlockDevice of a study device (one per device and scope, however many parts use it). */
export function hostDisk(kit: BuildKit, name: string): BlockDevice {
  const id = `disk-${name}`;
  const existing = kit.scope.node.tryFindChild(id);
  if (existing instanceof kit.library.BlockDevice) return existing;
  return new kit.library.BlockDevice(kit.scope, id, { host: kit.host, path: kit.devicePath(name) });
}

/** The name of a pool or volume group a storage owns: `kvmbench-<storage name>`. */
export function ownedName(kit: BuildKit): string {
  return ownedStorageName(kit.storageName);
}
