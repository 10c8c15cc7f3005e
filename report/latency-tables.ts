/** Latency in tables: per test, and the stalls view. */
import { TEST_IDS, testLabel, type TestId } from "../results/benchmark-tests";
import type { LatencyFigure } from "../results/figures";
import { SETTING_NAMES } from "../results/scenario-settings";
import type { ScenarioResults } from "../results/scenario-results";
import { writeStalls, type WriteStalls } from "../results/stalls";
import type { StudyResults } from "../results/study-results";
import type { VerdictThresholds } from "../results/verdict";
import { formatMs, formatSetting } from "./format";
import { scenarioLabel, type ReportTable } from "./summary-tables";

/** Marks a scenario whose worst p99.9 write latency is above the stall threshold. */
export const STALL_MARK = "⛔";

const COLUMNS: readonly { figure: LatencyFigure; label: string }[] = [
  { figure: "meanLatencyMs", label: "mean" },
  { figure: "p50LatencyMs", label: "p50" },
  { figure: "p99LatencyMs", label: "p99" },
  { figure: "p999LatencyMs", label: "p99.9" },
  { figure: "maxLatencyMs", label: "max" },
];

/** A latency figure of a test: the median across repeats, except the max, which is the slowest I/O of any repeat. */
export function latencyOf(scenario: ScenarioResults, test: TestId, figure: LatencyFigure): number | undefined {
  const statistics = scenario.tests.get(test)?.statistics[figure];
  return figure === "maxLatencyMs" ? statistics?.max : statistics?.median;
}

/** The tests any scenario has a latency figure for. */
export function testsWithLatency(study: StudyResults): TestId[] {
  const everyone = [study.baseline, ...study.scenarios];
  return TEST_IDS.filter((test) => everyone.some((scenario) => scenario.tests.get(test)?.statistics.p99LatencyMs !== undefined));
}

/** The title of a test's latency table (also its heading in summary.md). */
export function latencyTableTitle(test: TestId): string {
  return `Latency: ${testLabel(test)} (ms)`;
}

/** Completion latency of one test for every scenario: mean, p50, p99, p99.9 (medians across repeats) and the slowest I/O. */
export function latencyTable(study: StudyResults, test: TestId): ReportTable {
  const everyone = [study.baseline, ...study.scenarios];
  return {
    id: `latency-${test}`,
    title: latencyTableTitle(test),
    columns: ["scenario", ...COLUMNS.map((column) => column.label)],
    rows: everyone.map((scenario) => [scenarioLabel(scenario), ...COLUMNS.map((column) => formatMs(latencyOf(scenario, test, column.figure)))]),
    rowKeys: everyone.map((scenario) => scenario.name),
    note: "Completion latency in ms: mean, p50, p99 and p99.9 are medians across repeats; max is the slowest I/O of any repeat.",
  };
}

/** The stalls of every scenario, the worst first (the baseline first of all, for reference). */
export function stallsInOrder(study: StudyResults): { scenario: ScenarioResults; stalls: WriteStalls }[] {
  const scenarios = study.scenarios
    .map((scenario) => ({ scenario, stalls: writeStalls(scenario) }))
    .sort((a, b) => (b.stalls.worstP999?.ms ?? -1) - (a.stalls.worstP999?.ms ?? -1) || (b.stalls.maxWrite?.ms ?? -1) - (a.stalls.maxWrite?.ms ?? -1));
  return [{ scenario: study.baseline, stalls: writeStalls(study.baseline) }, ...scenarios];
}

/** The stalls view: per scenario the worst p99.9 of its write tests and its slowest write, worst first. */
export function stallsTable(study: StudyResults, thresholds: VerdictThresholds): ReportTable {
  const rows = stallsInOrder(study);
  return {
    id: "stalls",
    title: "Stalls: the slowest writes per scenario",
    columns: ["scenario", ...SETTING_NAMES, "worst p99.9 write (ms)", "in test", "slowest write (ms)", "in test"],
    rows: rows.map(({ scenario, stalls }) => {
      const stalling = scenario.kind === "scenario" && stalls.worstP999 !== undefined && stalls.worstP999.ms > thresholds.stallMs;
      return [
        scenarioLabel(scenario),
        ...SETTING_NAMES.map((key) => (scenario.kind === "baseline" ? "–" : formatSetting(scenario.settings, key))),
        `${formatMs(stalls.worstP999?.ms)}${stalling ? ` ${STALL_MARK}` : ""}`,
        stalls.worstP999 ? testLabel(stalls.worstP999.test) : "–",
        formatMs(stalls.maxWrite?.ms),
        stalls.maxWrite ? testLabel(stalls.maxWrite.test) : "–",
      ];
    }),
    rowKeys: rows.map(({ scenario }) => scenario.name),
    note:
      `Worst p99.9: the highest p99.9 completion latency (median across repeats) of the write tests; slowest write: the slowest single write of any write test and repeat. ` +
      `${STALL_MARK}: p99.9 above the stall threshold, ${formatMs(thresholds.stallMs)} ms (one write in a thousand holds the guest that long).`,
  };
}
