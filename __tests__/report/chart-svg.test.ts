import type { ChartGrouping } from "../../report/chart-grouping";
import { groupedBarChartOption, niceValueAxis, renderGroupedBarChart } from "../../report/chart-svg";
import { WHISKER_COLOUR } from "../../report/chart-whiskers";

const grouping = {
  categories: ["zvol", "xfs-qcow2"],
  series: [
    { name: "cache=none", values: [120, 140] },
    { name: "cache=writeback", values: [300, 310] },
  ],
  description: "storage backend · cache mode",
};

describe("grouped bar chart", () => {
  it("keeps the baseline line and its label in view when the baseline is above every bar", () => {
    const svg = renderGroupedBarChart({ title: "seq read", unit: "MB/s", grouping, baseline: { label: "baseline", value: 520 } });
    expect(svg).toMatch(/>baseline: 520/);
  });

  it("leaves the axis to the data when the baseline is within it", () => {
    const svg = renderGroupedBarChart({ title: "seq read", unit: "MB/s", grouping, baseline: { label: "baseline", value: 200 } });
    expect(svg).toMatch(/>baseline: 200/);
    expect(svg).not.toMatch(/>572</); // no axis stretched to 1.1 x the baseline
  });
});

/** Three bars from three repeats, two from one (140, 315), one cell empty; the top whisker (460) is above every bar and the baseline. */
const withSpreads: ChartGrouping = {
  categories: ["zvol", "xfs-qcow2", "raw"],
  series: [
    {
      name: "cache=none",
      values: [120, 140, 90],
      spreads: [{ min: 100, max: 150, repeats: 3 }, undefined, { min: 80, max: 95, repeats: 3 }],
    },
    { name: "cache=writeback", values: [330, 315, undefined], spreads: [{ min: 250, max: 460, repeats: 3 }, undefined, undefined] },
  ],
  description: "grouped by storage; one colour per cache mode",
};
/** [series, category, min, max] of every bar that must get a whisker. */
const expectedWhiskers = [
  [0, 0, 100, 150],
  [0, 2, 80, 95],
  [1, 0, 250, 460],
] as const;

interface SeriesOption {
  readonly data: readonly unknown[];
  readonly markLine?: { readonly data: readonly unknown[] };
}

/** The markLine items that are whiskers (pairs of coords), as [category, min, max]. */
function whiskersOf(series: SeriesOption): [number, number, number][] {
  return (series.markLine?.data ?? [])
    .filter((item): item is [{ coord: [number, number] }, { coord: [number, number] }] => Array.isArray(item))
    .map(([from, to]) => {
      expect(to.coord[0]).toBe(from.coord[0]); // vertical: both ends on the same bar
      return [from.coord[0], from.coord[1], to.coord[1]];
    });
}

/** Bars as ECharts draws them in SVG: `M x base l width 0 l 0 -height ...`. */
function barsIn(svg: string): { series: number; category: number; centre: number; base: number; height: number }[] {
  return [...svg.matchAll(/<path d="M([\d.]+) ([\d.]+)l([\d.]+) 0l0 -([\d.]+)l-[\d.]+ 0Z"[^>]*ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)"/g)].map(
    (match) => ({
      centre: Number(match[1]) + Number(match[3]) / 2,
      base: Number(match[2]),
      height: Number(match[4]),
      series: Number(match[5]),
      category: Number(match[6]),
    }),
  );
}

/** Whisker lines in SVG: vertical lines in the whisker colour, top = smaller y. */
function whiskerLinesIn(svg: string): { x: number; top: number; bottom: number }[] {
  const pattern = new RegExp(`<path d="M([\\d.]+) ([\\d.]+)L([\\d.]+) ([\\d.]+)"[^>]*stroke="${WHISKER_COLOUR}"`, "g");
  return [...svg.matchAll(pattern)].map((match) => {
    expect(match[1]).toBe(match[3]);
    const [y1, y2] = [Number(match[2]), Number(match[4])];
    return { x: Number(match[1]), top: Math.min(y1, y2), bottom: Math.max(y1, y2) };
  });
}

