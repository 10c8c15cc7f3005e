import { testLabel, type Direction, type TestId } from "./benchmark-tests";
import { ResultInputError } from "./errors";
import { medianMbPerSecond, type Accelerator, type ScenarioResults } from "./scenario-results";
import type { ScenarioSettings } from "./scenario-settings";
import type { StudyResults } from "./study-results";
import { repeatScores, scoreInterval, type RepeatScores, type ScoreInterval } from "./score-uncertainty";
import { RANKING_KEYS, SCORED_TESTS, type RankingKey, type WeightingFactors } from "./scoring-keys";

export { RANKING_KEYS, SCORED_TESTS, type RankingKey, type WeightingFactors };


/**
 * The seed's scores for one scenario, from MB/s medians across repeats. A score is undefined when
 * the scenario lacks one of its tests (listed in `missingTests`).
 */
export interface ScenarioScore {
  readonly name: string;
  readonly kind: "scenario" | "baseline";
  readonly settings: ScenarioSettings;
  /** "tcg" results are not comparable (see ScenarioResults.accelerator). */
  readonly accelerator: Accelerator;
  readonly sequentialRead?: number;
  readonly randomRead4k?: number;
  readonly sequentialWrite?: number;
  readonly randomWrite4k?: number;
  /** mean(sequential read, 4 KiB random read x k_r) */
  readonly weightedRead?: number;
  /** mean(sequential write, 4 KiB random write x k_w) */
  readonly weightedWrite?: number;
  /** mean(weighted read, weighted write) */
  readonly meanWeighted?: number;
  readonly missingTests: readonly TestId[];
  /** Each repeat's own scores (see score-uncertainty.ts). */
  readonly repeatScores: RepeatScores;
  /** 95 % interval of each score, when it has at least two repeats. */
  readonly intervals: Readonly<Partial<Record<RankingKey, ScoreInterval>>>;
}


/** Scores of a whole study. */
export interface StudyScores {
  readonly factors: WeightingFactors;
  readonly baseline: ScenarioScore;
  readonly scenarios: readonly ScenarioScore[];
}


function weightingFactor(baseline: ScenarioResults, direction: Direction): number {
  const { sequential, random4k } = SCORED_TESTS[direction];
  const why = `it is needed for the weighting factor k_${direction === "read" ? "r" : "w"} = baseline ${testLabel(sequential).toLowerCase()} / baseline ${testLabel(random4k).toLowerCase()}, which weights every scenario's weighted ${direction}`;
  for (const test of [sequential, random4k]) {
    const value = medianMbPerSecond(baseline, test);
    if (value === undefined) {
      throw new ResultInputError(`${baseline.source}: the baseline has no ${testLabel(test).toLowerCase()} (${test}) result; ${why}`);
    }
    if (!(value > 0)) {
      throw new ResultInputError(`${baseline.source}: the baseline's ${testLabel(test).toLowerCase()} (${test}) is ${value} MB/s; ${why}, so it must be above 0`);
    }
  }
  return (medianMbPerSecond(baseline, sequential) as number) / (medianMbPerSecond(baseline, random4k) as number);
}

function weighted(sequential: number | undefined, random4k: number | undefined, factor: number): number | undefined {
  if (sequential === undefined || random4k === undefined) return undefined;
  return (sequential + random4k * factor) / 2;
}

/** Scores one scenario against the weighting factors. */
export function scoreScenario(scenario: ScenarioResults, factors: WeightingFactors): ScenarioScore {
  const sequentialRead = medianMbPerSecond(scenario, "seq-read");
  const randomRead4k = medianMbPerSecond(scenario, "rand-read-4k");
  const sequentialWrite = medianMbPerSecond(scenario, "seq-write");
  const randomWrite4k = medianMbPerSecond(scenario, "rand-write-4k");
  const weightedRead = weighted(sequentialRead, randomRead4k, factors.read);
  const weightedWrite = weighted(sequentialWrite, randomWrite4k, factors.write);
  const scored: TestId[] = ["seq-read", "rand-read-4k", "seq-write", "rand-write-4k"];
  const meanWeighted = weightedRead !== undefined && weightedWrite !== undefined ? (weightedRead + weightedWrite) / 2 : undefined;
  const samples = repeatScores(scenario, factors);
  const centres: Record<RankingKey, number | undefined> = { weightedRead, weightedWrite, meanWeighted };
  const intervals: Partial<Record<RankingKey, ScoreInterval>> = {};
  for (const key of RANKING_KEYS) {
    const interval = scoreInterval(centres[key], samples[key]);
    if (interval) intervals[key] = interval;
  }
  return {
    name: scenario.name,
    kind: scenario.kind,
    settings: scenario.settings,
    accelerator: scenario.accelerator,
    sequentialRead,
    randomRead4k,
    sequentialWrite,
    randomWrite4k,
    weightedRead,
    weightedWrite,
    meanWeighted,
    missingTests: scored.filter((test) => !scenario.tests.has(test)),
    repeatScores: samples,
    intervals,
  };
}

/**
 * Scores a study the way the seed did: k_r and k_w from the baseline's MB/s medians, then each
 * scenario's weighted read, weighted write and mean weighted r-w. Throws a ResultInputError
 * naming the missing test when the baseline lacks one the factors need.
 */
export function scoreStudy(study: StudyResults): StudyScores {
  const factors: WeightingFactors = { read: weightingFactor(study.baseline, "read"), write: weightingFactor(study.baseline, "write") };
  return {
    factors,
    baseline: scoreScenario(study.baseline, factors),
    scenarios: study.scenarios.map((scenario) => scoreScenario(scenario, factors)),
  };
}

/** Scenarios that have the score, best first (ties keep input order); unscored scenarios are left out. */
export function rankBy(scores: readonly ScenarioScore[], key: RankingKey): ScenarioScore[] {
  return scores
    .filter((score) => score[key] !== undefined)
    .map((score, index) => ({ score, index }))
    .sort((a, b) => (b.score[key] as number) - (a.score[key] as number) || a.index - b.index)
    .map(({ score }) => score);
}
