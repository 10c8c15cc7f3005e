/**
 * The ext4/xfs filesystem image files can live on (on a study device, a zvol or a logical volume):
 * its reader, how it reads for people, the settings like-for-like compares, and its builder.
 */
import type { Node } from "yaml";
import type { Filesystem, IBlockDevice } from "../../constructs/storage";
import { hostMountpoint } from "../../domain/locations";
import { FILESYSTEM_TYPES, mkfsOptionProblems, mountOptionProblems, type OptionProblem } from "../../domain/filesystem-options";
import type { FilesystemSource, FilesystemSpec, Size } from "../../study/model";
import { StudyReader, childPath } from "../../study/yaml-reader";
import type { BuildKit, StudyNames, Trait } from "../backend";
import { hostDisk } from "./host-disks";
import { buildLogicalVolume, readLogicalVolume } from "./lvm";
import { trait } from "./traits";
import { buildZvol, poolText, readZvol, zvolTraits } from "./zfs";

const SOURCE_KEYS = ["device", "zvol", "lvm"] as const;

export function readFilesystem(reader: StudyReader, node: Node | null | undefined, path: string, names: StudyNames): FilesystemSpec | undefined {
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
  const source = readFilesystemSource(reader, fields.value(given[0]), fields.pathOf(given[0]), given[0], names);
  if (!type || !mkfsOptions || !mountOptions || !source) return undefined;
  const mkfsOk = reportOptionProblems(reader, fields.value("mkfsOptions"), fields.pathOf("mkfsOptions"), mkfsOptionProblems(type, mkfsOptions), `mkfs.${type} options from the allowlist in docs/study.md, none naming a path or device`);
  const mountOk = reportOptionProblems(reader, fields.value("mountOptions"), fields.pathOf("mountOptions"), mountOptionProblems(type, mountOptions), `${type} mount options from the allowlist in docs/study.md, one per item`);
  if (!mkfsOk || !mountOk) return undefined;
  return { type, source, mkfsOptions, mountOptions };
}

function readFilesystemSource(reader: StudyReader, node: Node | null | undefined, path: string, key: (typeof SOURCE_KEYS)[number], names: StudyNames): FilesystemSource | undefined {
  if (key === "device") {
    const device = reader.reference(node, path, "device", names.devices);
    return device === undefined ? undefined : { kind: "device", device };
  }
  if (key === "zvol") {
    const zvol = readZvol(reader, node, path, names);
    return zvol ? { kind: "zvol", zvol } : undefined;
  }
  const lvm = readLogicalVolume(reader, node, path, names);
  return lvm ? { kind: "lvm", lvm } : undefined;
}

/** Reports each problem at its list item; true when there are none. */
function reportOptionProblems(reader: StudyReader, node: Node | null | undefined, path: string, problems: readonly OptionProblem[], expected: string): boolean {
  const items = problems.length ? (reader.list(node, path, expected) ?? []) : [];
  for (const problem of problems) reader.error(items[problem.index], childPath(path, problem.index), problem.message, expected, node ?? undefined);
  return problems.length === 0;
}

function readStringList(reader: StudyReader, node: Node | null | undefined, path: string, expected: string): string[] | undefined {
  const items = reader.list(node, path, expected);
  if (!items) return undefined;
  const values = items.map((item, index) => reader.string(item, childPath(path, index), "a string"));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/** The size of the volume under a filesystem, when it has one (a zvol or logical volume). */
export function filesystemRoom(spec: FilesystemSpec): Size | undefined {
  if (spec.source.kind === "zvol") return spec.source.zvol.size;
  if (spec.source.kind === "lvm") return spec.source.lvm.size;
  return undefined;
}

/** The study devices under a filesystem. */
export function filesystemDevices(spec: FilesystemSpec): readonly string[] {
  const { source } = spec;
  return source.kind === "device" ? [source.device] : source.kind === "lvm" ? [source.lvm.device] : source.zvol.pool.devices;
}

/** "xfs on ssd", "ext4 on zvol on ssd", "ext4 on lvm on ssd". */
export function filesystemText(spec: FilesystemSpec): string {
  const { source } = spec;
  const under = source.kind === "device" ? source.device : source.kind === "lvm" ? `lvm on ${source.lvm.device}` : `zvol on ${poolText(source.zvol.pool)}`;
  return `${spec.type} on ${under}`;
}

export function filesystemTraits(spec: FilesystemSpec): Trait[] {
  const options = (list: readonly string[]) => (list.length > 0 ? list.join(" ") : undefined);
  return [
    trait(`${spec.type} mkfs options`, options(spec.mkfsOptions), "none"),
    trait("filesystem mount options", options(spec.mountOptions), "defaults"),
    ...(spec.source.kind === "zvol" ? zvolTraits(spec.source.zvol) : []),
  ];
}

/** The filesystem, mounted at `<workdir>/mnt/<storage name>`, on its device, zvol or logical volume. */
export function buildFilesystem(kit: BuildKit, spec: FilesystemSpec): Filesystem {
  const { source } = spec;
  const device: IBlockDevice =
    source.kind === "device" ? hostDisk(kit, source.device) : source.kind === "zvol" ? buildZvol(kit, source.zvol) : buildLogicalVolume(kit, source.lvm);
  return new kit.library.Filesystem(kit.scope, "filesystem", {
    device,
    type: spec.type,
    mkfsOptions: spec.mkfsOptions.length ? spec.mkfsOptions : undefined,
    mountOptions: spec.mountOptions.length ? spec.mountOptions : undefined,
    mountpoint: hostMountpoint(kit.host.workdir, kit.storageName),
    wipe: kit.wipe,
  });
}
