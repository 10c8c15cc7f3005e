/** `kind: block`: a whole study device is the guest's disk (raw). */
import type { BlockStorageSpec } from "../study/model";
import type { StorageBackend } from "./backend";
import { hostDisk } from "./parts/host-disks";
import { constructScript } from "./parts/scripts";

export const block: StorageBackend<BlockStorageSpec> = {
  kind: "block",
  keys: { required: ["device"], optional: [] },
  read({ reader, fields, names, wipe }) {
    const device = fields.has("device") ? reader.reference(fields.value("device"), fields.pathOf("device"), "device", names.devices) : undefined;
    return device !== undefined && wipe !== undefined ? { kind: "block", device, wipe } : undefined;
  },
  devices: (spec) => [spec.device],
  summary: (spec) => `raw on ${spec.device}`,
  facts: () => ({ medium: "block", format: "raw", onZfs: false, directIo: { support: "yes" } }),
  findings: () => [],
  traits: () => [],
  scripts: [constructScript("raw-disk.sh")],
  build: (spec, kit) => new kit.library.RawDisk(kit.scope, "raw-disk", { device: hostDisk(kit, spec.device), wipe: kit.wipe }),
};
