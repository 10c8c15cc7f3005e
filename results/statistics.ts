/** Median and spread of a set of values (one value per repeat). */
export interface Statistics {
  readonly count: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartiles (linear interpolation between closest ranks). */
  readonly q1: number;
  readonly q3: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1); 0 for a single value. */
  readonly stdev: number;
  /** Coefficient of variation, stdev / mean; 0 for a single value or a mean of 0. */
  readonly cv: number;
}

/** The value at quantile `q` (0..1) of ascending `sorted`, interpolating between closest ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("quantile of no values");
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const lowerValue = sorted[lower] as number;
  const upperValue = sorted[upper] as number;
  return lowerValue + (upperValue - lowerValue) * (position - lower);
}

/** Median, min, max, quartiles, mean, standard deviation and coefficient of variation of `values`; undefined when there are none. */
export function summarize(values: readonly number[]): Statistics | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const stdev = sorted.length < 2 ? 0 : Math.sqrt(sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (sorted.length - 1));
  return {
    count: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    mean,
    stdev,
    cv: mean === 0 ? 0 : stdev / Math.abs(mean),
  };
}
