/**
 * How sure a score is, from its repeats. Each repeat gives a score of its own (its sequential and
 * 4 KiB random MB/s, weighted with the baseline's factors); their spread gives the 95 % interval
 * of the scenario's score, and a Welch t-test says whether two scenarios differ by more than that
 * noise. Student's t suits the 3–5 repeats a study runs: it widens the interval for few repeats
 * (t = 4.30 for 3) where a normal approximation or a bootstrap (only a handful of distinct
 * resamples) would claim more than the data hold. docs/report.md explains the method.
 */
import type { TestId } from "./benchmark-tests";
import type { ScenarioResults } from "./scenario-results";
import { SCORED_TESTS, type RankingKey, type WeightingFactors } from "./scoring-keys";
import { studentTQuantile, twoSidedTailProbability } from "./student-t";
import { summarize } from "./statistics";

/** The confidence of the intervals, and 1 − it the significance level of the comparisons. */
export const CONFIDENCE = 0.95;
export const SIGNIFICANCE_LEVEL = 1 - CONFIDENCE;

/** Each repeat's score, per ranking key (repeats lacking a test the score needs are left out). */
export type RepeatScores = Readonly<Record<RankingKey, readonly number[]>>;

/** A score's interval: the score ± t × s / √n of its repeats' scores. */
export interface ScoreInterval {
  readonly low: number;
  readonly high: number;
  readonly repeats: number;
}

/** Two scenarios' difference on a score, judged against their repeats' noise. */
export interface ScoreComparison {
  /** Mean repeat score of the first minus that of the second. */
  readonly difference: number;
  /** Two-sided p-value of Welch's t-test. */
  readonly pValue: number;
  /** pValue below SIGNIFICANCE_LEVEL: the difference is beyond the noise. */
  readonly significant: boolean;
}

/** MB/s of a test in each repeat, by repeat number. */
function byRepeat(scenario: ScenarioResults, test: TestId): Map<number, number> {
  const summary = scenario.tests.get(test);
  return new Map((summary?.repeats ?? []).map((entry) => [entry.repeat, entry.figures.mbPerSecond]));
}

/** The weighted read, weighted write and mean weighted r-w of each repeat of a scenario. */
export function repeatScores(scenario: ScenarioResults, factors: WeightingFactors): RepeatScores {
  const weighted = (direction: "read" | "write"): Map<number, number> => {
    const sequential = byRepeat(scenario, SCORED_TESTS[direction].sequential);
    const random = byRepeat(scenario, SCORED_TESTS[direction].random4k);
    const factor = factors[direction];
    const scores = new Map<number, number>();
    for (const [repeat, value] of sequential) {
      const randomValue = random.get(repeat);
      if (randomValue !== undefined) scores.set(repeat, (value + randomValue * factor) / 2);
    }
    return scores;
  };
  const read = weighted("read");
  const write = weighted("write");
  const mean = [...read].flatMap(([repeat, value]) => {
    const writeValue = write.get(repeat);
    return writeValue === undefined ? [] : [(value + writeValue) / 2];
  });
  return { weightedRead: [...read.values()], weightedWrite: [...write.values()], meanWeighted: mean };
}

/**
 * The 95 % interval of a score: `score` ± t(0.975, n − 1) × s / √n, where s is the standard
 * deviation of the n repeats' scores, its lower end cut at 0. Undefined with fewer than two
 * repeats (no noise to measure).
 */
export function scoreInterval(score: number | undefined, samples: readonly number[]): ScoreInterval | undefined {
  const statistics = summarize(samples);
  if (score === undefined || !statistics || statistics.count < 2) return undefined;
  const half = (studentTQuantile(1 - SIGNIFICANCE_LEVEL / 2, statistics.count - 1) * statistics.stdev) / Math.sqrt(statistics.count);
  // no throughput is below 0, however wide the spread
  return { low: Math.max(0, score - half), high: score + half, repeats: statistics.count };
}

/**
 * Welch's t-test of two sets of repeat scores. Undefined when either has fewer than two repeats.
 * Two sets without any spread differ significantly exactly when their values differ.
 */
export function compareSamples(first: readonly number[], second: readonly number[]): ScoreComparison | undefined {
  const welch = welchTerms(first, second);
  if (!welch) return undefined;
  const difference = welch.meanFirst - welch.meanSecond;
  const pValue = welch.standardError === 0 ? (difference === 0 ? 1 : 0) : twoSidedTailProbability(difference / welch.standardError, welch.df);
  return { difference, pValue, significant: pValue < SIGNIFICANCE_LEVEL };
}

/** The means, the standard error of their difference and the Welch–Satterthwaite degrees of freedom. */
function welchTerms(first: readonly number[], second: readonly number[]): { meanFirst: number; meanSecond: number; standardError: number; df: number } | undefined {
  const a = summarize(first);
  const b = summarize(second);
  if (!a || !b || a.count < 2 || b.count < 2) return undefined;
  const varianceA = (a.stdev * a.stdev) / a.count;
  const varianceB = (b.stdev * b.stdev) / b.count;
  const standardError = Math.sqrt(varianceA + varianceB);
  const df = standardError === 0 ? Infinity : (varianceA + varianceB) ** 2 / (varianceA ** 2 / (a.count - 1) + varianceB ** 2 / (b.count - 1));
  return { meanFirst: a.mean, meanSecond: b.mean, standardError, df };
}

/** The 95 % interval of a change between two sets of repeat scores. */
export interface ChangeInterval {
  readonly low: number;
  readonly high: number;
}

/**
 * The 95 % interval of `change` (after − before of the two scores), with the standard error and
 * Welch–Satterthwaite degrees of freedom of the two sets of repeat scores: `change` ± t × SE.
 * Undefined when either set has fewer than two repeats.
 */
export function changeInterval(change: number, before: readonly number[], after: readonly number[]): ChangeInterval | undefined {
  const welch = welchTerms(after, before);
  if (!welch) return undefined;
  if (welch.standardError === 0) return { low: change, high: change };
  const half = studentTQuantile(1 - SIGNIFICANCE_LEVEL / 2, welch.df) * welch.standardError;
  return { low: change - half, high: change + half };
}
