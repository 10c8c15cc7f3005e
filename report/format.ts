import type { ScenarioSettings } from "../results/scenario-settings";

/** Formats a throughput in MB/s: fewer decimals the bigger it is; "–" when unknown. */
export function formatMbPerSecond(value: number | undefined): string {
  if (value === undefined) return "–";
  if (value === 0) return "0";
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

/** Formats a latency in milliseconds: to the microsecond below 1 ms, three significant digits up to 100 ms, grouped whole numbers above; "–" when unknown. */
export function formatMs(value: number | undefined): string {
  if (value === undefined) return "–";
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value).toLocaleString("en-US");
  return value.toFixed(magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3);
}

/** A fraction as a whole percentage, e.g. "8 %". */
export function formatPercent(fraction: number): string {
  return `${formatNumber(fraction * 100, fraction < 0.1 && fraction > -0.1 ? 1 : 0)} %`;
}

/** A two-sided p-value: "p < 0.001" or "p = 0.03". */
export function formatPValue(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${formatNumber(p, p < 0.01 ? 3 : 2)}`;
}
