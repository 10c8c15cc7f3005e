/**
 * What a production stack needs of a scenario, read back from its result file's configuration
 * (the resolved scenario the runner records: storage spec, attachment, host, guest, facts).
 */
import { backendNamed } from "../backends/registry";
import type { DiskSettings } from "../domain/disk-settings";
import { ResultInputError } from "../results/errors";
import type { GuestSpec, HostSpec, StorageSpec } from "../study/model";
import { storageDeviceNames } from "../study/storage-facts";

export interface EmittableScenario {
  readonly name: string;
  /** The storage's name in the study: names its pools, volume groups and mountpoint. */
  readonly storageName: string;
  readonly storage: StorageSpec;
  readonly attachment: DiskSettings;
  readonly host: HostSpec;
  readonly guest: GuestSpec;
  /** Study device name → its path on the host. */
  readonly devicePaths: Readonly<Record<string, string>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * The scenario a result file describes, ready to emit. Throws a ResultInputError naming what is
 * missing (a result file from before kvmbench recorded configurations, or raw tool output), or
 * for storage a production stack cannot make from the published library (`kind: file` checks its
 * directory with a script of the study app's own).
 */
export function emittableScenario(name: string, configuration: Readonly<Record<string, unknown>>, source: string): EmittableScenario {
  const { storageName, storage, attachment, host, guest, facts } = configuration;
  const missing = [
    typeof storageName === "string" ? undefined : "storageName",
    isRecord(storage) && typeof storage["kind"] === "string" ? undefined : "storage",
    isRecord(attachment) && typeof attachment["bus"] === "string" && typeof attachment["cache"] === "string" ? undefined : "attachment",
    isRecord(host) && typeof host["uri"] === "string" && typeof host["workdir"] === "string" ? undefined : "host",
    isRecord(guest) && typeof guest["os"] === "string" && isRecord(guest["image"]) ? undefined : "guest",
  ].filter((key): key is string => key !== undefined);
  if (missing.length > 0) {
    throw new ResultInputError(
      `${source}: the configuration lacks ${missing.join(", ")}; expected a result file written by kvmbench run (its configuration is the scenario the study resolved), not raw tool output`,
    );
  }
  const spec = storage as unknown as StorageSpec;
  const backend = backendNamed(spec.kind);
  if (!backend) throw new ResultInputError(`${source}: storage kind "${spec.kind}" is not one kvmbench knows`);
  if (spec.kind === "file") {
    throw new ResultInputError(
      `${source}: ${name} uses kind: file storage, whose directory check is a script of the study app, not of the published library; ` +
        "expected a scenario on block, lvm, zvol or image storage (for an image in a directory the host already has, see PoolVolume in a DirectoryPool.fromName)",
    );
  }
  const hostSpec = host as unknown as HostSpec;
  const paths = strings(isRecord(facts) ? facts["hostDevices"] : undefined);
  const devicePaths: Record<string, string> = {};
  storageDeviceNames(spec).forEach((device, index) => {
    const path = hostSpec.devices?.[device] ?? paths[index];
    if (path === undefined) throw new ResultInputError(`${source}: the configuration names no path for device "${device}" (facts.hostDevices)`);
    devicePaths[device] = path;
  });
  return {
    name,
    storageName: storageName as string,
    storage: spec,
    attachment: attachment as unknown as DiskSettings,
    host: hostSpec,
    guest: guest as unknown as GuestSpec,
    devicePaths,
  };
}
