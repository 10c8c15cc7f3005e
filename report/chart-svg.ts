import * as echarts from "echarts";
import type { ChartGrouping } from "./chart-grouping";
import { formatMbPerSecond } from "./format";

/** Size of a rendered chart in pixels. */
export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/** Renders an ECharts option to an SVG string on the server (no DOM, no scripts, no animation). */
export function renderChartSvg(option: echarts.EChartsCoreOption, size: ChartSize): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, ...option });
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
}

const BASELINE_COLOUR = "#444";

/** An axis maximum (ECharts callback) that is the data's own unless `value` lies above it. */
function axisMaxIncluding(value: number): (extent: { max: number }) => number {
  return ({ max }) => (value > max ? value * 1.1 : max);
}

/** A grouped vertical bar chart (one series per cache mode) with the baseline as a reference line, as SVG. */
export function renderGroupedBarChart(chart: GroupedBarChart, size: ChartSize = { width: 960, height: 380 }): string {
  const { grouping } = chart;
  const bars = grouping.categories.length * grouping.series.length;
  const showLabels = bars <= 24;
  const rotate = grouping.categories.length > 6 ? 30 : 0;
  const baselineLine = chart.baseline
    ? {
        silent: true,
        symbol: "none",
        lineStyle: { color: BASELINE_COLOUR, type: "dashed", width: 1.5 },
        label: { formatter: `${chart.baseline.label}: ${formatMbPerSecond(chart.baseline.value)}`, position: "insideEndTop", color: BASELINE_COLOUR },
        data: [{ yAxis: chart.baseline.value }],
      }
    : undefined;
  return renderChartSvg(
    {
      title: { text: chart.title, subtext: grouping.description, left: "center", textStyle: { fontSize: 15 } },
      legend: { top: 62, itemGap: 28, data: grouping.series.map((series) => series.name) },
      grid: { left: 70, right: 30, top: 104, bottom: rotate ? 90 : 50 },
      xAxis: { type: "category", data: [...grouping.categories], axisLabel: { rotate, interval: 0 } },
      yAxis: {
        type: "value",
        name: chart.unit,
        nameLocation: "end",
        // ECharts clips a reference line above the bars' range: keep the baseline in view.
        ...(chart.baseline ? { max: axisMaxIncluding(chart.baseline.value) } : {}),
      },
      series: grouping.series.map((series, index) => ({
        type: "bar",
        name: series.name,
        data: series.values.map((value) => (value === undefined ? "-" : Number(value.toPrecision(6)))),
        label: { show: showLabels, position: "top", fontSize: 10, formatter: (params: { value: unknown }) => formatMbPerSecond(Number(params.value)) },
        ...(index === 0 && baselineLine ? { markLine: baselineLine } : {}),
      })),
    },
    size,
  );
}

/** One bar of a ranking chart. */
export interface RankingBar {
  readonly label: string;
  readonly value: number;
  readonly isBaseline: boolean;
}

/** A horizontal bar chart of scores, best at the top, the baseline in grey, as SVG. */
export function renderRankingChart(title: string, unit: string, bars: readonly RankingBar[], width = 960): string {
  const ordered = [...bars].sort((a, b) => a.value - b.value);
  const height = Math.max(160, 80 + ordered.length * 26);
  return renderChartSvg(
    {
      title: { text: title, left: "center", textStyle: { fontSize: 15 } },
      grid: { left: 240, right: 80, top: 40, bottom: 30 },
      xAxis: { type: "value", name: unit },
      yAxis: { type: "category", data: ordered.map((bar) => bar.label), axisLabel: { width: 220, overflow: "truncate" } },
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
  );
}
