import type { TestId } from "./benchmark-tests";

/** The figures one test produced in one repeat. Throughput in MB/s is decimal (10^6 bytes per second). */
export interface TestFigures {
  readonly mbPerSecond: number;
  readonly iops: number;
  readonly meanLatencyMs: number;
  /** Absent when the tool did not report percentiles. */
  readonly p50LatencyMs?: number;
  readonly p99LatencyMs?: number;
  /** How long the test ran, in seconds; absent when the tool did not say. */
  readonly seconds?: number;
  /** Present when the test ran with steady-state detection (fio's `steadystate`). */
  readonly steadyState?: SteadyStateOutcome;
}

/** Whether a test ended because its throughput was steady; if so, `seconds` is when. */
export interface SteadyStateOutcome {
  readonly attained: boolean;
  /** fio's criterion, e.g. "bw_slope:2.000000%". */
  readonly criterion: string;
}

/** The names of the figures, in report order. */
export const FIGURE_NAMES = ["mbPerSecond", "iops", "meanLatencyMs", "p50LatencyMs", "p99LatencyMs"] as const;

/** One of the figures of a test. */
export type FigureName = (typeof FIGURE_NAMES)[number];

/** The figures of one repeat (one tool run), by test. */
export type RunFigures = ReadonlyMap<TestId, TestFigures>;

/** What parsing one tool output gives: figures, plus notes on what was skipped. */
export interface ParsedRun {
  readonly figures: RunFigures;
  /** Jobs or targets that matched none of the profile's tests, and similar notes. */
  readonly warnings: readonly string[];
}
