import type { ScenarioSettings } from "../results/scenario-settings";

/** Formats a throughput in MB/s: fewer decimals the bigger it is; "–" when unknown. */
export function formatMbPerSecond(value: number | undefined): string {
  if (value === undefined) return "–";
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** Formats a plain number with up to `digits` decimals; "–" when unknown. */
export function formatNumber(value: number | undefined, digits = 2): string {
  if (value === undefined) return "–";
  return Number(value.toFixed(digits)).toString();
}

/** A setting for tables; "–" when unknown (io absent means the hypervisor default). */
export function formatSetting(settings: ScenarioSettings, key: keyof ScenarioSettings): string {
  return settings[key] ?? (key === "io" ? "default" : "–");
}
