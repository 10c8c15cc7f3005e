/**
 * The answer a sysadmin wants from a study, derived from its figures: the best configuration
 * overall, without ZFS and on IDE (each with the scenarios it is tied with), the cache modes and
 * scenarios to avoid and why, and what to keep in mind about the winners. Every threshold is a
 * stated default a caller may change (`kvmbench report --slow-writes`, `--stall-ms`).
 */
import { isAboveBaseline, isUnstable } from "./assessment";
import { medianMbPerSecond, type ScenarioResults } from "./scenario-results";
import { rankWithTies, tiedWithFirst } from "./ranking-ties";
import { SCORED_TESTS } from "./scoring-keys";
import type { ScenarioScore, StudyScores } from "./scoring";
import { writeStalls } from "./stalls";
import { summarize } from "./statistics";
import type { StudyResults } from "./study-results";
import type { TestId } from "./benchmark-tests";

/** The limits the verdict judges by. */
export interface VerdictThresholds {
  /**
   * Avoid a cache mode whose scenarios' 4 KiB random writes run, in the median, below this
   * fraction of the bare device's.
   */
  readonly slowWriteFraction: number;
  /** A scenario stalls when the worst p99.9 of its write tests (median across repeats) is above this many milliseconds. */
  readonly stallMs: number;
}

/**
 * A quarter of the bare device's small random writes is the point where a guest's writes queue
 * up behind the storage (the seed's writethrough results were far below it); a 1 s p99.9 means
 * one write in a thousand holds the guest for a second or more: the lock-ups the seed describes.
 */
export const DEFAULT_VERDICT_THRESHOLDS: VerdictThresholds = { slowWriteFraction: 0.25, stallMs: 1000 };

/** The questions the verdict answers. */
export type VerdictQuestion = "overall" | "without-zfs" | "ide";

/** The best scenario (by mean weighted r-w) among those a question considers. */
export interface VerdictPick {
  readonly question: VerdictQuestion;
  readonly winner: ScenarioScore;
  /** Scenarios whose score does not differ from the winner's beyond the noise. */
  readonly tiedWith: readonly ScenarioScore[];
  /** How many scenarios the question considered. */
  readonly candidates: number;
}

/** A cache mode to avoid, with the figures that say so. */
export interface CacheModeToAvoid {
  readonly cache: string;
  readonly scenarios: number;
  /** Present when its 4 KiB random writes are, in the median, below the threshold fraction of the bare device's. */
  readonly slowWrites?: { readonly medianFraction: number; readonly fractions: readonly { readonly scenario: string; readonly fraction: number }[] };
  /** Present when at least half its scenarios stall. */
  readonly stalls?: readonly WriteStall[];
}

/**
 * Every cache mode the study tried has its 4 KiB random writes below the threshold: the cache mode
 * is not what makes them slow, so none is avoided for it (each mode's median fraction).
 */
export interface SlowWritesEverywhere {
  readonly modes: readonly { readonly cache: string; readonly medianFraction: number }[];
}

/** A scenario whose worst p99.9 write latency is above the stall threshold. */
export interface WriteStall {
  readonly scenario: string;
  readonly ms: number;
  readonly test: TestId;
}

/** Things to keep in mind about the picks. */
export interface VerdictCaveat {
  readonly kind: "tcg" | "above-baseline" | "unstable" | "volatile-cache" | "no-repeats";
  readonly scenarios: readonly string[];
}

export interface Verdict {
  readonly thresholds: VerdictThresholds;
  readonly picks: readonly VerdictPick[];
  readonly avoidCaches: readonly CacheModeToAvoid[];
  /** Stalling scenarios whose cache mode is not avoided as a whole. */
  readonly avoidScenarios: readonly WriteStall[];
  /** Present when every cache mode's small random writes are slow; then no mode is avoided for that. */
  readonly slowWritesEverywhere?: SlowWritesEverywhere;
  readonly caveats: readonly VerdictCaveat[];
  /** Scenarios left out of the verdict because they ran under TCG while others ran under KVM. */
  readonly leftOutTcg: readonly string[];
}

/**
 * Whether a scenario's storage has ZFS under it: the `facts.onZfs` its result file records, else
 * its storage name (raw fio files have only that).
 */
export function isOnZfs(scenario: ScenarioResults): boolean {
  const facts = scenario.configuration["facts"];
  if (typeof facts === "object" && facts !== null && typeof (facts as Record<string, unknown>)["onZfs"] === "boolean") {
    return (facts as Record<string, boolean>)["onZfs"] === true;
  }
  return /zfs|zvol/i.test(scenario.settings.storage ?? scenario.name);
}

const VOLATILE_CACHES = new Set(["writeback", "unsafe"]);

function pick(question: VerdictQuestion, scores: readonly ScenarioScore[]): VerdictPick | undefined {
  const ranking = rankWithTies(scores, "meanWeighted");
  const first = ranking[0];
  return first ? { question, winner: first.score, tiedWith: tiedWithFirst(ranking), candidates: scores.length } : undefined;
}

function stallOf(scenario: ScenarioResults, thresholds: VerdictThresholds): WriteStall | undefined {
  const worst = writeStalls(scenario).worstP999;
  return worst && worst.ms > thresholds.stallMs ? { scenario: scenario.name, ms: worst.ms, test: worst.test } : undefined;
}

