/**
 * Like-for-like: the report ranks every scenario of a study side by side, so scenarios should
 * differ only in their axes (storage, cache, bus, io). This finds the settings that differ
 * beyond them: ZFS properties of the pools, datasets and zvols, image preallocation and cluster
 * size, filesystem options, machine type and firmware. Values are compared as they take effect
 * (a key the study leaves out counts as kvmbench's or ZFS's default), and only between
 * scenarios the setting applies to (compression between scenarios that have ZFS under them).
 */
import type { Trait } from "../backends/backend";
import { backendOf } from "../backends/registry";
import type { Scenario } from "./scenarios";

/** One value a setting takes, and the scenarios that have it. */
export interface SettingValue {
  /** The value as it takes effect, e.g. "lz4" or "16K". */
  readonly value: string;
  /** Whether it is a default (the study left the key out). */
  readonly isDefault: boolean;
  /** Scenario names, in plan order. */
  readonly scenarios: readonly string[];
  /** When the scenarios are exactly every scenario of some storages: those storage names; else []. */
  readonly storages: readonly string[];
}

/** A setting that differs between scenarios the report compares. */
export interface SettingDifference {
  /** What differs, e.g. "ZFS compression". */
  readonly setting: string;
  /** Two or more values, in plan order of their first scenario. */
  readonly values: readonly SettingValue[];
}

function scenarioTraits(scenario: Scenario): Trait[] {
  return [
    { setting: "machine", value: scenario.attachment.machine, isDefault: false },
    { setting: "firmware", value: scenario.guest.firmware, isDefault: false },
    ...backendOf(scenario.storage).traits(scenario.storage),
  ];
}

/** The settings that differ between the plan's scenarios beyond their axes; [] when they are like-for-like. */
export function likeForLikeDifferences(scenarios: readonly Scenario[]): SettingDifference[] {
  const bySetting = new Map<string, Map<string, { isDefault: boolean; scenarios: Scenario[] }>>();
  for (const scenario of scenarios) {
    for (const { setting, value, isDefault } of scenarioTraits(scenario)) {
      const values = bySetting.get(setting) ?? new Map<string, { isDefault: boolean; scenarios: Scenario[] }>();
      const entry = values.get(value) ?? { isDefault, scenarios: [] };
      entry.isDefault &&= isDefault;
      entry.scenarios.push(scenario);
      values.set(value, entry);
      bySetting.set(setting, values);
    }
  }
  const differences: SettingDifference[] = [];
  for (const [setting, values] of bySetting) {
    if (values.size < 2) continue;
    differences.push({
      setting,
      values: [...values].map(([value, entry]) => ({
        value,
        isDefault: entry.isDefault,
        scenarios: entry.scenarios.map((s) => s.name),
        storages: wholeStorages(entry.scenarios, scenarios),
      })),
    });
  }
  return differences;
}

function wholeStorages(members: readonly Scenario[], all: readonly Scenario[]): string[] {
  const names = [...new Set(members.map((s) => s.storageName))];
  const whole = names.every((storage) => all.every((s) => s.storageName !== storage || members.includes(s)));
  return whole ? names : [];
}

/** "storage zvol, zfs-qcow2 (12 scenarios)", or the scenario names when they are not whole storages. */
function describeValueScenarios(value: SettingValue): string {
  if (value.storages.length > 0) {
    return `storage ${value.storages.join(", ")} (${value.scenarios.length} scenario${value.scenarios.length === 1 ? "" : "s"})`;
  }
  const [a, b, c, ...rest] = value.scenarios;
  return [a, b, c].filter((name) => name !== undefined).join(", ") + (rest.length > 0 ? ` and ${rest.length} more` : "");
}

/** One line per difference, e.g. `ZFS compression differs: "lz4" (default) for storage zvol (6 scenarios); "off" for storage zfs-qcow2 (6 scenarios)`. */
export function formatDifference(difference: SettingDifference): string {
  const parts = difference.values.map((value) => `"${value.value}"${value.isDefault ? " (default)" : ""} for ${describeValueScenarios(value)}`);
  return `not like-for-like: ${difference.setting} differs: ${parts.join("; ")}. The report ranks them side by side: give every scenario the same value, or compare this setting in a study of its own`;
}
