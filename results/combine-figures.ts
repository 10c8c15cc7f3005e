import type { TestFigures } from "./figures";

/** Figures of one job or target, with the number of I/Os behind its mean latency. */
export interface WeightedFigures {
  readonly figures: TestFigures;
  readonly weight: number;
}

function worst(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}

/**
 * Combines figures of jobs (or threads) that ran the same test at the same time: throughput and
 * IOPS add up, mean latency is weighted by I/O count, percentiles take the worst of the parts
 * (an upper bound: percentiles of parts cannot be merged exactly).
 */
export function combineFigures(parts: readonly WeightedFigures[]): TestFigures {
  const first = parts[0];
  if (!first) throw new Error("combineFigures needs at least one part");
  if (parts.length === 1) return first.figures;
  const totalWeight = parts.reduce((sum, part) => sum + part.weight, 0);
  return {
    mbPerSecond: parts.reduce((sum, part) => sum + part.figures.mbPerSecond, 0),
    iops: parts.reduce((sum, part) => sum + part.figures.iops, 0),
    meanLatencyMs:
      totalWeight > 0
        ? parts.reduce((sum, part) => sum + part.figures.meanLatencyMs * part.weight, 0) / totalWeight
        : first.figures.meanLatencyMs,
    p50LatencyMs: worst(parts.map((part) => part.figures.p50LatencyMs)),
    p99LatencyMs: worst(parts.map((part) => part.figures.p99LatencyMs)),
  };
}
