import type { TestId } from "./benchmark-tests";
import type { LoadPoint } from "./load-points";

/** The figures one test produced in one repeat. Throughput in MB/s is decimal (10^6 bytes per second). */
export interface TestFigures {
  readonly mbPerSecond: number;
  readonly iops: number;
  readonly meanLatencyMs: number;
  /** Completion latency percentiles; absent when the tool did not report them. */
  readonly p50LatencyMs?: number;
  readonly p99LatencyMs?: number;
  readonly p999LatencyMs?: number;
  /** The slowest I/O of the test; absent when the tool did not say. */
  readonly maxLatencyMs?: number;
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
export const FIGURE_NAMES = ["mbPerSecond", "iops", "meanLatencyMs", "p50LatencyMs", "p99LatencyMs", "p999LatencyMs", "maxLatencyMs"] as const;

/** The latency figures, in milliseconds, in report order. */
export const LATENCY_FIGURES = ["meanLatencyMs", "p50LatencyMs", "p99LatencyMs", "p999LatencyMs", "maxLatencyMs"] as const;

/** One of the latency figures. */
export type LatencyFigure = (typeof LATENCY_FIGURES)[number];

/** One of the figures of a test. */
export type FigureName = (typeof FIGURE_NAMES)[number];

/** The figures of one repeat (one tool run), by test. */
export type RunFigures = ReadonlyMap<TestId, TestFigures>;

/** The figures of one test at one load point, in one repeat. */
export interface PointFigures {
  readonly test: TestId;
  readonly point: LoadPoint;
  readonly figures: TestFigures;
}

/** What parsing one tool output gives: figures, plus notes on what was skipped. */
export interface ParsedRun {
  /** Per test, at the lowest load it ran under (what scores and per-test charts use). */
  readonly figures: RunFigures;
  /** Every test at every load point it ran under, the lowest included (a queue-depth sweep). */
  readonly points: readonly PointFigures[];
  /** Jobs or targets that matched none of the profile's tests, and similar notes. */
  readonly warnings: readonly string[];
}
