/**
 * The StorageFacts each storage spec will have once built, derived from the spec alone, so
 * the matrix can be judged by the rules before any construct exists.
 */
import type { RuleFinding } from "../domain/rules";
import { checkImagePreallocation, checkPoolRedundancy, checkZvolSparse } from "../domain/storage-rules";
import type { StorageFacts } from "../domain/storage-facts";
import { zfsDatasetDirectIo } from "../domain/direct-io";
import type { FilesystemSource, HostSpec, StorageSpec, ZfsPoolSpec } from "./model";

/** Device names (keys of `devices`) a storage spec consumes, in order, without repeats. */
export function storageDeviceNames(spec: StorageSpec): string[] {
  const names: string[] = [];
  const poolDevices = (pool: ZfsPoolSpec) => pool.devices;
  const sourceDevices = (source: FilesystemSource): readonly string[] =>
    source.kind === "device" ? [source.device] : source.kind === "lvm" ? [source.lvm.device] : poolDevices(source.zvol.pool);
  const all: readonly string[] =
    spec.kind === "block" || spec.kind === "lvm"
      ? [spec.device]
      : spec.kind === "zvol"
        ? poolDevices(spec.pool)
        : spec.location.kind === "dataset"
          ? poolDevices(spec.location.dataset.pool)
          : sourceDevices(spec.location.filesystem.source);
  for (const name of all) if (!names.includes(name)) names.push(name);
  return names;
}

/** The path of a study device on a host (the host's override, else the study's). */
export function devicePath(name: string, host: HostSpec, devices: Readonly<Record<string, string>>): string {
  return host.devices[name] ?? devices[name];
}

function poolText(pool: ZfsPoolSpec): string {
  const devices = pool.devices.join("+");
  return pool.topology === "single" ? devices : `${pool.topology} of ${devices}`;
}

function sourceText(source: FilesystemSource): string {
  if (source.kind === "device") return source.device;
  if (source.kind === "lvm") return `lvm on ${source.lvm.device}`;
  return `zvol on ${poolText(source.zvol.pool)}`;
}

/** e.g. "qcow2 on xfs on ssd", "raw on zvol on ssd", "qcow2 on ext4 on zvol on ssd". */
export function storageSummary(spec: StorageSpec): string {
  switch (spec.kind) {
    case "block":
      return `raw on ${spec.device}`;
    case "lvm":
      return `raw on lvm on ${spec.device}`;
    case "zvol":
      return `raw on zvol on ${poolText(spec.pool)}`;
    case "image":
      return spec.location.kind === "dataset"
        ? `${spec.format} on zfs on ${poolText(spec.location.dataset.pool)}`
        : `${spec.format} on ${spec.location.filesystem.type} on ${sourceText(spec.location.filesystem.source)}`;
  }
}

/** The facts the disk rules judge, for this spec on this host. */
export function storageFacts(spec: StorageSpec, host: HostSpec, devices: Readonly<Record<string, string>>): StorageFacts {
  const hostDevices = storageDeviceNames(spec).map((name) => devicePath(name, host, devices));
  const summary = storageSummary(spec);
  if (spec.kind !== "image") {
    return { medium: "block", format: "raw", onZfs: spec.kind === "zvol", directIo: { support: "yes" }, hostDevices, summary };
  }
  if (spec.location.kind === "dataset") {
    return {
      medium: "file",
      format: spec.format,
      filesystem: "zfs",
      onZfs: true,
      directIo: zfsDatasetDirectIo(host.openZfsVersion),
      hostDevices,
      summary,
    };
  }
  const { filesystem } = spec.location;
  return {
    medium: "file",
    format: spec.format,
    filesystem: filesystem.type,
    onZfs: filesystem.source.kind === "zvol",
    directIo: { support: "yes" },
    hostDevices,
    summary,
  };
}

/** The ZFS pool under a storage, if any. */
export function zfsPoolOf(spec: StorageSpec): ZfsPoolSpec | undefined {
  if (spec.kind === "zvol") return spec.pool;
  if (spec.kind !== "image") return undefined;
  if (spec.location.kind === "dataset") return spec.location.dataset.pool;
  const { source } = spec.location.filesystem;
  return source.kind === "zvol" ? source.zvol.pool : undefined;
}

/** The storage rules' warnings about a spec: the same findings its constructs will report. */
export function storageWarnings(spec: StorageSpec): RuleFinding[] {
  const pool = zfsPoolOf(spec);
  const findings = pool ? checkPoolRedundancy(pool.topology, pool.devices.length) : [];
  if (spec.kind === "zvol") findings.push(...checkZvolSparse(spec.sparse));
  if (spec.kind === "image") {
    const { location } = spec;
    if (location.kind === "dataset") findings.push(...checkImagePreallocation("zfs", spec.preallocation));
    else if (location.filesystem.source.kind === "zvol") findings.push(...checkZvolSparse(location.filesystem.source.zvol.sparse));
  }
  return findings;
}
