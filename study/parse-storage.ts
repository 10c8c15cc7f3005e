/** Reader for the `storage:` section: block, lvm, zvol and image specs. */
import { Node, isMap, isScalar } from "yaml";
import {
  FILESYSTEM_TYPES,
  FilesystemSource,
  FilesystemSpec,
  IMAGE_FORMATS,
  ImageStorageSpec,
  LogicalVolumeSpec,
  PREALLOCATIONS,
  STORAGE_KINDS,
  Size,
  StorageKind,
  StorageSpec,
} from "./model";
import { StudyNames, ZVOL_SHAPE, readDataset, readPowerOfTwoSize, readZvol, readZvolFields } from "./parse-zfs";
import { NAME_EXPECTATION, isValidName } from "./names";
import { listAlternatives } from "./suggest";
import { MapFields, StudyReader, childPath } from "./yaml-reader";
import { OptionProblem, mkfsOptionProblems, mountOptionProblems } from "../domain/filesystem-options";

const SHAPES: Readonly<Record<StorageKind, { required: string[]; optional: string[] }>> = {
  block: { required: ["kind", "device"], optional: ["wipe"] },
  lvm: { required: ["kind", "device", "size"], optional: ["wipe"] },
  zvol: { required: ["kind", ...ZVOL_SHAPE.required], optional: [...ZVOL_SHAPE.optional, "wipe"] },
  image: { required: ["kind", "format", "size"], optional: ["preallocation", "clusterSize", "filesystem", "dataset", "wipe"] },
};

const STORAGE_EXPECTATION = `a storage mapping with "kind" (${listAlternatives(STORAGE_KINDS)}), e.g. { kind: block, device: ssd }`;

/** The storage specs that are valid, and every name declared (valid or not). */
export interface StorageSection {
  readonly specs: ReadonlyMap<string, StorageSpec>;
  readonly declared: readonly string[];
}

export function readStorageSection(reader: StudyReader, node: Node | null | undefined, names: StudyNames): StorageSection {
  const specs = new Map<string, StorageSpec>();
  const declared: string[] = [];
  for (const entry of reader.namedEntries(node, "storage", "a mapping of storage names to storage specs")) {
    const path = childPath("storage", entry.name);
    declared.push(entry.name);
    if (!isValidName(entry.name)) {
      reader.error(entry.key, path, `invalid storage name "${entry.name}"`, NAME_EXPECTATION);
      continue;
    }
    const spec = readStorage(reader, entry.value, path, names, entry.key);
    if (spec) specs.set(entry.name, spec);
  }
  return { specs, declared };
}

function readKind(reader: StudyReader, node: Node | null | undefined, path: string, fallback: Node): StorageKind | undefined {
  const resolved = reader.resolve(node);
  if (!resolved || !isMap(resolved)) {
    reader.map(resolved, path, { required: [], optional: [] }, STORAGE_EXPECTATION, fallback);
    return undefined;
  }
  const kindNode = resolved.items.find((item) => isScalar(item.key) && item.key.value === "kind");
  if (!kindNode) {
    reader.error(resolved, childPath(path, "kind"), 'required key "kind" is missing', `"kind": one of ${listAlternatives(STORAGE_KINDS)}`);
    return undefined;
  }
  return reader.enumValue(kindNode.value as Node | null, childPath(path, "kind"), STORAGE_KINDS);
}

function readWipe(reader: StudyReader, fields: MapFields): boolean | undefined {
  return fields.has("wipe") ? reader.boolean(fields.value("wipe"), fields.pathOf("wipe")) : false;
}

