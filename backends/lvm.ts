/** `kind: lvm`: an LVM logical volume (raw) in a volume group of its own on a study device. */
import type { LvmStorageSpec } from "../study/model";
import type { StorageBackend } from "./backend";
import { buildLogicalVolume } from "./parts/lvm";
import { constructScript } from "./parts/scripts";

export const lvm: StorageBackend<LvmStorageSpec> = {
  kind: "lvm",
  keys: { required: ["device", "size"], optional: [] },
  read({ reader, fields, names, wipe }) {
    const device = fields.has("device") ? reader.reference(fields.value("device"), fields.pathOf("device"), "device", names.devices) : undefined;
    const size = fields.has("size") ? reader.size(fields.value("size"), fields.pathOf("size")) : undefined;
    return device !== undefined && size && wipe !== undefined ? { kind: "lvm", device, size, wipe } : undefined;
  },
  devices: (spec) => [spec.device],
  summary: (spec) => `raw on lvm on ${spec.device}`,
  facts: () => ({ medium: "block", format: "raw", onZfs: false, directIo: { support: "yes" } }),
  findings: () => [],
  traits: () => [],
  scripts: [constructScript("lvm-volume-group.sh"), constructScript("lvm-logical-volume.sh")],
  build: (spec, kit) => buildLogicalVolume(kit, spec),
};
