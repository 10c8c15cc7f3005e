/**
 * Stack names, both ways: a scenario is named `<storage>-<cache>-<bus>[-<io>]` (the study's
 * expansion encodes it), and a name of that shape is decoded back into its settings (the report
 * does, for raw fio files named after their scenario).
 */
import { BUSES, CACHE_MODES, IO_MODES, type Bus, type CacheMode, type IoMode } from "./disk-settings";

/** The name of the baseline stack and of its result file; no scenario may take it. */
export const BASELINE_NAME = "baseline";

/** The settings a scenario's name is made of. */
export interface ScenarioNameParts {
  readonly storage: string;
  readonly cache: CacheMode;
  readonly bus: Bus;
  /** @default - no io axis */
  readonly io?: IoMode;
}

/** `<storage>-<cache>-<bus>[-<io>]`, e.g. "xfs-qcow2-writeback-virtio", "zvol-none-virtio-native". */
export function scenarioName(storage: string, cache: CacheMode, bus: Bus, io?: IoMode): string {
  return [storage, cache, bus, ...(io ? [io] : [])].join("-");
}

/** Longest first, so that "virtio-scsi" is not read as bus "virtio" with io "scsi". */
const BUSES_LONGEST_FIRST = [...BUSES].sort((a, b) => b.length - a.length);

function isMember<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/**
 * The settings a name encodes, or undefined when it does not have the shape of `scenarioName`.
 * Storage names may hold "-" (and even a cache mode's word): the first split that leaves a cache
 * mode, a bus and an optional io mode wins.
 */
export function parseScenarioName(name: string): ScenarioNameParts | undefined {
  const parts = name.split("-");
  for (let cacheIndex = 1; cacheIndex < parts.length; cacheIndex++) {
    const cache = parts[cacheIndex];
    if (!isMember(CACHE_MODES, cache)) continue;
    const rest = parts.slice(cacheIndex + 1).join("-");
    const bus = BUSES_LONGEST_FIRST.find((candidate) => rest === candidate || rest.startsWith(`${candidate}-`));
    if (!bus) continue;
    const io = rest.slice(bus.length + 1);
    if (io !== "" && !isMember(IO_MODES, io)) continue;
    return { storage: parts.slice(0, cacheIndex).join("-"), cache, bus, ...(io ? { io } : {}) };
  }
  return undefined;
}
