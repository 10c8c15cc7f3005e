/**
 * The ZFS parts of storage specs (pools, datasets, zvols), shared by the backends that have them:
 * their readers, how they read for people, the settings like-for-like compares, and their builders.
 */
import type { Node } from "yaml";
import type { ZfsDataset, ZfsPool, Zvol } from "../../constructs/storage";
import { DEFAULT_ASHIFT, DEFAULT_COMPRESSION, DEFAULT_VOLBLOCKSIZE } from "../../domain/storage-defaults";
import {
  POOL_TOPOLOGIES,
  PoolTopology,
  Size,
  ZFS_PRIMARY_CACHE_VALUES,
  ZFS_SYNC_VALUES,
  ZfsDatasetSpec,
  ZfsPoolSpec,
  ZvolSpec,
} from "../../study/model";
import { formatBytes, isPowerOfTwo } from "../../study/size";
import { MapFields, StudyReader, childPath } from "../../study/yaml-reader";
import type { BuildKit, StudyNames, Trait } from "../backend";
import { hostDisk, ownedName } from "./host-disks";
import { sizeSetting, trait } from "./traits";

const COMPRESSION = /^(on|off|lz4|lzjb|zle|gzip(-[1-9])?|zstd(-([1-9]|1[0-9]))?|zstd-fast(-([1-9]|[1-9][0-9]|[1-9]00|1000))?)$/;
const COMPRESSION_EXPECTATION = 'a ZFS compression such as "off", "lz4", "zstd", "zstd-3" or "gzip-9" (quote "off" and "on")';

/** Least number of devices per topology. */
const MIN_DEVICES: Readonly<Record<PoolTopology, number>> = { single: 1, mirror: 2, raidz1: 2, raidz2: 3, raidz3: 4 };

export function readPowerOfTwoSize(reader: StudyReader, node: Node | null | undefined, path: string, min: number, max: number): Size | undefined {
  const size = reader.size(node, path);
  if (!size) return undefined;
  if (!isPowerOfTwo(size.bytes) || size.bytes < min || size.bytes > max) {
    reader.error(node, path, `${size.text} is not allowed here`, `a power of two from ${formatBytes(min)} to ${formatBytes(max)}`);
    return undefined;
  }
  return size;
}

export function readCompression(reader: StudyReader, node: Node | null | undefined, path: string): string | undefined {
  const value = reader.string(node, path, COMPRESSION_EXPECTATION);
  if (value === undefined) return undefined;
  if (!COMPRESSION.test(value)) {
    reader.error(node, path, `invalid compression "${value}"`, COMPRESSION_EXPECTATION);
    return undefined;
  }
  return value;
}

/** Reads the optional keys a pool and a dataset share, skipping absent ones. */
function readZfsProperties(reader: StudyReader, fields: MapFields) {
  const optional = <T>(key: string, read: (node: Node | null, path: string) => T | undefined): T | undefined =>
    fields.has(key) ? read(fields.value(key) ?? null, fields.pathOf(key)) : undefined;
  return {
    compression: optional("compression", (n, p) => readCompression(reader, n, p)),
    recordsize: optional("recordsize", (n, p) => readPowerOfTwoSize(reader, n, p, 512, 16 * 1024 * 1024)),
    atime: optional("atime", (n, p) => reader.boolean(n, p)),
    sync: optional("sync", (n, p) => reader.enumValue(n, p, ZFS_SYNC_VALUES)),
    primarycache: optional("primarycache", (n, p) => reader.enumValue(n, p, ZFS_PRIMARY_CACHE_VALUES)),
  };
}

const ZFS_PROPERTY_KEYS = ["compression", "recordsize", "atime", "sync", "primarycache"];

export function readPool(reader: StudyReader, node: Node | null | undefined, path: string, names: StudyNames): ZfsPoolSpec | undefined {
  const fields = reader.map(node, path, { required: ["devices"], optional: ["topology", "ashift", ...ZFS_PROPERTY_KEYS] }, "a ZFS pool mapping such as { devices: [ssd], ashift: 12 }");
  if (!fields) return undefined;
  let ok = true;
  const devices: string[] = [];
  if (fields.has("devices")) {
    const items = reader.list(fields.value("devices"), fields.pathOf("devices"), "a list of device names such as [ssd]", { nonEmpty: true });
    if (!items) ok = false;
    items?.forEach((item, index) => {
      const itemPath = childPath(fields.pathOf("devices"), index);
      const name = reader.reference(item, itemPath, "device", names.devices);
      if (name === undefined) ok = false;
      else if (devices.includes(name)) {
        reader.error(item, itemPath, `device "${name}" is listed twice`, "each device once per pool");
        ok = false;
      } else devices.push(name);
    });
  } else ok = false;
  let topology: PoolTopology = "single";
  if (fields.has("topology")) {
    const value = reader.enumValue(fields.value("topology"), fields.pathOf("topology"), POOL_TOPOLOGIES);
    if (value === undefined) ok = false;
    else topology = value;
  }
  if (ok && devices.length < MIN_DEVICES[topology]) {
    reader.error(fields.value("topology"), fields.pathOf("topology"), `${topology} with ${devices.length} device(s)`, `at least ${MIN_DEVICES[topology]} devices for ${topology}`);
    ok = false;
  }
  const ashift = fields.has("ashift") ? reader.integer(fields.value("ashift"), fields.pathOf("ashift"), 9, 16) : undefined;
  if (fields.has("ashift") && ashift === undefined) ok = false;
  const properties = readZfsProperties(reader, fields);
  if (ZFS_PROPERTY_KEYS.some((key) => fields.has(key) && properties[key as keyof typeof properties] === undefined)) ok = false;
  if (!ok) return undefined;
  return { devices, topology, ...(ashift === undefined ? {} : { ashift }), ...withoutUndefined(properties) };
}

