/**
 * Two result folders of one study side by side (before and after a kernel or ZFS upgrade, or two
 * hosts): per scenario, the change of each score with its 95 % interval, and the regressions
 * beyond the noise. Both studies are scored with the first study's weighting factors, so a
 * change measures the scenarios, not a change in the weights.
 */
import { changeInterval, type ChangeInterval } from "./score-uncertainty";
import { RANKING_KEYS, scoreScenario, scoreStudy, type RankingKey, type ScenarioScore, type WeightingFactors } from "./scoring";
import { writeStalls } from "./stalls";
import type { StudyResults } from "./study-results";

/**
 * A score that fell by less than this fraction is not flagged even when the fall is beyond the
 * noise: on quiet hosts the repeats agree so closely that a 1 % change can be "significant"
 * without mattering to anyone.
 */
export const DEFAULT_REGRESSION_FRACTION = 0.05;

/** How a score changed. */
export type ChangeVerdict = "regression" | "improvement" | "within-noise" | "unjudged";

export interface ScoreChange {
  readonly key: RankingKey;
  readonly before?: number;
  readonly after?: number;
  /** after − before, MB/s. */
  readonly change?: number;
  /** change / before. */
  readonly relative?: number;
  /** 95 % interval of the change; absent when either side has fewer than two repeats. */
  readonly interval?: ChangeInterval;
  /**
   * regression: the interval lies below 0 and the score fell by at least the threshold fraction;
   * improvement: likewise upwards; within-noise: otherwise; unjudged: no interval (no repeats).
   */
  readonly verdict: ChangeVerdict;
}

export interface ScenarioChange {
  readonly scenario: string;
  readonly kind: "scenario" | "baseline";
  readonly changes: readonly ScoreChange[];
  /** Worst p99.9 write latency before and after (ms), for reading along. */
  readonly worstP999Before?: number;
  readonly worstP999After?: number;
}

export interface StudyComparison {
  /** The first study's factors, used for both. */
  readonly factors: WeightingFactors;
  readonly regressionFraction: number;
  /** The baseline first, then the scenarios both studies have, in the first study's order. */
  readonly scenarios: readonly ScenarioChange[];
  readonly onlyBefore: readonly string[];
  readonly onlyAfter: readonly string[];
  readonly regressions: readonly { readonly scenario: string; readonly key: RankingKey; readonly relative: number }[];
}

function judge(change: number, relative: number | undefined, interval: ChangeInterval | undefined, threshold: number): ChangeVerdict {
  if (!interval) return "unjudged";
  const large = relative !== undefined && Math.abs(relative) >= threshold;
  if (interval.high < 0 && change < 0 && large) return "regression";
  if (interval.low > 0 && change > 0 && large) return "improvement";
  return "within-noise";
}

function scoreChanges(before: ScenarioScore, after: ScenarioScore, threshold: number): ScoreChange[] {
  return RANKING_KEYS.map((key) => {
    const from = before[key];
    const to = after[key];
    if (from === undefined || to === undefined) return { key, ...(from !== undefined ? { before: from } : {}), ...(to !== undefined ? { after: to } : {}), verdict: "unjudged" };
    const change = to - from;
    const relative = from !== 0 ? change / from : undefined;
    const interval = changeInterval(change, before.repeatScores[key], after.repeatScores[key]);
    return {
      key,
      before: from,
      after: to,
      change,
      ...(relative !== undefined ? { relative } : {}),
      ...(interval ? { interval } : {}),
      verdict: judge(change, relative, interval, threshold),
    };
  });
}

/** Compares `after` with `before`, scenario by scenario (matched by name). */
export function compareStudies(before: StudyResults, after: StudyResults, regressionFraction = DEFAULT_REGRESSION_FRACTION): StudyComparison {
  const { factors } = scoreStudy(before);
  const afterByName = new Map(after.scenarios.map((scenario) => [scenario.name, scenario]));
  const pairs = [
    { from: before.baseline, to: after.baseline },
    ...before.scenarios.flatMap((scenario) => {
      const match = afterByName.get(scenario.name);
      return match ? [{ from: scenario, to: match }] : [];
    }),
  ];
  const scenarios = pairs.map(({ from, to }): ScenarioChange => {
    const stallsBefore = writeStalls(from).worstP999?.ms;
    const stallsAfter = writeStalls(to).worstP999?.ms;
    return {
      scenario: from.name,
      kind: from.kind,
      changes: scoreChanges(scoreScenario(from, factors), scoreScenario(to, factors), regressionFraction),
      ...(stallsBefore !== undefined ? { worstP999Before: stallsBefore } : {}),
      ...(stallsAfter !== undefined ? { worstP999After: stallsAfter } : {}),
    };
  });
  const beforeNames = new Set(before.scenarios.map((scenario) => scenario.name));
  return {
    factors,
    regressionFraction,
    scenarios,
    onlyBefore: before.scenarios.filter((scenario) => !afterByName.has(scenario.name)).map((scenario) => scenario.name),
    onlyAfter: after.scenarios.filter((scenario) => !beforeNames.has(scenario.name)).map((scenario) => scenario.name),
    regressions: scenarios.flatMap((entry) =>
      entry.changes.filter((change) => change.verdict === "regression").map((change) => ({ scenario: entry.scenario, key: change.key, relative: change.relative as number })),
    ),
  };
}
