/** The LVM logical volume some backends have: its reader and its builder. */
import type { Node } from "yaml";
import type { LogicalVolume } from "../../constructs/storage";
import type { LogicalVolumeSpec } from "../../study/model";
import type { StudyReader } from "../../study/yaml-reader";
import type { BuildKit, StudyNames } from "../backend";
import { hostDisk, ownedName } from "./host-disks";

export function readLogicalVolume(reader: StudyReader, node: Node | null | undefined, path: string, names: StudyNames): LogicalVolumeSpec | undefined {
  const fields = reader.map(node, path, { required: ["device", "size"], optional: [] }, "a logical volume mapping such as { device: ssd, size: 100GiB }");
  if (!fields) return undefined;
  const device = fields.has("device") ? reader.reference(fields.value("device"), fields.pathOf("device"), "device", names.devices) : undefined;
  const size = fields.has("size") ? reader.size(fields.value("size"), fields.pathOf("size")) : undefined;
  return device !== undefined && size ? { device, size } : undefined;
}

/** A volume group of its own on the device, and the logical volume in it. */
export function buildLogicalVolume(kit: BuildKit, spec: LogicalVolumeSpec): LogicalVolume {
  const group = new kit.library.LvmVolumeGroup(kit.scope, "volume-group", {
    devices: [hostDisk(kit, spec.device)],
    name: ownedName(kit),
    wipe: kit.wipe,
  });
  return new kit.library.LogicalVolume(kit.scope, "logical-volume", { volumeGroup: group, size: spec.size });
}