/** Each cache mode's judgement: slow small writes, stalls, neither or both. */
function judgeCacheModes(study: StudyResults, scenarios: readonly ScenarioResults[], thresholds: VerdictThresholds): CacheModeToAvoid[] {
  const baselineWrite = medianMbPerSecond(study.baseline, "rand-write-4k");
  const modes = [...new Set(scenarios.flatMap((scenario) => (scenario.settings.cache ? [scenario.settings.cache] : [])))];
  return modes.map((cache) => {
    const members = scenarios.filter((scenario) => scenario.settings.cache === cache);
    const fractions = members.flatMap((scenario) => {
      const write = medianMbPerSecond(scenario, "rand-write-4k");
      return write === undefined || baselineWrite === undefined || !(baselineWrite > 0) ? [] : [{ scenario: scenario.name, fraction: write / baselineWrite }];
    });
    const medianFraction = summarize(fractions.map((entry) => entry.fraction))?.median;
    const stalls = members.flatMap((scenario) => stallOf(scenario, thresholds) ?? []);
    const slow = medianFraction !== undefined && medianFraction < thresholds.slowWriteFraction;
    const stalling = stalls.length > 0 && stalls.length * 2 >= members.length;
    return {
      cache,
      scenarios: members.length,
      ...(slow ? { slowWrites: { medianFraction: medianFraction as number, fractions } } : {}),
      ...(stalling ? { stalls } : {}),
    };
  });
}

/**
 * The cache modes to avoid. Slow small writes count against a mode only when another mode the
 * study tried does better than the threshold: when every mode is slow, avoiding each would leave
 * nothing to choose, and the cause lies beneath the cache mode (reported as slowWritesEverywhere).
 */
function cacheModesToAvoid(judged: readonly CacheModeToAvoid[]): { avoid: CacheModeToAvoid[]; slowWritesEverywhere?: SlowWritesEverywhere } {
  const everySlow = judged.length > 0 && judged.every((mode) => mode.slowWrites !== undefined);
  if (!everySlow) return { avoid: judged.filter((mode) => mode.slowWrites !== undefined || mode.stalls !== undefined) };
  return {
    avoid: judged.flatMap((mode) => (mode.stalls ? [{ cache: mode.cache, scenarios: mode.scenarios, stalls: mode.stalls }] : [])),
    slowWritesEverywhere: { modes: judged.flatMap((mode) => (mode.slowWrites ? [{ cache: mode.cache, medianFraction: mode.slowWrites.medianFraction }] : [])) },
  };
}

function caveats(study: StudyResults, picks: readonly VerdictPick[]): VerdictCaveat[] {
  const winners = [...new Map(picks.map((entry) => [entry.winner.name, entry.winner])).values()];
  const results = (score: ScenarioScore): ScenarioResults | undefined => study.scenarios.find((scenario) => scenario.name === score.name);
  const scoredTests = Object.values(SCORED_TESTS).flatMap((tests) => [tests.sequential, tests.random4k]);
  const which = (test: (score: ScenarioScore, scenario: ScenarioResults) => boolean): string[] =>
    winners.flatMap((score) => {
      const scenario = results(score);
      return scenario && test(score, scenario) ? [score.name] : [];
    });
  const found: VerdictCaveat[] = [
    { kind: "tcg", scenarios: which((score) => score.accelerator === "tcg") },
    { kind: "above-baseline", scenarios: which((_, scenario) => scoredTests.some((test) => isAboveBaseline(study, scenario, test))) },
    { kind: "unstable", scenarios: which((_, scenario) => scoredTests.some((test) => isUnstable(scenario.tests.get(test)))) },
    { kind: "volatile-cache", scenarios: which((score) => VOLATILE_CACHES.has(score.settings.cache ?? "")) },
    { kind: "no-repeats", scenarios: which((score) => score.intervals.meanWeighted === undefined) },
  ];
  return found.filter((caveat) => caveat.scenarios.length > 0);
}

/**
 * The verdict on a scored study. TCG scenarios are left out when some ran under KVM (they compare
 * with nothing); a study that ran only under TCG gets its verdict with that caveat.
 */
export function deriveVerdict(study: StudyResults, scores: StudyScores, thresholds: VerdictThresholds = DEFAULT_VERDICT_THRESHOLDS): Verdict {
  const anyKvm = study.scenarios.some((scenario) => scenario.accelerator === "kvm");
  const considered = study.scenarios.filter((scenario) => !anyKvm || scenario.accelerator === "kvm");
  const names = new Set(considered.map((scenario) => scenario.name));
  const scored = scores.scenarios.filter((score) => names.has(score.name));
  const byName = new Map(considered.map((scenario) => [scenario.name, scenario]));
  const zfs = (score: ScenarioScore): boolean => isOnZfs(byName.get(score.name) as ScenarioResults);
  const withoutZfs = scored.filter((score) => !zfs(score));
  const ide = scored.filter((score) => score.settings.bus === "ide");
  const picks = [
    pick("overall", scored),
    // only a question of its own when the study has both kinds of storage
    withoutZfs.length > 0 && withoutZfs.length < scored.length ? pick("without-zfs", withoutZfs) : undefined,
    ide.length > 0 ? pick("ide", ide) : undefined,
  ].filter((entry): entry is VerdictPick => entry !== undefined);
  const { avoid: avoidCaches, slowWritesEverywhere } = cacheModesToAvoid(judgeCacheModes(study, considered, thresholds));
  const avoidedForStalls = new Set(avoidCaches.filter((mode) => mode.stalls).map((mode) => mode.cache));
  const avoidScenarios = considered
    .filter((scenario) => !avoidedForStalls.has(scenario.settings.cache ?? ""))
    .flatMap((scenario) => stallOf(scenario, thresholds) ?? []);
  return {
    thresholds,
    picks,
    avoidCaches,
    avoidScenarios,
    ...(slowWritesEverywhere ? { slowWritesEverywhere } : {}),
    caveats: caveats(study, picks),
    leftOutTcg: study.scenarios.filter((scenario) => !names.has(scenario.name)).map((scenario) => scenario.name),
  };
}
