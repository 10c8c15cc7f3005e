import type { SteadyStateOutcome, TestFigures } from "./figures";

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
 * (an upper bound: percentiles of parts cannot be merged exactly), the maximum latency is the
 * largest (exact), the run time the longest, and
 * the test was steady only when every part was.
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
    p999LatencyMs: worst(parts.map((part) => part.figures.p999LatencyMs)),
    maxLatencyMs: worst(parts.map((part) => part.figures.maxLatencyMs)),
    ...optional("seconds", worst(parts.map((part) => part.figures.seconds))),
    ...optional("steadyState", combinedSteadyState(parts.map((part) => part.figures.steadyState))),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Steady only when every part was; undefined when no part ran with steady-state detection. */
function combinedSteadyState(outcomes: readonly (SteadyStateOutcome | undefined)[]): SteadyStateOutcome | undefined {
  const known = outcomes.filter((outcome): outcome is SteadyStateOutcome => outcome !== undefined);
  if (known.length === 0) return undefined;
  return { attained: known.length === outcomes.length && known.every((outcome) => outcome.attained), criterion: (known[0] as SteadyStateOutcome).criterion };
}