export function readStorage(reader: StudyReader, node: Node | null | undefined, path: string, names: StudyNames, keyNode: Node): StorageSpec | undefined {
  const kind = readKind(reader, node, path, keyNode);
  if (!kind) return undefined;
  const fields = reader.map(node, path, SHAPES[kind], STORAGE_EXPECTATION);
  if (!fields) return undefined;
  const wipe = readWipe(reader, fields);
  switch (kind) {
    case "block": {
      const device = fields.has("device") ? reader.reference(fields.value("device"), fields.pathOf("device"), "device", names.devices) : undefined;
      return device !== undefined && wipe !== undefined ? { kind, device, wipe } : undefined;
    }
    case "lvm": {
      const device = fields.has("device") ? reader.reference(fields.value("device"), fields.pathOf("device"), "device", names.devices) : undefined;
      const size = fields.has("size") ? reader.size(fields.value("size"), fields.pathOf("size")) : undefined;
      return device !== undefined && size && wipe !== undefined ? { kind, device, size, wipe } : undefined;
    }
    case "zvol": {
      const zvol = readZvolFields(reader, fields, names);
      return zvol && wipe !== undefined ? { kind, ...zvol, wipe } : undefined;
    }
    case "image":
      return readImage(reader, fields, names, wipe);
  }
}

function readImage(reader: StudyReader, fields: MapFields, names: StudyNames, wipe: boolean | undefined): ImageStorageSpec | undefined {
  const format = fields.has("format") ? reader.enumValue(fields.value("format"), fields.pathOf("format"), IMAGE_FORMATS) : undefined;
  const size = fields.has("size") ? reader.size(fields.value("size"), fields.pathOf("size")) : undefined;
  const preallocation = fields.has("preallocation") ? reader.enumValue(fields.value("preallocation"), fields.pathOf("preallocation"), PREALLOCATIONS) : "off";
  const clusterSize = fields.has("clusterSize")
    ? readPowerOfTwoSize(reader, fields.value("clusterSize"), fields.pathOf("clusterSize"), 512, 2 * 1024 * 1024)
    : undefined;
  let ok = format !== undefined && size !== undefined && preallocation !== undefined && wipe !== undefined && (!fields.has("clusterSize") || clusterSize !== undefined);

  if (format === "raw" && preallocation === "metadata") {
    reader.error(fields.value("preallocation"), fields.pathOf("preallocation"), 'preallocation "metadata" with format raw', `one of ${listAlternatives(["off", "falloc", "full"])} for raw images ("metadata" is for qcow2)`);
    ok = false;
  }
  if (format === "raw" && fields.has("clusterSize")) {
    reader.error(fields.keyNode("clusterSize"), fields.pathOf("clusterSize"), "clusterSize with format raw", "clusterSize only with format qcow2");
    ok = false;
  }

  const hasFilesystem = fields.has("filesystem");
  const hasDataset = fields.has("dataset");
  if (hasFilesystem === hasDataset) {
    const node = hasFilesystem ? fields.keyNode("dataset") : fields.node;
    reader.error(node, fields.path, hasFilesystem ? 'both "filesystem" and "dataset" are given' : 'neither "filesystem" nor "dataset" is given', 'exactly one of "filesystem" (ext4/xfs) or "dataset" (ZFS) to hold the image file');
    return undefined;
  }
  if (hasDataset) {
    const dataset = readDataset(reader, fields.value("dataset"), fields.pathOf("dataset"), names);
    if (!dataset || !ok || !format || !size || !preallocation || wipe === undefined) return undefined;
    return { kind: "image", format, size, preallocation, ...(clusterSize ? { clusterSize } : {}), location: { kind: "dataset", dataset }, wipe };
  }
  const filesystem = readFilesystem(reader, fields.value("filesystem"), fields.pathOf("filesystem"), names);
  if (!filesystem || !ok || !format || !size || !preallocation || wipe === undefined) return undefined;
  const room = sourceSize(filesystem.source);
  if (room && preallocation !== "off" && preallocation !== "metadata" && size.bytes > room.bytes) {
    reader.error(fields.value("size"), fields.pathOf("size"), `a ${preallocation}-preallocated ${size.text} image does not fit its ${room.text} volume`, `at most ${room.text} (less the filesystem's overhead)`);
    return undefined;
  }
  return { kind: "image", format, size, preallocation, ...(clusterSize ? { clusterSize } : {}), location: { kind: "filesystem", filesystem }, wipe };
}

function sourceSize(source: FilesystemSource): Size | undefined {
  if (source.kind === "zvol") return source.zvol.size;
  if (source.kind === "lvm") return source.lvm.size;
  return undefined;
}

const SOURCE_KEYS = ["device", "zvol", "lvm"] as const;

