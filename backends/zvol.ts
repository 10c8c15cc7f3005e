/** `kind: zvol`: a ZFS volume (raw) in a pool kvmbench creates on study devices. */
import { checkPoolRedundancy, checkZvolSparse } from "../domain/storage-rules";
import type { ZvolStorageSpec } from "../study/model";
import type { StorageBackend } from "./backend";
import { constructScript } from "./parts/scripts";
import { ZVOL_SHAPE, buildZvol, poolText, poolTraits, readZvolFields, zvolTraits } from "./parts/zfs";

export const zvol: StorageBackend<ZvolStorageSpec> = {
  kind: "zvol",
  keys: ZVOL_SHAPE,
  read({ reader, fields, names, wipe }) {
    const spec = readZvolFields(reader, fields, names);
    return spec && wipe !== undefined ? { kind: "zvol", ...spec, wipe } : undefined;
  },
  devices: (spec) => spec.pool.devices,
  summary: (spec) => `raw on zvol on ${poolText(spec.pool)}`,
  facts: () => ({ medium: "block", format: "raw", onZfs: true, directIo: { support: "yes" } }),
  findings: (spec) => [...checkPoolRedundancy(spec.pool.topology, spec.pool.devices.length), ...checkZvolSparse(spec.sparse)],
  traits: (spec) => [...poolTraits(spec.pool), ...zvolTraits(spec)],
  zfsPool: (spec) => spec.pool,
  scripts: [constructScript("zfs-pool.sh"), constructScript("zfs-dataset.sh")],
  build: (spec, kit) => buildZvol(kit, spec),
};
