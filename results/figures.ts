import type { TestId } from "./benchmark-tests";

/** The figures one test produced in one repeat. Throughput in MB/s is decimal (10^6 bytes per second). */
export interface TestFigures {
  readonly mbPerSecond: number;
  readonly iops: number;
  readonly meanLatencyMs: number;
  /** Absent when the tool did not report percentiles. */
  readonly p50LatencyMs?: number;
  readonly p99LatencyMs?: number;
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