function readFilesystem(reader: StudyReader, node: Node | null | undefined, path: string, names: StudyNames): FilesystemSpec | undefined {
  const fields = reader.map(node, path, { required: ["type"], optional: [...SOURCE_KEYS, "mkfsOptions", "mountOptions"] }, "a filesystem mapping such as { type: xfs, device: ssd }");
  if (!fields) return undefined;
  const type = fields.has("type") ? reader.enumValue(fields.value("type"), fields.pathOf("type"), FILESYSTEM_TYPES) : undefined;
  const mkfsOptions = fields.has("mkfsOptions") ? readStringList(reader, fields.value("mkfsOptions"), fields.pathOf("mkfsOptions"), 'a list of mkfs arguments such as ["-m", "0"]') : [];
  const mountOptions = fields.has("mountOptions") ? readStringList(reader, fields.value("mountOptions"), fields.pathOf("mountOptions"), "a list of mount options such as [noatime]") : [];
  const given = SOURCE_KEYS.filter((key) => fields.has(key));
  if (given.length !== 1) {
    const at = given.length > 1 ? fields.keyNode(given[1]) : fields.node;
    reader.error(at, path, given.length > 1 ? `${given.map((k) => `"${k}"`).join(" and ")} are given` : "no device for the filesystem", 'exactly one of "device" (a study device), "zvol" ({ pool, size }) or "lvm" ({ device, size })');
    return undefined;
  }
  const source = readFilesystemSource(reader, fields, given[0], names);
  if (!type || !mkfsOptions || !mountOptions || !source) return undefined;
  const mkfsOk = reportOptionProblems(reader, fields.value("mkfsOptions"), fields.pathOf("mkfsOptions"), mkfsOptionProblems(type, mkfsOptions), `mkfs.${type} options from the allowlist in docs/study.md, none naming a path or device`);
  const mountOk = reportOptionProblems(reader, fields.value("mountOptions"), fields.pathOf("mountOptions"), mountOptionProblems(type, mountOptions), `${type} mount options from the allowlist in docs/study.md, one per item`);
  if (!mkfsOk || !mountOk) return undefined;
  return { type, source, mkfsOptions, mountOptions };
}

function readFilesystemSource(reader: StudyReader, fields: MapFields, key: (typeof SOURCE_KEYS)[number], names: StudyNames): FilesystemSource | undefined {
  const path = fields.pathOf(key);
  if (key === "device") {
    const device = reader.reference(fields.value(key), path, "device", names.devices);
    return device === undefined ? undefined : { kind: "device", device };
  }
  if (key === "zvol") {
    const zvol = readZvol(reader, fields.value(key), path, names);
    return zvol ? { kind: "zvol", zvol } : undefined;
  }
  const lvm = readLogicalVolume(reader, fields.value(key), path, names);
  return lvm ? { kind: "lvm", lvm } : undefined;
}

function readLogicalVolume(reader: StudyReader, node: Node | null | undefined, path: string, names: StudyNames): LogicalVolumeSpec | undefined {
  const fields = reader.map(node, path, { required: ["device", "size"], optional: [] }, "a logical volume mapping such as { device: ssd, size: 100GiB }");
  if (!fields) return undefined;
  const device = fields.has("device") ? reader.reference(fields.value("device"), fields.pathOf("device"), "device", names.devices) : undefined;
  const size = fields.has("size") ? reader.size(fields.value("size"), fields.pathOf("size")) : undefined;
  return device !== undefined && size ? { device, size } : undefined;
}

/** Reports each problem at its list item; true when there are none. */
function reportOptionProblems(reader: StudyReader, node: Node | null | undefined, path: string, problems: readonly OptionProblem[], expected: string): boolean {
  const items = problems.length ? (reader.list(node, path, expected) ?? []) : [];
  for (const problem of problems) reader.error(items[problem.index], childPath(path, problem.index), problem.message, expected, node ?? undefined);
  return problems.length === 0;
}

export function readStringList(reader: StudyReader, node: Node | null | undefined, path: string, expected: string): string[] | undefined {
  const items = reader.list(node, path, expected);
  if (!items) return undefined;
  const values = items.map((item, index) => reader.string(item, childPath(path, index), "a string"));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}
