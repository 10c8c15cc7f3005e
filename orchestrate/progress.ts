/** Progress lines for `kvmbench run`: `[i/N] name ...  elapsed 1h02m, ETA 3h10m`. */

/** "12s", "4m05s", "1h02m". */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

/** What the ETA is computed from. */
export interface EtaInput {
  /** Durations of the jobs that ran to the end so far (skipped ones excluded). */
  readonly durations: readonly number[];
  /** Jobs not finished yet (running ones included). */
  readonly remaining: number;
  /** How many jobs can run at once (device queues). */
  readonly parallelism: number;
}

/**
 * Milliseconds left: mean duration so far x remaining jobs / parallel queues (rounded up to whole
 * rounds); undefined before the first job has finished.
 */
export function estimateRemaining(input: EtaInput): number | undefined {
  if (input.durations.length === 0) return input.remaining === 0 ? 0 : undefined;
  const mean = input.durations.reduce((sum, d) => sum + d, 0) / input.durations.length;
  return mean * Math.ceil(input.remaining / Math.max(1, input.parallelism));
}

/** One progress line (no newline). */
export function progressLine(index: number, total: number, name: string, what: string, elapsedMs: number, etaMs: number | undefined): string {
  const width = String(total).length;
  const eta = etaMs === undefined ? "ETA unknown" : `ETA ${formatDuration(etaMs)}`;
  return `[${String(index).padStart(width)}/${total}] ${name} ${what} (elapsed ${formatDuration(elapsedMs)}, ${eta})`;
}
