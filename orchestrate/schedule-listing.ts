/** `kvmbench run --dry-run`: which host each job gets and what it holds there (its devices...), in run order. */
import type { Job } from "./jobs";

/** One line per job: `  1. baseline  on host  /dev/...`, then a line per host with its job count. */
export function formatSchedule(jobs: readonly Job[]): string[] {
  const width = Math.max(0, ...jobs.map((j) => j.name.length));
  const lines = jobs.map((job, i) => `${String(i + 1).padStart(String(jobs.length).length)}. ${job.name.padEnd(width)}  on ${job.host.name}  ${job.claims.join(", ")}${job.onDefaultHost ? "" : "  (moved from the study's first allowed host)"}`);
  const perHost = new Map<string, number>();
  for (const job of jobs) perHost.set(job.host.name, (perHost.get(job.host.name) ?? 0) + 1);
  lines.push(`${jobs.length} stacks: ${[...perHost].map(([host, n]) => `${n} on ${host}`).join(", ")}`);
  return lines;
}
