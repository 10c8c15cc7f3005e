import { parseScenarioName } from "../domain/scenario-names";

/** The settings the report groups and labels scenarios by. Absent when unknown. */
export interface ScenarioSettings {
  readonly storage?: string;
  readonly cache?: string;
  readonly bus?: string;
  readonly io?: string;
}

/** The setting names, in report order. */
export const SETTING_NAMES = ["storage", "cache", "bus", "io"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A setting value as text: a string, or an object's `name` (then `kind`). */
function settingText(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isRecord(value)) return settingText(value["name"]) ?? settingText(value["kind"]);
  return undefined;
}

function findSetting(configuration: Record<string, unknown>, key: string): string | undefined {
  const direct = settingText(configuration[key]);
  if (direct !== undefined) return direct;
  for (const nested of ["attachment", "disk", "scenario"]) {
    const inner = configuration[nested];
    if (isRecord(inner)) {
      const value = settingText(inner[key]);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/**
 * Reads storage, cache, bus and io from a result file's `configuration` (the runner writes the
 * study's resolved Scenario: `storageName`, `storage` spec, `attachment: {bus, cache, io}`):
 * the storage is `storageName`, else `storage` (a string, or an object's `name`, then `kind`);
 * the others are top-level keys first, then inside `attachment`, `disk` or `scenario`.
 */
export function settingsFromConfiguration(configuration: Record<string, unknown>): ScenarioSettings {
  return {
    storage: settingText(configuration["storageName"]) ?? findSetting(configuration, "storage"),
    cache: findSetting(configuration, "cache"),
    bus: findSetting(configuration, "bus"),
    io: findSetting(configuration, "io"),
  };
}

/**
 * Settings from a stack name such as `xfs-qcow2-writeback-virtio` or `zvol-none-virtio-native`
 * (`domain/scenario-names.ts` decodes it): used for raw fio files named after their scenario.
 * Returns {} when the name does not have that shape.
 */
export function settingsFromName(name: string): ScenarioSettings {
  const parts = parseScenarioName(name);
  return parts ? { ...parts } : {};
}

/** Settings from the configuration, with any gaps filled from the name. */
export function scenarioSettings(name: string, configuration: Record<string, unknown>): ScenarioSettings {
  const fromConfiguration = settingsFromConfiguration(configuration);
  const fromName = settingsFromName(name);
  return {
    storage: fromConfiguration.storage ?? fromName.storage,
    cache: fromConfiguration.cache ?? fromName.cache,
    bus: fromConfiguration.bus ?? fromName.bus,
    io: fromConfiguration.io ?? fromName.io,
  };
}
