/**
 * The verdict in words, each claim with the figures it rests on (results/verdict.ts decides;
 * this says it). Shared by summary.md and report.html, which render the evidence as links.
 */
import { testLabel } from "../results/benchmark-tests";
import type { ScenarioScore } from "../results/scoring";
import type { CacheModeToAvoid, SlowWritesEverywhere, Verdict, VerdictCaveat, VerdictPick, WriteStall } from "../results/verdict";
import type { Evidence } from "./evidence";
import { formatMbPerSecond, formatMs, formatPercent } from "./format";
import type { ReportTable } from "./summary-tables";

/** One sentence of the verdict and where its figures are. */
export interface VerdictClaim {
  /** What it answers, e.g. "Best overall". */
  readonly topic: string;
  readonly text: string;
  readonly evidence: readonly Evidence[];
}

/** The tables and charts claims point to. */
export interface VerdictSources {
  readonly allScores: ReportTable;
  readonly topMeanWeighted: ReportTable;
  readonly mbps: ReportTable;
  readonly stalls: ReportTable;
  /** The id and title of the "before you read the numbers" section. */
  readonly notes: { readonly id: string; readonly title: string };
}

const QUESTIONS: Readonly<Record<VerdictPick["question"], string>> = {
  overall: "Best overall",
  "without-zfs": "Best without ZFS",
  ide: "Best on IDE",
};

function settingsText(score: ScenarioScore): string {
  const { storage, cache, bus, io } = score.settings;
  return [storage ? `storage ${storage}` : undefined, cache ? `cache=${cache}` : undefined, bus ? `bus=${bus}` : undefined, io ? `io=${io}` : undefined]
    .filter((part) => part !== undefined)
    .join(", ");
}

function names(scores: readonly { readonly name: string }[]): string {
  return scores.map((score) => score.name).join(", ");
}

/** A row of the top table when the scenario is in it, else of the table of all scenarios. */
function scoreRow(sources: VerdictSources, scenario: string): Evidence {
  const table = sources.topMeanWeighted.rowKeys?.includes(scenario) ? sources.topMeanWeighted : sources.allScores;
  return { kind: "row", table, row: scenario };
}

function pickClaim(pick: VerdictPick, sources: VerdictSources): VerdictClaim {
  const { winner } = pick;
  const interval = winner.intervals.meanWeighted;
  const score = `mean weighted r-w ${formatMbPerSecond(winner.meanWeighted)} MB/s${interval ? ` (95 % interval ${formatMbPerSecond(interval.low)}–${formatMbPerSecond(interval.high)})` : ""}`;
  const ties =
    pick.tiedWith.length > 0
      ? ` It is not ahead of ${names(pick.tiedWith)} beyond the noise of the repeats: ${pick.tiedWith.length === 1 ? "either" : "any of them"} will do as well.`
      : interval && pick.candidates > 1
        ? " It is ahead of the next scenario beyond the noise."
        : "";
  const of = pick.question === "overall" ? "" : pick.candidates === 1 ? " (the only one)" : ` (of ${pick.candidates} scenarios)`;
  return {
    topic: QUESTIONS[pick.question],
    text: `${winner.name}${settingsText(winner) ? ` (${settingsText(winner)})` : ""}${of}: ${score}.${ties}`,
    evidence: [scoreRow(sources, winner.name), ...pick.tiedWith.map((tied) => scoreRow(sources, tied.name)), { kind: "chart", id: "score-meanWeighted", title: "mean weighted r-w chart" }],
  };
}

function stallText(stall: WriteStall): string {
  return `${stall.scenario} ${formatMs(stall.ms)} ms (${testLabel(stall.test)})`;
}

function cacheClaim(mode: CacheModeToAvoid, verdict: Verdict, sources: VerdictSources): VerdictClaim {
  const reasons: string[] = [];
  const evidence: Evidence[] = [];
  if (mode.slowWrites) {
    reasons.push(
      `its 4 KiB random writes run at a median ${formatPercent(mode.slowWrites.medianFraction)} of the bare device's, below the ${formatPercent(verdict.thresholds.slowWriteFraction)} threshold`,
    );
    evidence.push(...mode.slowWrites.fractions.map((entry) => ({ kind: "row" as const, table: sources.mbps, row: entry.scenario })), { kind: "chart", id: "test-rand-write-4k", title: "Random write 4 KiB chart" });
  }
  if (mode.stalls) {
    reasons.push(
      `${mode.stalls.length} of its ${mode.scenarios} scenarios stall, with a p99.9 write latency above ${formatMs(verdict.thresholds.stallMs)} ms: ${mode.stalls.map(stallText).join("; ")}`,
    );
    evidence.push(...mode.stalls.map((stall) => ({ kind: "row" as const, table: sources.stalls, row: stall.scenario })));
  }
  return { topic: `Avoid cache=${mode.cache}`, text: `${reasons.join("; and ")}.`, evidence };
}

