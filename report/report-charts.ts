import { TEST_IDS, testLabel, type TestId } from "../results/benchmark-tests";
import { medianMbPerSecond, type ScenarioResults } from "../results/scenario-results";
import type { RankingKey, StudyScores } from "../results/scoring";
import type { StudyResults } from "../results/study-results";
import { groupForChart, type ChartSpread } from "./chart-grouping";
import { renderGroupedBarChart, renderRankingChart } from "./chart-svg";
import { formatMs } from "./format";
import { RANKINGS } from "./summary-tables";

/** A rendered chart for the HTML page. */
export interface RenderedChart {
  /** Anchor id, e.g. `test-rand-read-4k` or `score-weightedRead`. */
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  /** The test the chart shows, for per-test charts. */
  readonly test?: TestId;
}

/** Min and max of a figure of a test across repeats, for a whisker; undefined when it ran once or not at all. */
function spreadOf(scenario: ScenarioResults, test: TestId, figure: "mbPerSecond" | "p99LatencyMs"): ChartSpread | undefined {
  const statistics = scenario.tests.get(test)?.statistics[figure];
  return statistics && statistics.count > 1 ? { min: statistics.min, max: statistics.max, repeats: statistics.count } : undefined;
}

function p99Of(scenario: ScenarioResults, test: TestId): number | undefined {
  return scenario.tests.get(test)?.statistics.p99LatencyMs?.median;
}

/**
 * One grouped bar chart per test the study measured: MB/s medians across scenarios with min–max
 * whiskers across repeats, baseline as reference line.
 */
export function renderTestCharts(study: StudyResults, footnote?: string): RenderedChart[] {
  const charts: RenderedChart[] = [];
  for (const test of TEST_IDS) {
    const everyone = [study.baseline, ...study.scenarios];
    if (!everyone.some((scenario) => scenario.tests.has(test))) continue;
    const grouping = groupForChart(
      study.scenarios.map((scenario) => ({
        name: scenario.name,
        settings: scenario.settings,
        value: medianMbPerSecond(scenario, test),
        spread: spreadOf(scenario, test, "mbPerSecond"),
      })),
    );
    const baselineValue = medianMbPerSecond(study.baseline, test);
    const title = testLabel(test);
    const svg = renderGroupedBarChart({
      title: `${title} (MB/s, median)`,
      unit: "MB/s",
      grouping,
      baseline: baselineValue === undefined ? undefined : { label: "baseline", value: baselineValue },
      footnote,
    });
    charts.push({ id: `test-${test}`, title, svg, test });
  }
  return charts;
}

/**
 * One grouped bar chart per test with latency figures: p99 completion latency medians across
 * scenarios on a logarithmic axis, whiskers min–max across repeats, the baseline's p99 as reference.
 */
export function renderLatencyCharts(study: StudyResults, footnote?: string): RenderedChart[] {
  return TEST_IDS.flatMap((test) => {
    if (!study.scenarios.some((scenario) => p99Of(scenario, test) !== undefined)) return [];
    const grouping = groupForChart(
      study.scenarios.map((scenario) => ({ name: scenario.name, settings: scenario.settings, value: p99Of(scenario, test), spread: spreadOf(scenario, test, "p99LatencyMs") })),
    );
    const baselineValue = p99Of(study.baseline, test);
    const title = `${testLabel(test)}: p99 latency`;
    const svg = renderGroupedBarChart({
      title: `${testLabel(test)}: p99 completion latency (ms, median)`,
      unit: "ms",
      grouping,
      baseline: baselineValue === undefined ? undefined : { label: "baseline", value: baselineValue },
      formatValue: formatMs,
      logarithmic: true,
      footnote,
    });
    return [{ id: `latency-chart-${test}`, title, svg, test }];
  });
}

/** One horizontal bar chart per ranking (weighted read, weighted write, mean weighted r-w), baseline included. */
export function renderScoreCharts(scores: StudyScores, footnote?: string): RenderedChart[] {
  return RANKINGS.map((ranking) => {
    const key: RankingKey = ranking.key;
    const bars = [scores.baseline, ...scores.scenarios]
      .filter((score) => score[key] !== undefined)
      .map((score) => ({
        label: score.kind === "baseline" ? "baseline (bare device)" : score.name,
        value: score[key] as number,
        isBaseline: score.kind === "baseline",
      }));
    return { id: `score-${key}`, title: ranking.title, svg: renderRankingChart(`${ranking.title} (MB/s)`, "MB/s", bars, 960, footnote) };
  });
}