export function readDataset(reader: StudyReader, node: Node | null | undefined, path: string, names: StudyNames): ZfsDatasetSpec | undefined {
  const fields = reader.map(node, path, { required: ["pool"], optional: ZFS_PROPERTY_KEYS }, "a ZFS dataset mapping such as { pool: { devices: [ssd] } }");
  if (!fields) return undefined;
  const pool = fields.has("pool") ? readPool(reader, fields.value("pool"), fields.pathOf("pool"), names) : undefined;
  const properties = readZfsProperties(reader, fields);
  const broken = ZFS_PROPERTY_KEYS.some((key) => fields.has(key) && properties[key as keyof typeof properties] === undefined);
  if (!pool || broken) return undefined;
  return { pool, ...withoutUndefined(properties) };
}

/** The keys a zvol spec has (also used by `kind: zvol` storage, which adds kind and wipe). */
export const ZVOL_SHAPE = { required: ["pool", "size"], optional: ["volblocksize", "sparse", "compression"] };

export function readZvolFields(reader: StudyReader, fields: MapFields, names: StudyNames): ZvolSpec | undefined {
  const pool = fields.has("pool") ? readPool(reader, fields.value("pool"), fields.pathOf("pool"), names) : undefined;
  const size = fields.has("size") ? reader.size(fields.value("size"), fields.pathOf("size")) : undefined;
  const volblocksize = fields.has("volblocksize") ? readPowerOfTwoSize(reader, fields.value("volblocksize"), fields.pathOf("volblocksize"), 512, 128 * 1024) : undefined;
  const sparse = fields.has("sparse") ? reader.boolean(fields.value("sparse"), fields.pathOf("sparse")) : false;
  const compression = fields.has("compression") ? readCompression(reader, fields.value("compression"), fields.pathOf("compression")) : undefined;
  if (!pool || !size || sparse === undefined) return undefined;
  if ((fields.has("volblocksize") && !volblocksize) || (fields.has("compression") && !compression)) return undefined;
  return { pool, size, sparse, ...(volblocksize ? { volblocksize } : {}), ...(compression ? { compression } : {}) };
}

export function readZvol(reader: StudyReader, node: Node | null | undefined, path: string, names: StudyNames): ZvolSpec | undefined {
  const fields = reader.map(node, path, ZVOL_SHAPE, "a zvol mapping such as { pool: { devices: [ssd] }, size: 100GiB }");
  return fields ? readZvolFields(reader, fields, names) : undefined;
}

/** Drops keys whose value is undefined (absent optional settings stay absent in the model). */
export function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

// ---------------------------------------------------------------- for people

/** "ssd", "ssd+hdd" (striped) or "mirror of ssd+hdd". */
export function poolText(pool: ZfsPoolSpec): string {
  const devices = pool.devices.join("+");
  return pool.topology === "single" ? devices : `${pool.topology} of ${devices}`;
}

// ---------------------------------------------------------------- like-for-like

const ZFS_RECORDSIZE_DEFAULT = "128K";

export function poolTraits(pool: ZfsPoolSpec): Trait[] {
  return [
    trait("ZFS ashift", pool.ashift === undefined ? undefined : String(pool.ashift), String(DEFAULT_ASHIFT)),
    trait("ZFS sync", pool.sync, "standard"),
    trait("ZFS primarycache", pool.primarycache, "all"),
  ];
}

export function zvolTraits(zvol: ZvolSpec): Trait[] {
  return [
    trait("ZFS compression", zvol.compression ?? zvol.pool.compression, DEFAULT_COMPRESSION),
    trait("zvol volblocksize", sizeSetting(zvol.volblocksize), DEFAULT_VOLBLOCKSIZE),
    trait("zvol sparse", zvol.sparse ? "sparse" : undefined, "fully reserved"),
  ];
}

export function datasetTraits(dataset: ZfsDatasetSpec): Trait[] {
  const atime = dataset.atime ?? dataset.pool.atime;
  return [
    trait("ZFS compression", dataset.compression ?? dataset.pool.compression, DEFAULT_COMPRESSION),
    trait("ZFS recordsize", sizeSetting(dataset.recordsize ?? dataset.pool.recordsize), ZFS_RECORDSIZE_DEFAULT),
    trait("ZFS atime", atime === undefined ? undefined : atime ? "on" : "off", "on"),
  ];
}

// ---------------------------------------------------------------- builders

export function buildZfsPool(kit: BuildKit, spec: ZfsPoolSpec): ZfsPool {
  return new kit.library.ZfsPool(kit.scope, "zfs-pool", {
    devices: spec.devices.map((d) => hostDisk(kit, d)),
    name: ownedName(kit),
    layout: spec.topology,
    ashift: spec.ashift,
    compression: spec.compression,
    recordsize: spec.recordsize,
    atime: spec.atime,
    sync: spec.sync,
    primarycache: spec.primarycache,
    wipe: kit.wipe,
  });
}

export function buildZvol(kit: BuildKit, spec: ZvolSpec): Zvol {
  return new kit.library.Zvol(kit.scope, "zvol", {
    pool: buildZfsPool(kit, spec.pool),
    size: spec.size,
    volblocksize: spec.volblocksize,
    sparse: spec.sparse,
    compression: spec.compression,
  });
}

export function buildDataset(kit: BuildKit, spec: ZfsDatasetSpec): ZfsDataset {
  return new kit.library.ZfsDataset(kit.scope, "dataset", {
    pool: buildZfsPool(kit, spec.pool),
    recordsize: spec.recordsize,
    compression: spec.compression,
    atime: spec.atime,
    sync: spec.sync,
    primarycache: spec.primarycache,
  });
}
