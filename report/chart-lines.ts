/**
 * Line charts: one line per scenario across the points of an axis (block sizes, queue depths),
 * the way storage engineers read saturation and the seed drew MB/s against block size.
 */
import { CHART_FONT_FAMILY, measureChartText } from "./chart-text";
import { formatAxisValue, gridContainingLabels, logValueAxis, niceValueAxis, renderChartSvg } from "./chart-svg";

/** One line: a value per category (undefined: no point there). */
export interface ChartLine {
  readonly name: string;
  readonly values: readonly (number | undefined)[];
  /** Drawn dashed in grey: the bare device, for reference. */
  readonly reference?: boolean;
}

/** What a line chart shows. */
export interface LineChart {
  readonly title: string;
  readonly subtitle?: string;
  /** The x axis: its points in order, and its name. */
  readonly categories: readonly string[];
  readonly categoryName: string;
  readonly unit: string;
  readonly lines: readonly ChartLine[];
  /** A logarithmic value axis, for values spanning orders of magnitude. @default false */
  readonly logarithmic?: boolean;
  readonly footnote?: string;
}

const REFERENCE_COLOUR = "#444";
const LEGEND_ROW_HEIGHT = 22;
const LEGEND_WIDTH = 900;
const LEGEND_ITEM_GAP = 20;
/** ECharts' legend icon and the gap after it. */
const LEGEND_ICON = 30;

/** How many rows the legend entries `names` fill at the chart's width (ECharts wraps a plain legend). */
function legendRows(names: readonly string[]): number {
  const widths = names.map((name) => LEGEND_ICON + measureChartText(name).width + LEGEND_ITEM_GAP);
  let rows = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > LEGEND_WIDTH && used > 0) {
      rows += 1;
      used = 0;
    }
    used += width;
  }
  return rows;
}

/** A line chart as SVG: the legend above the plot, wrapped, and the plot below it. */
export function renderLineChart(chart: LineChart, width = 960): string {
  const rows = legendRows(chart.lines.map((line) => line.name));
  const legendTop = chart.subtitle ? 56 : 40;
  const plotTop = legendTop + rows * LEGEND_ROW_HEIGHT + 24;
  const height = plotTop + 300;
  const values = chart.lines.flatMap((line) => line.values.filter((value): value is number => value !== undefined));
  const valueAxis = chart.logarithmic ? logValueAxis(values) : { type: "value", ...niceValueAxis(Math.max(0, ...values)), axisLabel: { formatter: formatAxisValue } };
  return renderChartSvg(
    {
      title: { text: chart.title, subtext: chart.subtitle, left: "center", textStyle: { fontSize: 15 } },
      legend: { top: legendTop, left: "center", width: LEGEND_WIDTH, itemGap: LEGEND_ITEM_GAP, textStyle: { fontFamily: CHART_FONT_FAMILY }, data: chart.lines.map((line) => line.name) },
      grid: gridContainingLabels({ left: 12, right: 40, top: plotTop, bottom: 12 }),
      xAxis: { type: "category", name: chart.categoryName, nameLocation: "middle", nameGap: 28, boundaryGap: false, data: [...chart.categories] },
      yAxis: { name: chart.unit, nameLocation: "end", ...valueAxis },
      series: chart.lines.map((line) => ({
        type: "line",
        name: line.name,
        connectNulls: true,
        symbolSize: 7,
        data: line.values.map((value) => (value === undefined ? "-" : Number(value.toPrecision(6)))),
        ...(line.reference ? { lineStyle: { type: "dashed", color: REFERENCE_COLOUR }, itemStyle: { color: REFERENCE_COLOUR } } : {}),
      })),
    },
    { width, height },
    chart.footnote,
  );
}
