import type { ChartGrouping, ChartSpread } from "./chart-grouping";
import { formatMbPerSecond } from "./format";

/** A neutral near-black: unlike grey, it shows on the dark bars of ECharts' palette too (solid, where the baseline's grey line is dashed). */
export const WHISKER_COLOUR = "#222";
const WHISKER_WIDTH = 1.5;
/** The caps' width in pixels. */
const CAP_WIDTH = 10;

/**
 * Whether a bar gets a whisker: it comes from several repeats that did not all measure the same
 * (a whisker from a value to itself has no direction, and ECharts would turn its caps upright).
 */
export function hasWhisker(spread: ChartSpread | undefined): spread is ChartSpread {
  return spread !== undefined && Number(spread.max.toPrecision(6)) > Number(spread.min.toPrecision(6));
}

/** An end of a whisker: a flat cap at `value` on the bar of `category`. */
function whiskerEnd(category: number, value: number): Record<string, unknown> {
  return { coord: [category, Number(value.toPrecision(6))], symbol: "rect", symbolSize: [CAP_WIDTH, WHISKER_WIDTH] };
}

/**
 * The whiskers of one bar series as ECharts markLine items: one vertical line from min to max with
 * flat caps per bar that has a spread. A bar series' markLine sits at its bars' centres (ECharts
 * places coords of bar series' markers on the bar), so grouped bars each get their own whisker.
 * With `labels`, the bar's value is written above the whisker's top instead of across it (the
 * bar's own label is hidden, see hasWhisker).
 */
export function whiskerLines(series: ChartGrouping["series"][number], labels: boolean, format: (value: number) => string = formatMbPerSecond): Record<string, unknown>[][] {
  return (series.spreads ?? []).flatMap((spread, category) => {
    const value = series.values[category];
    if (!hasWhisker(spread) || value === undefined) return [];
    // styled like ECharts' own bar labels, also on the series that carries the baseline's label style
    const label = labels
      ? { show: true, position: "end", fontSize: 10, color: "#333", textBorderColor: "#fff", textBorderWidth: 2, formatter: format(value) }
      : { show: false };
    return [
      [
        {
          ...whiskerEnd(category, spread.min),
          lineStyle: { color: WHISKER_COLOUR, type: "solid", width: WHISKER_WIDTH },
          itemStyle: { color: WHISKER_COLOUR },
          label,
        },
        whiskerEnd(category, spread.max),
      ],
    ];
  });
}

/** The spreads that get a whisker. */
function whiskeredSpreads(grouping: ChartGrouping): ChartSpread[] {
  return grouping.series.flatMap((series) => (series.spreads ?? []).filter(hasWhisker));
}

/** The highest whisker top, 0 without whiskers (the value axis must reach it). */
export function highestWhisker(grouping: ChartGrouping): number {
  return Math.max(0, ...whiskeredSpreads(grouping).map((spread) => spread.max));
}

/** "whiskers: min–max across 3 repeats" (or "2–3 repeats" when they differ); undefined without whiskers. */
export function whiskerNote(grouping: ChartGrouping): string | undefined {
  const repeats = whiskeredSpreads(grouping).map((spread) => spread.repeats);
  if (repeats.length === 0) return undefined;
  const fewest = Math.min(...repeats);
  const most = Math.max(...repeats);
  return `whiskers: min–max across ${fewest === most ? fewest : `${fewest}–${most}`} repeats`;
}

/** The whiskers' bottoms (a logarithmic axis must reach down to them). */
export function lowestWhiskers(grouping: ChartGrouping): number[] {
  return whiskeredSpreads(grouping).map((spread) => spread.min);
}
