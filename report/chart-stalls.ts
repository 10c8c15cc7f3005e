/**
 * The stalls view as a chart: per scenario, its worst p99.9 write latency and its slowest write on
 * a logarithmic axis (a 5 s stall and a 0.2 ms p99.9 on one page), worst first, with the verdict's
 * stall threshold as a dashed line.
 */
import { formatMs } from "./format";
import { gridContainingLabels, logValueAxis, renderChartSvg } from "./chart-svg";

/** One scenario's bars. */
export interface StallBars {
  readonly label: string;
  readonly worstP999?: number;
  readonly maxWrite?: number;
}

const THRESHOLD_COLOUR = "#b00";

/** Worst first; the chart shows every scenario given. */
export function renderStallChart(bars: readonly StallBars[], thresholdMs: number, footnote?: string, width = 960): string {
  // ECharts draws the first category at the bottom of a vertical category axis
  const ordered = [...bars].sort((a, b) => (a.worstP999 ?? 0) - (b.worstP999 ?? 0) || (a.maxWrite ?? 0) - (b.maxWrite ?? 0));
  const height = Math.max(200, 110 + ordered.length * 34) + (footnote === undefined ? 0 : 20);
  const values = ordered.flatMap((bar) => [bar.worstP999, bar.maxWrite].filter((value): value is number => value !== undefined));
  const series = (name: string, pick: (bar: StallBars) => number | undefined) => ({
    type: "bar",
    name,
    data: ordered.map((bar) => {
      const value = pick(bar);
      return value === undefined ? "-" : Number(value.toPrecision(6));
    }),
    label: { show: true, position: "right", fontSize: 10, formatter: (params: { value: unknown }) => formatMs(Number(params.value)) },
  });
  return renderChartSvg(
    {
      title: { text: "Stalls: the slowest writes per scenario (ms)", subtext: `dashed: the stall threshold, p99.9 above ${formatMs(thresholdMs)} ms`, left: "center", textStyle: { fontSize: 15 } },
      legend: { top: 52, data: ["worst p99.9 write latency", "slowest write"] },
      grid: gridContainingLabels({ left: 12, right: 70, top: 84, bottom: 12 }),
      xAxis: { name: "ms", nameLocation: "end", ...logValueAxis([...values, thresholdMs]) },
      yAxis: { type: "category", data: ordered.map((bar) => bar.label), axisLabel: { width: 320, overflow: "truncate" } },
      series: [
        {
          ...series("worst p99.9 write latency", (bar) => bar.worstP999),
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { color: THRESHOLD_COLOUR, type: "dashed", width: 1.5 },
            label: { formatter: `stall: ${formatMs(thresholdMs)} ms`, position: "insideEndTop", color: THRESHOLD_COLOUR },
            data: [{ xAxis: thresholdMs }],
          },
        },
        series("slowest write", (bar) => bar.maxWrite),
      ],
    },
    { width, height },
    footnote,
  );
}
