/**
 * Queue depth and jobs as axes: for the 4 KiB random tests of a study that swept `iodepth` or
 * `numjobs`, IOPS and p99 latency at each load point per scenario (the saturation curve), as
 * tables and line charts.
 */
import { testLabel, type TestId } from "../results/benchmark-tests";
import { distinctLoadPoints, loadPointKey, loadPointLabel, type LoadPoint } from "../results/load-points";
import type { PointSummary, ScenarioResults } from "../results/scenario-results";
import type { StudyResults } from "../results/study-results";
import { renderLineChart } from "./chart-lines";
import type { ChartSelection } from "./chart-selection";
import { formatMs, formatNumber } from "./format";
import type { RenderedChart } from "./report-charts";
import { scenarioLabel, type ReportTable } from "./summary-tables";

/** The tests whose load curve the report draws. */
export const SWEPT_TESTS: readonly TestId[] = ["rand-read-4k", "rand-write-4k"];

/** The load points a test ran at, across the study; more than one means the study swept the load. */
export function loadPointsOf(study: StudyResults, test: TestId): LoadPoint[] {
  return distinctLoadPoints([study.baseline, ...study.scenarios].flatMap((scenario) => scenario.points.filter((entry) => entry.test === test).map((entry) => entry.point)));
}

/** The swept tests and their points, for tests measured at more than one point. */
export function sweptTests(study: StudyResults): { test: TestId; points: LoadPoint[] }[] {
  return SWEPT_TESTS.map((test) => ({ test, points: loadPointsOf(study, test) })).filter((entry) => entry.points.length > 1);
}

function pointOf(scenario: ScenarioResults, test: TestId, point: LoadPoint): PointSummary | undefined {
  return scenario.points.find((entry) => entry.test === test && loadPointKey(entry.point) === loadPointKey(point));
}

function iops(entry: PointSummary | undefined): number | undefined {
  return entry?.summary.statistics.iops?.median;
}

function p99(entry: PointSummary | undefined): number | undefined {
  return entry?.summary.statistics.p99LatencyMs?.median;
}

/** A test's IOPS and p99 at every point, per scenario. */
export function loadSweepTable(study: StudyResults, test: TestId, points: readonly LoadPoint[]): ReportTable {
  const everyone = [study.baseline, ...study.scenarios];
  return {
    id: `sweep-${test}`,
    title: `Queue depth: ${testLabel(test)} (IOPS / p99 ms)`,
    columns: ["scenario", ...points.map(loadPointLabel)],
    rows: everyone.map((scenario) => [
      scenarioLabel(scenario),
      ...points.map((point) => {
        const entry = pointOf(scenario, test, point);
        return entry ? `${formatNumber(iops(entry), 0)} / ${formatMs(p99(entry))}` : "–";
      }),
    ]),
    rowKeys: everyone.map((scenario) => scenario.name),
    note: "IOPS and p99 completion latency (ms), medians across repeats, at each queue depth (× jobs).",
  };
}

/** IOPS and p99 against the load points, one line per scenario and the baseline dashed. */
export function renderLoadSweepCharts(study: StudyResults, selection: ChartSelection, footnote: string): RenderedChart[] {
  return sweptTests(study).flatMap(({ test, points }) => {
    const lines = (pick: (entry: PointSummary | undefined) => number | undefined) => [
      { name: "baseline (bare device)", values: points.map((point) => pick(pointOf(study.baseline, test, point))), reference: true },
      ...selection.scenarios.map((scenario) => ({ name: scenarioLabel(scenario), values: points.map((point) => pick(pointOf(scenario, test, point))) })),
    ];
    const common = { categories: points.map(loadPointLabel), categoryName: "queue depth", subtitle: selection.note, footnote };
    const title = testLabel(test);
    return [
      { id: `sweep-iops-${test}`, title: `${title}: IOPS by queue depth`, svg: renderLineChart({ ...common, title: `${title}: IOPS by queue depth (median)`, unit: "IOPS", lines: lines(iops) }) },
      {
        id: `sweep-p99-${test}`,
        title: `${title}: p99 latency by queue depth`,
        svg: renderLineChart({ ...common, title: `${title}: p99 latency by queue depth (ms, median)`, unit: "ms", lines: lines(p99), logarithmic: true }),
      },
    ];
  });
}
