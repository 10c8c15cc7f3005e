/**
 * What a study knows of each storage before anything is built, from its spec alone, so that the
 * matrix can be judged by the rules: its devices, summary, facts and the storage rules' findings.
 * Each kind's backend (backends/registry.ts) supplies them.
 */
import { backendOf } from "../backends/registry";
import { ownValue } from "../domain/own-value";
import type { RuleFinding } from "../domain/rules";
import type { StorageFacts } from "../domain/storage-facts";
import type { HostSpec, StorageSpec, ZfsPoolSpec } from "./model";

/** Device names (keys of `devices`) a storage spec consumes, in order, without repeats. */
export function storageDeviceNames(spec: StorageSpec): string[] {
  return [...new Set(backendOf(spec).devices(spec))];
}

/**
 * The path of a study device on a host (the host's override, else the study's); "" for a device
 * whose path the reader refused (a study with errors yields no plan).
 */
export function devicePath(name: string, host: HostSpec, devices: Readonly<Record<string, string>>): string {
  return ownValue(host.devices, name) ?? ownValue(devices, name) ?? "";
}

/**
 * The devices of a storage that a host has no path for: not its own (`hosts[].devices`), and
 * `hasStudyPath` says the study gives none either (a disk only some hosts have). A storage is
 * never placed on such a host, so no scenario reaches a disk its host does not declare.
 */
export function devicesWithoutPath(spec: StorageSpec, host: HostSpec, hasStudyPath: (device: string) => boolean): string[] {
  return storageDeviceNames(spec).filter((name) => !hasStudyPath(name) && ownValue(host.devices, name) === undefined);
}

/** e.g. "qcow2 on xfs on ssd", "raw on zvol on ssd", "qcow2 on ext4 on zvol on ssd". */
export function storageSummary(spec: StorageSpec): string {
  return backendOf(spec).summary(spec);
}

/** The facts the disk rules judge, for this spec on this host. */
export function storageFacts(spec: StorageSpec, host: HostSpec, devices: Readonly<Record<string, string>>): StorageFacts {
  const hostDevices = storageDeviceNames(spec).map((name) => devicePath(name, host, devices));
  return { ...backendOf(spec).facts(spec, host), hostDevices, summary: storageSummary(spec) };
}

/** The ZFS pool under a storage, if any. */
export function zfsPoolOf(spec: StorageSpec): ZfsPoolSpec | undefined {
  const backend = backendOf(spec);
  return backend.zfsPool ? backend.zfsPool(spec) : undefined;
}

/** The storage rules' warnings about a spec: the same findings its constructs report when used on their own. */
export function storageWarnings(spec: StorageSpec): RuleFinding[] {
  return backendOf(spec).findings(spec);
}