describe("whiskers: min–max across repeats", () => {
  const chart = { title: "seq read", unit: "MB/s", grouping: withSpreads, baseline: { label: "baseline", value: 200 } };

  it("puts one whisker from min to max on each bar from several repeats and none on single-repeat bars", () => {
    const option = groupedBarChartOption(chart) as { series: SeriesOption[] };
    expect(option.series.map(whiskersOf)).toEqual([
      [
        [0, 100, 150],
        [2, 80, 95],
      ],
      [[0, 250, 460]],
    ]);
    // the baseline's dashed line is still on the first series
    expect(option.series[0]?.markLine?.data).toContainEqual({ yAxis: 200 });
  });

  it("stretches the value axis over the highest whisker, on a round tick", () => {
    const option = groupedBarChartOption(chart) as { yAxis: { max: number; interval: number } };
    expect(option.yAxis.max).toBeGreaterThanOrEqual(460);
    expect(option.yAxis).toMatchObject(niceValueAxis(460));
    const withoutSpreads = groupedBarChartOption({ ...chart, grouping: { ...withSpreads, series: withSpreads.series.map(({ name, values }) => ({ name, values })) } });
    expect((withoutSpreads as { yAxis: { max: number } }).yAxis.max).toBeLessThan(460); // the whisker, not the bars, set it
  });

  it("draws each whisker in SVG on its bar, from min to max, inside the plot", () => {
    const svg = renderGroupedBarChart(chart);
    const bars = barsIn(svg);
    expect(bars).toHaveLength(5);
    const pixelsPerMbs = (bars.find((bar) => bar.series === 1 && bar.category === 0)?.height ?? 0) / 330;
    const valueAt = (y: number, base: number): number => (base - y) / pixelsPerMbs;
    const plotTop = (bars[0]?.base ?? 0) - niceValueAxis(460).max * pixelsPerMbs;
    const whiskers = whiskerLinesIn(svg);
    expect(whiskers).toHaveLength(expectedWhiskers.length);
    for (const [series, category, min, max] of expectedWhiskers) {
      const bar = bars.find((candidate) => candidate.series === series && candidate.category === category);
      const whisker = whiskers.find((line) => Math.abs(line.x - (bar?.centre ?? -99)) <= 1);
      expect(whisker).toBeDefined();
      if (!bar || !whisker) continue;
      expect(Math.abs(valueAt(whisker.bottom, bar.base) - min)).toBeLessThan(1 / pixelsPerMbs);
      expect(Math.abs(valueAt(whisker.top, bar.base) - max)).toBeLessThan(1 / pixelsPerMbs);
      expect(whisker.top).toBeGreaterThanOrEqual(plotTop - 0.5);
    }
    // single-repeat bars have none
    for (const bar of bars.filter((candidate) => candidate.category === 1)) {
      expect(whiskers.some((line) => Math.abs(line.x - bar.centre) <= 1)).toBe(false);
    }
  });

  it("says what the whiskers are, and writes a whiskered bar's value above its whisker", () => {
    const svg = renderGroupedBarChart(chart);
    expect(svg).toMatch(/whiskers: min–max across 3 repeats/);
    // each bar's value once: on the bar, or above its whisker's top cap
    for (const value of ["120", "140", "90.0", "330", "315"]) expect(svg.match(new RegExp(`>${value}</text>`, "g"))).toHaveLength(1);
    const labelY = Number(/transform="translate\([\d.]+ ([\d.]+)\)"[^>]*>330<\/text>/.exec(svg)?.[1]);
    const highestWhiskerTop = Math.min(...whiskerLinesIn(svg).map((line) => line.top));
    expect(labelY).toBeLessThan(highestWhiskerTop);
    const mixed = { ...withSpreads, series: [{ name: "a", values: [1, 2], spreads: [{ min: 0.5, max: 1.5, repeats: 2 }, { min: 1, max: 3, repeats: 3 }] }] };
    expect(renderGroupedBarChart({ ...chart, grouping: mixed })).toMatch(/whiskers: min–max across 2–3 repeats/);
  });

  it("draws no whisker and no note without spreads, or when every repeat measured the same", () => {
    for (const spread of [undefined, { min: 120, max: 120, repeats: 3 }]) {
      const svg = renderGroupedBarChart({ ...chart, grouping: { ...grouping, series: [{ name: "a", values: [120, 140], spreads: [spread, undefined] }] } });
      expect(whiskerLinesIn(svg)).toEqual([]);
      expect(svg).not.toMatch(/whiskers:/);
      expect(svg).toMatch(/>120<\/text>/);
    }
  });
});
