import * as echarts from "echarts";
import type { ChartGrouping } from "./chart-grouping";
import { CHART_FONT_FAMILY, measureChartText } from "./chart-text";
import { hasWhisker, highestWhisker, lowestWhiskers, whiskerLines, whiskerNote } from "./chart-whiskers";
import { formatMbPerSecond } from "./format";

// Lay labels out with the widths of the font the browser will draw (see chart-text.ts).
echarts.setPlatformAPI({ measureText: measureChartText });

/** Size of a rendered chart in pixels. */
export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/** Room under the plot for a footnote line. */
const FOOTNOTE_HEIGHT = 20;
export const FOOTNOTE_COLOUR = "#666";

/**
 * Renders an ECharts option to an SVG string on the server (no DOM, no scripts, no animation).
 * A footnote (the figures' provenance) is written along the chart's bottom edge, under the plot,
 * so a chart copied out of the report still says what measured it.
 */
export function renderChartSvg(option: echarts.EChartsCoreOption, size: ChartSize, footnote?: string): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    const grid = option["grid"] as { bottom?: number } | undefined;
    const withFootnote =
      footnote === undefined
        ? option
        : {
            ...option,
            grid: { ...grid, bottom: (grid?.bottom ?? 12) + FOOTNOTE_HEIGHT },
            graphic: [{ type: "text", left: 12, bottom: 4, silent: true, style: { text: footnote, fontSize: 10, fill: FOOTNOTE_COLOUR } }],
          };
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT_FAMILY }, ...withFootnote });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** What a grouped bar chart shows. */
export interface GroupedBarChart {
  readonly title: string;
  readonly unit: string;
  readonly grouping: ChartGrouping;
  /** Drawn as a dashed reference line across the chart. */
  readonly baseline?: { readonly label: string; readonly value: number };
  /** How values are written on bars and whiskers. @default formatMbPerSecond */
  readonly formatValue?: (value: number) => string;
  /** A logarithmic value axis (latencies span orders of magnitude). @default false */
  readonly logarithmic?: boolean;
  /** The figures' provenance, written under the plot. */
  readonly footnote?: string;
}

const BASELINE_COLOUR = "#444";

/**
 * A value axis from 0 that shows `top` with round ticks: about five intervals of 1, 2, 2.5 or 5
 * times a power of ten, and a maximum on a tick. (ECharts' own maximum for data below a reference
 * line is the line's value itself, which it prints unrounded.)
 */
export function niceValueAxis(top: number): { min: 0; max: number; interval: number } {
  if (!(top > 0) || !Number.isFinite(top)) return { min: 0, max: 1, interval: 0.2 };
  const rough = top / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const interval = ([1, 2, 2.5, 5, 10].find((step) => step * magnitude >= rough) ?? 10) * magnitude;
  const max = Math.ceil(top / interval - 1e-9) * interval;
  return { min: 0, max: Number(max.toPrecision(12)), interval: Number(interval.toPrecision(12)) };
}

/** An axis label: grouped thousands, at most two decimals (ticks are round, so rarely any). */
export function formatAxisValue(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** The smallest value a logarithmic axis shows (a microsecond, in ms; MB/s below it are nothing). */
const LOG_AXIS_FLOOR = 0.001;

/**
 * A base-10 logarithmic value axis from the power of ten at or below the smallest value to the
 * one at or above the largest, labelled with as many decimals as its lowest tick needs, its bars
 * growing from its bottom.
 */
export function logValueAxis(values: readonly number[]): {
  type: "log";
  logBase: 10;
  min: number;
  max: number;
  startValue: number;
  axisLabel: { formatter: (value: number) => string };
} {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  const low = Math.max(LOG_AXIS_FLOOR, positive.length === 0 ? 1 : Math.min(...positive));
  const high = Math.max(low * 10, positive.length === 0 ? 10 : Math.max(...positive));
  const min = 10 ** Math.floor(Math.log10(low) + 1e-9);
  const max = 10 ** Math.ceil(Math.log10(high) - 1e-9);
  const decimals = Math.max(0, -Math.floor(Math.log10(min) + 1e-9));
  return {
    type: "log",
    logBase: 10,
    min: Number(min.toPrecision(6)),
    max: Number(max.toPrecision(6)),
    // bars grow from the axis' bottom (ECharts starts them at 1 on a log axis otherwise)
    startValue: Number(min.toPrecision(6)),
    axisLabel: { formatter: (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: decimals }) },
  };
}

/** Room at the chart's edges, with the axes' labels and names kept inside it (never clipped at the border). */
export function gridContainingLabels(edges: { left: number; right: number; top: number; bottom: number }): Record<string, unknown> {
  return { ...edges, outerBoundsMode: "same", outerBoundsContain: "all" };
}

