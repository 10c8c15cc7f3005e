/**
 * The StorageFacts each storage spec will have once built, derived from the spec alone, so
 * the matrix can be judged by the rules before any construct exists.
 */
import type { StorageFacts } from "../constructs/storage/disk-backend";
import { zfsDatasetDirectIo } from "../constructs/storage/direct-io";
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
