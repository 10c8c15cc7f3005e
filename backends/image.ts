/** `kind: image`: a qcow2 or raw image file on an ext4/xfs filesystem or on a ZFS dataset, each made on study devices. */
import { zfsDatasetDirectIo } from "../domain/direct-io";
import type { RuleFinding } from "../domain/rules";
import { checkImagePreallocation, checkPoolRedundancy, checkZvolSparse } from "../domain/storage-rules";
import type { ImageStorageSpec, ZfsPoolSpec } from "../study/model";
import type { StorageBackend, Trait } from "./backend";
import { buildFilesystem, filesystemDevices, filesystemRoom, filesystemText, filesystemTraits, readFilesystem } from "./parts/filesystem";
import { IMAGE_FILE_KEYS, imageFileTraits, readImageFile } from "./parts/image-file";
import { constructScript } from "./parts/scripts";
import { buildDataset, datasetTraits, poolText, poolTraits, readDataset } from "./parts/zfs";

function zfsPoolOf(spec: ImageStorageSpec): ZfsPoolSpec | undefined {
  if (spec.location.kind === "dataset") return spec.location.dataset.pool;
  const { source } = spec.location.filesystem;
  return source.kind === "zvol" ? source.zvol.pool : undefined;
}

export const image: StorageBackend<ImageStorageSpec> = {
  kind: "image",
  keys: { required: [...IMAGE_FILE_KEYS.required], optional: [...IMAGE_FILE_KEYS.optional, "filesystem", "dataset"] },

  read({ reader, fields, names, wipe }) {
    const file = readImageFile(reader, fields);
    const hasFilesystem = fields.has("filesystem");
    const hasDataset = fields.has("dataset");
    if (hasFilesystem === hasDataset) {
      const node = hasFilesystem ? fields.keyNode("dataset") : fields.node;
      reader.error(node, fields.path, hasFilesystem ? 'both "filesystem" and "dataset" are given' : 'neither "filesystem" nor "dataset" is given', 'exactly one of "filesystem" (ext4/xfs) or "dataset" (ZFS) to hold the image file');
      return undefined;
    }
    if (hasDataset) {
      const dataset = readDataset(reader, fields.value("dataset"), fields.pathOf("dataset"), names);
      if (!dataset || !file || wipe === undefined) return undefined;
      return { kind: "image", ...file, location: { kind: "dataset", dataset }, wipe };
    }
    const filesystem = readFilesystem(reader, fields.value("filesystem"), fields.pathOf("filesystem"), names);
    if (!filesystem || !file || wipe === undefined) return undefined;
    const room = filesystemRoom(filesystem);
    const { preallocation, size } = file;
    if (room && preallocation !== "off" && preallocation !== "metadata" && size.bytes > room.bytes) {
      reader.error(fields.value("size"), fields.pathOf("size"), `a ${preallocation}-preallocated ${size.text} image does not fit its ${room.text} volume`, `at most ${room.text} (less the filesystem's overhead)`);
      return undefined;
    }
    return { kind: "image", ...file, location: { kind: "filesystem", filesystem }, wipe };
  },

  devices: (spec) => (spec.location.kind === "dataset" ? spec.location.dataset.pool.devices : filesystemDevices(spec.location.filesystem)),

  summary: (spec) =>
    spec.location.kind === "dataset" ? `${spec.format} on zfs on ${poolText(spec.location.dataset.pool)}` : `${spec.format} on ${filesystemText(spec.location.filesystem)}`,

  facts(spec, host) {
    if (spec.location.kind === "dataset") {
      const { dataset } = spec.location;
      const recordsize = dataset.recordsize ?? dataset.pool.recordsize;
      return { medium: "file", format: spec.format, filesystem: "zfs", onZfs: true, directIo: zfsDatasetDirectIo(host.openZfsVersion, recordsize?.bytes) };
    }
    const { filesystem } = spec.location;
    return { medium: "file", format: spec.format, filesystem: filesystem.type, onZfs: filesystem.source.kind === "zvol", directIo: { support: "yes" } };
  },

  findings(spec) {
    const pool = zfsPoolOf(spec);
    const findings: RuleFinding[] = pool ? checkPoolRedundancy(pool.topology, pool.devices.length) : [];
    const { location } = spec;
    if (location.kind === "dataset") findings.push(...checkImagePreallocation("zfs", spec.preallocation));
    else if (location.filesystem.source.kind === "zvol") findings.push(...checkZvolSparse(location.filesystem.source.zvol.sparse));
    return findings;
  },

  traits(spec) {
    const pool = zfsPoolOf(spec);
    const traits: Trait[] = [...(pool ? poolTraits(pool) : []), ...imageFileTraits(spec)];
    if (spec.location.kind === "filesystem") return [...traits, ...filesystemTraits(spec.location.filesystem)];
    return [...traits, ...datasetTraits(spec.location.dataset)];
  },

  zfsPool: zfsPoolOf,

  scripts: ["zfs-pool.sh", "zfs-dataset.sh", "lvm-volume-group.sh", "lvm-logical-volume.sh", "filesystem.sh", "disk-image.sh"].map(constructScript),

  build(spec, kit) {
    const { location } = spec;
    return new kit.library.DiskImage(kit.scope, "image", {
      location: location.kind === "filesystem" ? buildFilesystem(kit, location.filesystem) : buildDataset(kit, location.dataset),
      format: spec.format,
      size: spec.size,
      preallocation: spec.preallocation,
      clusterSize: spec.clusterSize,
    });
  },
};
