import type { ScenarioSettings } from "../results/scenario-settings";

/** The lowest and highest of a bar's repeats, for a bar that comes from more than one repeat. */
export interface ChartSpread {
  readonly min: number;
  readonly max: number;
  readonly repeats: number;
}

/** A scenario's value for one chart. */
export interface ChartPoint {
  readonly name: string;
  readonly settings: ScenarioSettings;
  readonly value: number | undefined;
  readonly spread?: ChartSpread;
}

/** Bars laid out for a grouped bar chart: one bar series per group, values per category. */
export interface ChartGrouping {
  /** Category (x axis) labels. */
  readonly categories: readonly string[];
  /**
   * One series per legend entry; values align with categories (undefined: no bar), and so do
   * spreads, present when some point of the chart has one (undefined: no whisker on that bar).
   */
  readonly series: readonly {
    readonly name: string;
    readonly values: readonly (number | undefined)[];
    readonly spreads?: readonly (ChartSpread | undefined)[];
  }[];
  /** How the grouping was chosen, for the chart's subtitle. */
  readonly description: string;
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}

/** A series' values and, when the chart has any, their spreads. */
function seriesFromCells(name: string, cells: readonly (ChartPoint | undefined)[], withSpreads: boolean): ChartGrouping["series"][number] {
  const values = cells.map((cell) => cell?.value);
  return withSpreads ? { name, values, spreads: cells.map((cell) => cell?.spread) } : { name, values };
}

function byScenarioName(points: readonly ChartPoint[]): ChartGrouping {
  return {
    categories: points.map((point) => point.name),
    series: [seriesFromCells("scenarios", points, points.some((point) => point.spread))],
    description: "one bar per scenario",
  };
}

/**
 * Groups scenarios so cache modes and backends compare at a glance: categories are storage
 * backends (with the bus when the study varies it), series are cache modes (with the io mode when
 * the study varies it). When some scenario lacks storage or cache, or two scenarios would share a
 * bar, every scenario gets its own category instead.
 */
export function groupForChart(points: readonly ChartPoint[]): ChartGrouping {
  if (points.length === 0 || points.some((point) => !point.settings.storage || !point.settings.cache)) return byScenarioName(points);
  const varyBus = distinct(points.map((point) => point.settings.bus)).length > 1;
  const varyIo = distinct(points.map((point) => point.settings.io ?? "default")).length > 1;
  const categoryOf = (settings: ScenarioSettings): string =>
    varyBus ? `${settings.storage} · ${settings.bus ?? "?"}` : (settings.storage as string);
  const seriesOf = (settings: ScenarioSettings): string =>
    varyIo ? `cache=${settings.cache} · io=${settings.io ?? "default"}` : `cache=${settings.cache}`;
  const categories = distinct(points.map((point) => categoryOf(point.settings)));
  const seriesNames = distinct(points.map((point) => seriesOf(point.settings)));
  const cells = new Map<string, ChartPoint>();
  for (const point of points) {
    const key = `${categoryOf(point.settings)}\u0000${seriesOf(point.settings)}`;
    if (cells.has(key)) return byScenarioName(points);
    cells.set(key, point);
  }
  const withSpreads = points.some((point) => point.spread);
  return {
    categories,
    series: seriesNames.map((name) =>
      seriesFromCells(
        name,
        categories.map((category) => cells.get(`${category}\u0000${name}`)),
        withSpreads,
      ),
    ),
    description: `grouped by storage${varyBus ? " and bus" : ""}; one colour per cache mode${varyIo ? " and io mode" : ""}`,
  };
}
