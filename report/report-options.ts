import { DEFAULT_VERDICT_THRESHOLDS, type VerdictThresholds } from "../results/verdict";

/** What a report may be told besides its results. */
export interface ReportOptions {
  /** Length of the top lists. */
  readonly topCount: number;
  /** The verdict's limits (results/verdict.ts). */
  readonly thresholds: VerdictThresholds;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { topCount: 5, thresholds: DEFAULT_VERDICT_THRESHOLDS };

/** Options with the defaults filled in. */
export function reportOptions(options: Partial<ReportOptions> = {}): ReportOptions {
  return { ...DEFAULT_REPORT_OPTIONS, ...options, thresholds: { ...DEFAULT_VERDICT_THRESHOLDS, ...options.thresholds } };
}
