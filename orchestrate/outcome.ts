/** What happened to each job of a run, and the run's exit code. */
import type { Job } from "./jobs";

/** completed: deployed, result complete (and destroyed unless --keep); skipped: --resume found a complete result. */
export type JobStatus = "completed" | "skipped" | "failed" | "interrupted" | "not-started" | "blocked";

/** One job's outcome. */
export interface JobOutcome {
  readonly job: Job;
  readonly status: JobStatus;
  /** Milliseconds from deploy start to destroy end (ran jobs only). */
  readonly durationMs?: number;
  /** Why it failed, was blocked or interrupted. */
  readonly reason?: string;
  /** The deploy/destroy log kvmbench wrote (jobs that started). */
  readonly logFile?: string;
  /** Where the runner leaves `<name>.failed.txt` on the host (failed jobs). */
  readonly hostFailedFile?: string;
  /** The result file (completed and skipped jobs). */
  readonly resultFile?: string;
  /** True when the stack is still deployed at the end (--keep, or a destroy that failed). */
  readonly leftDeployed?: boolean;
  /** The command that removes a stack left deployed. */
  readonly destroyCommand?: string;
}

/** The whole run. */
export interface RunSummary {
  readonly outcomes: readonly JobOutcome[];
  readonly interrupted: boolean;
  readonly elapsedMs: number;
}

/** 0 every job completed or was skipped; 130 interrupted; 1 otherwise (failed or blocked jobs). */
export function exitCodeOf(summary: RunSummary): number {
  if (summary.interrupted) return 130;
  return summary.outcomes.every((o) => o.status === "completed" || o.status === "skipped") ? 0 : 1;
}
