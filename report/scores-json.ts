import { testsAboveBaseline, unstableTests, type AboveBaseline, type UnstableTest } from "../results/assessment";
import type { RankingKey, ScenarioScore, StudyScores } from "../results/scoring";
import { DEFAULT_VERDICT_THRESHOLDS, deriveVerdict, type Verdict, type VerdictCaveat, type VerdictThresholds, type WriteStall } from "../results/verdict";
import { rankBy } from "../results/scoring";
import type { StudyResults } from "../results/study-results";

/** One scenario in the JSON output; scores are MB/s, null when a needed test is missing. */
export interface ScenarioScoreJson {
  readonly name: string;
  readonly storage: string | null;
  readonly cache: string | null;
  readonly bus: string | null;
  readonly io: string | null;
  /** "tcg": not comparable with KVM results or the bare device. */
  readonly accelerator: string;
  readonly weightedRead: number | null;
  readonly weightedWrite: number | null;
  readonly meanWeighted: number | null;
  readonly sequentialRead: number | null;
  readonly randomRead4k: number | null;
  readonly sequentialWrite: number | null;
  readonly randomWrite4k: number | null;
  readonly missingTests: readonly string[];
  /** 95 % interval [low, high] of each score; null without two or more repeats. */
  readonly intervals: { readonly weightedRead: IntervalJson; readonly weightedWrite: IntervalJson; readonly meanWeighted: IntervalJson };
}

type IntervalJson = readonly [number, number] | null;

/** The verdict, by scenario name (results/verdict.ts). */
export interface VerdictJson {
  readonly thresholds: VerdictThresholds;
  readonly picks: readonly { readonly question: string; readonly winner: string; readonly tiedWith: readonly string[] }[];
  readonly avoidCaches: readonly { readonly cache: string; readonly slowWritesMedianFraction: number | null; readonly stalls: readonly WriteStall[] }[];
  readonly avoidScenarios: readonly WriteStall[];
  /** Every cache mode's small random writes below the threshold (each mode's median fraction); empty otherwise. */
  readonly slowWritesEverywhere: readonly { readonly cache: string; readonly medianFraction: number }[];
  readonly caveats: readonly VerdictCaveat[];
}

/** The document `kvmbench report --json` prints. */
export interface ScoresJson {
  readonly scenarios: readonly ScenarioScoreJson[];
  readonly baseline: ScenarioScoreJson;
  readonly factors: { readonly read: number; readonly write: number };
  /** Scenario names, best first. */
  readonly rankings: { readonly weightedRead: readonly string[]; readonly weightedWrite: readonly string[]; readonly meanWeighted: readonly string[] };
  /** Figures above the bare device (the host's cache is in the loop) and tests whose repeats disagree; with the results only. */
  readonly aboveBaseline?: readonly AboveBaseline[];
  readonly unstable?: readonly UnstableTest[];
  /** With the results only. */
  readonly verdict?: VerdictJson;
}

function scoreJson(score: ScenarioScore): ScenarioScoreJson {
  return {
    name: score.name,
    storage: score.settings.storage ?? null,
    cache: score.settings.cache ?? null,
    bus: score.settings.bus ?? null,
    io: score.settings.io ?? null,
    accelerator: score.accelerator,
    weightedRead: score.weightedRead ?? null,
    weightedWrite: score.weightedWrite ?? null,
    meanWeighted: score.meanWeighted ?? null,
    sequentialRead: score.sequentialRead ?? null,
    randomRead4k: score.randomRead4k ?? null,
    sequentialWrite: score.sequentialWrite ?? null,
    randomWrite4k: score.randomWrite4k ?? null,
    missingTests: score.missingTests,
    intervals: { weightedRead: intervalJson(score, "weightedRead"), weightedWrite: intervalJson(score, "weightedWrite"), meanWeighted: intervalJson(score, "meanWeighted") },
  };
}

function intervalJson(score: ScenarioScore, key: RankingKey): IntervalJson {
  const interval = score.intervals[key];
  return interval ? [interval.low, interval.high] : null;
}

function verdictJson(verdict: Verdict): VerdictJson {
  return {
    thresholds: verdict.thresholds,
    picks: verdict.picks.map((pick) => ({ question: pick.question, winner: pick.winner.name, tiedWith: pick.tiedWith.map((score) => score.name) })),
    avoidCaches: verdict.avoidCaches.map((mode) => ({ cache: mode.cache, slowWritesMedianFraction: mode.slowWrites?.medianFraction ?? null, stalls: mode.stalls ?? [] })),
    avoidScenarios: verdict.avoidScenarios,
    slowWritesEverywhere: verdict.slowWritesEverywhere?.modes ?? [],
    caveats: verdict.caveats,
  };
}

/** The study's scores as a plain JSON document for scripts; scenarios in input order. With the results, also what to be wary of and the verdict. */
export function scoresToJson(scores: StudyScores, study?: StudyResults, thresholds: VerdictThresholds = DEFAULT_VERDICT_THRESHOLDS): ScoresJson {
  const names = (key: "weightedRead" | "weightedWrite" | "meanWeighted"): string[] => rankBy(scores.scenarios, key).map((score) => score.name);
  return {
    scenarios: scores.scenarios.map(scoreJson),
    baseline: scoreJson(scores.baseline),
    factors: { read: scores.factors.read, write: scores.factors.write },
    rankings: { weightedRead: names("weightedRead"), weightedWrite: names("weightedWrite"), meanWeighted: names("meanWeighted") },
    ...(study ? { aboveBaseline: testsAboveBaseline(study), unstable: unstableTests(study), verdict: verdictJson(deriveVerdict(study, scores, thresholds)) } : {}),
  };
}