function scenarioClaim(stall: WriteStall, verdict: Verdict, sources: VerdictSources): VerdictClaim {
  return {
    topic: `Avoid ${stall.scenario}`,
    text: `its p99.9 latency in ${testLabel(stall.test)} is ${formatMs(stall.ms)} ms, above the ${formatMs(verdict.thresholds.stallMs)} ms stall threshold.`,
    evidence: [{ kind: "row", table: sources.stalls, row: stall.scenario }],
  };
}

/** "none 2 %, writeback 5.5 %": each cache mode with its small writes' median fraction of the bare device's. */
export function slowModesText(slow: SlowWritesEverywhere): string {
  return slow.modes.map((mode) => `${mode.cache} ${formatPercent(mode.medianFraction)}`).join(", ");
}

function slowEverywhereClaim(slow: SlowWritesEverywhere, verdict: Verdict, sources: VerdictSources): VerdictClaim {
  const modes = slowModesText(slow);
  return {
    topic: "Slow small writes in every cache mode",
    text:
      `4 KiB random writes run below ${formatPercent(verdict.thresholds.slowWriteFraction)} of the bare device's in every cache mode tried (medians: ${modes}). ` +
      "The cache mode is not the cause, so none is to avoid for it: the loss lies beneath (the storage stack, or QEMU's emulation under TCG); compare the modes with each other.",
    evidence: [{ kind: "table", table: sources.mbps }, { kind: "chart", id: "test-rand-write-4k", title: "Random write 4 KiB chart" }],
  };
}

const CAVEATS: Readonly<Record<VerdictCaveat["kind"], string>> = {
  tcg: "ran under TCG (software emulation): the figures measure the emulator and compare with nothing",
  "above-baseline": "figures above the bare device: the host's cache is in the loop, so they hold only while the data fits in the host's RAM",
  unstable: "tests whose repeats disagree by more than 10 %: the place is less certain than the interval suggests",
  "volatile-cache": "writes kept in the host's RAM (cache=writeback/unsafe): a host crash or power loss can lose them, so run the host on a UPS",
  "no-repeats": "a single run: without repeats there is no interval, and ties cannot be told",
};

function caveatClaim(caveat: VerdictCaveat, sources: VerdictSources): VerdictClaim {
  const evidence: Evidence[] =
    caveat.kind === "volatile-cache" || caveat.kind === "no-repeats" ? caveat.scenarios.map((scenario) => scoreRow(sources, scenario)) : [{ kind: "section", ...sources.notes }];
  return { topic: "Keep in mind", text: `${caveat.scenarios.join(", ")}: ${CAVEATS[caveat.kind]}.`, evidence };
}

/** The verdict's claims in order: the picks, what to avoid, the caveats. */
export function verdictClaims(verdict: Verdict, sources: VerdictSources): VerdictClaim[] {
  const avoid = [
    ...verdict.avoidCaches.map((mode) => cacheClaim(mode, verdict, sources)),
    ...verdict.avoidScenarios.map((stall) => scenarioClaim(stall, verdict, sources)),
    ...(verdict.slowWritesEverywhere ? [slowEverywhereClaim(verdict.slowWritesEverywhere, verdict, sources)] : []),
  ];
  const nothingToAvoid: VerdictClaim = {
    topic: "Nothing to avoid",
    text:
      `no cache mode's 4 KiB random writes run below ${formatPercent(verdict.thresholds.slowWriteFraction)} of the bare device's in the median, ` +
      `and no scenario's p99.9 write latency is above ${formatMs(verdict.thresholds.stallMs)} ms.`,
    evidence: [{ kind: "table", table: sources.stalls }],
  };
  const leftOut: VerdictClaim[] =
    verdict.leftOutTcg.length === 0
      ? []
      : [{ topic: "Left out", text: `${verdict.leftOutTcg.join(", ")} ran under TCG while the others ran under KVM: not comparable, so not judged.`, evidence: [{ kind: "section", ...sources.notes }] }];
  return [
    ...verdict.picks.map((pick) => pickClaim(pick, sources)),
    ...(avoid.length > 0 ? avoid : [nothingToAvoid]),
    ...verdict.caveats.map((caveat) => caveatClaim(caveat, sources)),
    ...leftOut,
  ];
}

/** The thresholds the verdict used, and how to change them. */
export function thresholdsText(verdict: Verdict): string {
  return (
    `Thresholds: avoid a cache mode whose 4 KiB random writes run below ${formatPercent(verdict.thresholds.slowWriteFraction)} of the bare device's in the median (--slow-writes ${verdict.thresholds.slowWriteFraction}); ` +
    `a scenario stalls when the p99.9 latency of a write test is above ${formatMs(verdict.thresholds.stallMs)} ms (--stall-ms ${verdict.thresholds.stallMs}); ` +
    "best means the highest mean weighted r-w, and ties are differences within the noise of the repeats (Welch's t-test, 5 % level)."
  );
}
