/**
 * Rankings that say when #1 is not really ahead of #2: neighbours whose repeat scores do not
 * differ beyond the noise (Welch's t-test, score-uncertainty.ts) share a place.
 */
import { compareSamples, type ScoreComparison } from "./score-uncertainty";
import { rankBy, type RankingKey, type ScenarioScore } from "./scoring";

/** A scenario's place in a ranking. */
export interface RankedScore {
  readonly score: ScenarioScore;
  /** 1-based place; tied neighbours share it (1, 1, 3, ...). */
  readonly place: number;
  /** Whether it shares its place with the scenario above. */
  readonly tiedWithAbove: boolean;
  /** This scenario against the next one down; undefined for the last or when either lacks repeats. */
  readonly versusNext?: ScoreComparison;
}

/**
 * The scenarios that have the score, best first, with places: a scenario is tied with the one
 * above it unless it is significantly behind (p < 0.05). Without repeats nothing can be judged,
 * so every place is its own.
 */
export function rankWithTies(scores: readonly ScenarioScore[], key: RankingKey): RankedScore[] {
  const ranked = rankBy(scores, key);
  const comparisons = ranked.map((score, index) => {
    const next = ranked[index + 1];
    return next ? compareSamples(score.repeatScores[key], next.repeatScores[key]) : undefined;
  });
  let place = 1;
  return ranked.map((score, index) => {
    const above = index > 0 ? comparisons[index - 1] : undefined;
    const tiedWithAbove = above !== undefined && !above.significant;
    if (index > 0 && !tiedWithAbove) place = index + 1;
    const versusNext = comparisons[index];
    return { score, place, tiedWithAbove, ...(versusNext ? { versusNext } : {}) };
  });
}

/** The scenarios tied with the first of a ranking (the first itself excluded). */
export function tiedWithFirst(ranking: readonly RankedScore[]): ScenarioScore[] {
  const rest = ranking.slice(1);
  const end = rest.findIndex((entry) => !entry.tiedWithAbove);
  return (end < 0 ? rest : rest.slice(0, end)).map((entry) => entry.score);
}

/** Every pair among the first `count` of a ranking, judged: for the table of which comparisons are significant. */
export function pairwiseComparisons(ranking: readonly RankedScore[], key: RankingKey, count: number): { first: ScenarioScore; second: ScenarioScore; comparison?: ScoreComparison }[][] {
  const top = ranking.slice(0, count).map((entry) => entry.score);
  return top.map((first) =>
    top.map((second) => {
      const comparison = first === second ? undefined : compareSamples(first.repeatScores[key], second.repeatScores[key]);
      return comparison ? { first, second, comparison } : { first, second };
    }),
  );
}
