/** Whether a stack's result file is complete: it exists and loads as a kvmbench result file (a passed disk check's, for a check). */
import { existsSync } from "node:fs";
import { resultFile } from "../domain/locations";
import { loadCheckResultFile } from "../results/load-check-result-file";
import { loadResultFile } from "../results/load-result-file";
import type { Job } from "./jobs";

/** Where the stack's collector writes its result file (domain/locations.ts): what --resume checks before deploying. */
export function resultFileOf(resultsDir: string, job: Job): string {
  return resultFile(resultsDir, job.name);
}

/** undefined when complete, else why not (missing, not JSON, not a result file, no runs, a failed disk check, ...). */
export function resultProblem(path: string, kind: Job["kind"]): string | undefined {
  if (!existsSync(path)) return `no result file at ${path}`;
  try {
    if (kind === "check") return checkProblem(path);
    loadResultFile(path, kind);
    return undefined;
  } catch (error) {
    return `incomplete result file: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function checkProblem(path: string): string | undefined {
  const { check } = loadCheckResultFile(path);
  if (check.ok) return undefined;
  const differing = check.findings.filter((f) => !f.ok);
  return `the disk check failed (${path}): ${differing.map((f) => `${f.what}: expected ${f.expected}, found ${f.found}`).join("; ")}`;
}
