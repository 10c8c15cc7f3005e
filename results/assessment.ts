/**
 * What a storage engineer checks before trusting a figure: whether it beats the bare device
 * (then the host's cache is being measured, not the storage), whether its repeats agree, and
 * whether each test reached steady state.
 */
import { TEST_IDS, type TestId } from "./benchmark-tests";
import type { ScenarioResults, TestSummary } from "./scenario-results";
import { medianMbPerSecond } from "./scenario-results";
import type { StudyResults } from "./study-results";

/**
 * A test is unstable when its repeats' MB/s have a coefficient of variation (sample standard
 * deviation / mean) above this, 10 %: repeats of a direct-I/O test on an otherwise idle host agree
 * far more closely, so a wider spread says something besides the storage moved the figure (host
 * caches filling and flushing, background writeback, another load), and differences between
 * scenarios smaller than it are not to be read as rankings.
 */
export const UNSTABLE_CV_THRESHOLD = 0.1;

/** A figure above the same test's figure on the bare device. */
export interface AboveBaseline {
  readonly scenario: string;
  readonly test: TestId;
  /** MB/s median of the scenario and of the baseline. */
  readonly median: number;
  readonly baseline: number;
  /** median / baseline, above 1. */
  readonly ratio: number;
}

/** A test whose repeats disagree. */
export interface UnstableTest {
  readonly scenario: string;
  readonly test: TestId;
  /** Coefficient of variation of the repeats' MB/s. */
  readonly cv: number;
  readonly repeats: number;
  readonly min: number;
  readonly max: number;
}

/** How a test fared with steady-state detection, across its repeats. */
export interface SteadyStateSummary {
  /** Repeats that ended steady. */
  readonly steady: number;
  /** Repeats that ran with steady-state detection. */
  readonly repeats: number;
  /** How long each of those repeats ran, in seconds, in repeat order (when fio said). */
  readonly seconds: readonly number[];
}

/** Every scenario test whose MB/s median beats the baseline's median of that test. */
export function testsAboveBaseline(study: StudyResults): AboveBaseline[] {
  const found: AboveBaseline[] = [];
  for (const scenario of study.scenarios) {
    for (const test of TEST_IDS) {
      const median = medianMbPerSecond(scenario, test);
      const baseline = medianMbPerSecond(study.baseline, test);
      if (median === undefined || baseline === undefined || !(baseline > 0) || median <= baseline) continue;
      found.push({ scenario: scenario.name, test, median, baseline, ratio: median / baseline });
    }
  }
  return found;
}

/** Whether a scenario's test beats the bare device. */
export function isAboveBaseline(study: StudyResults, scenario: ScenarioResults, test: TestId): boolean {
  if (scenario.kind === "baseline") return false;
  const median = medianMbPerSecond(scenario, test);
  const baseline = medianMbPerSecond(study.baseline, test);
  return median !== undefined && baseline !== undefined && baseline > 0 && median > baseline;
}

/** Whether a test's repeats disagree by more than the threshold. */
export function isUnstable(summary: TestSummary | undefined, threshold = UNSTABLE_CV_THRESHOLD): boolean {
  const statistics = summary?.statistics.mbPerSecond;
  return statistics !== undefined && statistics.count > 1 && statistics.cv > threshold;
}

/** Every test (baseline included) whose repeats' MB/s vary by more than the threshold. */
export function unstableTests(study: StudyResults, threshold = UNSTABLE_CV_THRESHOLD): UnstableTest[] {
  const found: UnstableTest[] = [];
  for (const scenario of [study.baseline, ...study.scenarios]) {
    for (const [test, summary] of scenario.tests) {
      const statistics = summary.statistics.mbPerSecond;
      if (!statistics || !isUnstable(summary, threshold)) continue;
      found.push({ scenario: scenario.name, test, cv: statistics.cv, repeats: statistics.count, min: statistics.min, max: statistics.max });
    }
  }
  return found;
}

/** The steady-state outcome of a test across repeats; undefined when no repeat ran with detection. */
export function steadyStateOf(summary: TestSummary | undefined): SteadyStateSummary | undefined {
  const detected = (summary?.repeats ?? []).filter((repeat) => repeat.figures.steadyState !== undefined);
  if (detected.length === 0) return undefined;
  return {
    steady: detected.filter((repeat) => repeat.figures.steadyState?.attained).length,
    repeats: detected.length,
    seconds: detected.flatMap((repeat) => (repeat.figures.seconds === undefined ? [] : [repeat.figures.seconds])),
  };
}

/** Whether any test of the study ran with steady-state detection. */
export function usesSteadyState(study: StudyResults): boolean {
  return [study.baseline, ...study.scenarios].some((scenario) => [...scenario.tests.values()].some((summary) => steadyStateOf(summary) !== undefined));
}
