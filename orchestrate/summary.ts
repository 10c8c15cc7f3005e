/** The end-of-run summary for people. */
import { formatDuration } from "./progress";
import type { JobOutcome, JobStatus, RunSummary } from "./outcome";

const ORDER: readonly JobStatus[] = ["completed", "skipped", "failed", "interrupted", "blocked", "not-started"];

function count(outcomes: readonly JobOutcome[], status: JobStatus): number {
  return outcomes.filter((o) => o.status === status).length;
}

/** Lines: a count line, then failures with their logs, interruptions, blocked and unstarted jobs, stacks left deployed. */
export function formatSummary(summary: RunSummary): string[] {
  const { outcomes } = summary;
  const counts = ORDER.filter((s) => count(outcomes, s) > 0).map((s) => `${count(outcomes, s)} ${s}`);
  const lines = [
    `${summary.interrupted ? "interrupted" : "finished"} after ${formatDuration(summary.elapsedMs)}: ${outcomes.length} stacks: ${counts.join(", ") || "nothing to do"}`,
  ];
  for (const o of outcomes.filter((x) => x.status === "completed")) {
    lines.push(`  completed ${o.job.name} on ${o.job.host.name} in ${formatDuration(o.durationMs ?? 0)}: ${o.resultFile ?? ""}`);
  }
  const failed = outcomes.filter((o) => o.status === "failed");
  if (failed.length > 0) {
    lines.push(`failed (${failed.length}):`);
    for (const o of failed) {
      lines.push(`  ${o.job.name} on ${o.job.host.name}: ${o.reason ?? "failed"}`);
      if (o.logFile) lines.push(`    log: ${o.logFile}`);
      if (o.hostFailedFile) lines.push(`    runner's reason on ${o.job.host.name} (if the guest got that far): ${o.hostFailedFile}`);
    }
  }
  for (const o of outcomes.filter((x) => x.status === "interrupted")) {
    lines.push(`interrupted: ${o.job.name} on ${o.job.host.name}: ${o.reason ?? ""}${o.logFile ? ` (log: ${o.logFile})` : ""}`);
  }
  const blocked = outcomes.filter((o) => o.status === "blocked");
  if (blocked.length > 0) {
    lines.push(`not started, device still held (${blocked.length}):`);
    for (const o of blocked) lines.push(`  ${o.job.name}: ${o.reason ?? ""}`);
  }
  const notStarted = outcomes.filter((o) => o.status === "not-started");
  if (notStarted.length > 0) lines.push(`not started (${notStarted.length}): ${notStarted.map((o) => o.job.name).join(", ")}`);
  const left = outcomes.filter((o) => o.leftDeployed);
  if (left.length > 0) {
    lines.push(`still deployed (${left.length}); remove each with:`);
    for (const o of left) lines.push(`  ${o.destroyCommand ?? `npx cdktf destroy ${o.job.name} --auto-approve`}`);
  }
  return lines;
}