/** A series' markLine: the baseline's (if it carries it) plus its bars' whiskers; undefined when it has neither. */
function withWhiskers(
  markLine: { readonly data: readonly Record<string, unknown>[] } | undefined,
  whiskers: readonly Record<string, unknown>[][],
): Record<string, unknown> | undefined {
  if (whiskers.length === 0) return markLine;
  return markLine ? { ...markLine, data: [...markLine.data, ...whiskers] } : { silent: true, symbol: "none", data: whiskers };
}

/** A grouped vertical bar chart (one series per cache mode) with the baseline as a reference line, as SVG. */
export function renderGroupedBarChart(chart: GroupedBarChart, size: ChartSize = { width: 960, height: 380 }): string {
  return renderChartSvg(groupedBarChartOption(chart), size, chart.footnote);
}

/**
 * The ECharts option of a grouped bar chart: bars are medians, whiskers (where a bar comes from
 * several repeats) run from min to max, the baseline is a dashed line.
 */
export function groupedBarChartOption(chart: GroupedBarChart): echarts.EChartsCoreOption {
  const { grouping } = chart;
  const format = chart.formatValue ?? formatMbPerSecond;
  const bars = grouping.categories.length * grouping.series.length;
  const showLabels = bars <= 24;
  const rotate = grouping.categories.length > 6 ? 30 : 0;
  const values = grouping.series.flatMap((series) => series.values.filter((value): value is number => value !== undefined));
  const top = Math.max(0, ...values, chart.baseline?.value ?? 0, highestWhisker(grouping));
  const baselineLine = chart.baseline
    ? {
        silent: true,
        symbol: "none",
        lineStyle: { color: BASELINE_COLOUR, type: "dashed", width: 1.5 },
        label: { formatter: `${chart.baseline.label}: ${format(chart.baseline.value)}`, position: "insideEndTop", color: BASELINE_COLOUR },
        data: [{ yAxis: chart.baseline.value }],
      }
    : undefined;
  const subtext = [grouping.description, whiskerNote(grouping)].filter((part) => part !== undefined).join(" · ");
  return {
    title: { text: chart.title, subtext, left: "center", textStyle: { fontSize: 15 } },
    legend: { top: 62, itemGap: 28, data: grouping.series.map((series) => series.name) },
    grid: gridContainingLabels({ left: 12, right: 30, top: 104, bottom: 12 }),
    xAxis: { type: "category", data: [...grouping.categories], axisLabel: { rotate, interval: 0 } },
    yAxis: {
      name: chart.unit,
      nameLocation: "end",
      // Round ticks up to the data, the whiskers' tops or the baseline, whichever is highest
      // (ECharts clips a reference line above the bars' range).
      ...(chart.logarithmic
        ? logValueAxis([...values, ...lowestWhiskers(grouping), top])
        : { type: "value", ...niceValueAxis(top), axisLabel: { formatter: formatAxisValue } }),
    },
    series: grouping.series.map((series, index) => {
      const markLine = withWhiskers(index === 0 ? baselineLine : undefined, whiskerLines(series, showLabels, format));
      return {
        type: "bar",
        name: series.name,
        data: series.values.map((value, category) => {
          if (value === undefined) return "-";
          const rounded = Number(value.toPrecision(6));
          // a whiskered bar's value is written above its whisker (whiskerLines), not across it
          return hasWhisker(series.spreads?.[category]) ? { value: rounded, label: { show: false } } : rounded;
        }),
        label: { show: showLabels, position: "top", fontSize: 10, formatter: (params: { value: unknown }) => format(Number(params.value)) },
        ...(markLine ? { markLine } : {}),
      };
    }),
  };
}

/** One bar of a ranking chart. */
export interface RankingBar {
  readonly label: string;
  readonly value: number;
  readonly isBaseline: boolean;
}

/** A horizontal bar chart of scores, best at the top, the baseline in grey, as SVG. */
export function renderRankingChart(title: string, unit: string, bars: readonly RankingBar[], width = 960, footnote?: string): string {
  const ordered = [...bars].sort((a, b) => a.value - b.value);
  const height = Math.max(160, 80 + ordered.length * 26) + (footnote === undefined ? 0 : FOOTNOTE_HEIGHT);
  return renderChartSvg(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 15 } },
      grid: gridContainingLabels({ left: 12, right: 80, top: 40, bottom: 12 }),
      xAxis: { type: "value", name: unit, ...niceValueAxis(Math.max(0, ...bars.map((bar) => bar.value))), axisLabel: { formatter: formatAxisValue } },
      yAxis: { type: "category", data: ordered.map((bar) => bar.label), axisLabel: { width: 320, overflow: "truncate" } },
      series: [
        {
          type: "bar",
          data: ordered.map((bar) => ({
            value: Number(bar.value.toPrecision(6)),
            itemStyle: bar.isBaseline ? { color: BASELINE_COLOUR } : undefined,
          })),
          label: { show: true, position: "right", fontSize: 10, formatter: (params: { value: unknown }) => formatMbPerSecond(Number(params.value)) },
        },
      ],
    },
    { width, height },
    footnote,
  );
}
