import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CheckResultFile } from "./check-result-file";
import { isCheckDocument, loadCheckResultFile } from "./load-check-result-file";
import { loadResultFile } from "./load-result-file";
import { BASELINE_NAME } from "./result-file";
import type { ScenarioResults } from "./scenario-results";

/** A folder of a check-mode study: the baseline's measurements, when there, and the disk checks. */
export interface CheckStudyResults {
  readonly baseline?: ScenarioResults;
  /** By scenario name. */
  readonly checks: readonly CheckResultFile[];
}

/** Whether the file at `path` is a disk check's result (false for anything else, unreadable files included). */
export function isCheckResultFile(path: string): boolean {
  try {
    return isCheckDocument(JSON.parse(readFileSync(path, "utf8")));
  } catch {
    return false;
  }
}

/**
 * The disk checks of a results directory when its scenarios' files are all disk checks (a
 * check-mode study's folder); undefined when it holds measured scenarios, or nothing that is a
 * check (the measurement report takes those).
 */
export function loadCheckDirectory(directory: string): CheckStudyResults | undefined {
  let entries: string[];
  try {
    entries = readdirSync(directory).filter((entry) => entry.endsWith(".json") && statSync(join(directory, entry)).isFile()).sort();
  } catch {
    return undefined;
  }
  const baselineFile = `${BASELINE_NAME}.json`;
  const scenarioFiles = entries.filter((entry) => entry !== baselineFile).map((entry) => join(directory, entry));
  if (scenarioFiles.length === 0 || !scenarioFiles.every(isCheckResultFile)) return undefined;
  const checks = scenarioFiles.map(loadCheckResultFile).sort((a, b) => a.scenario.localeCompare(b.scenario));
  return { ...(entries.includes(baselineFile) ? { baseline: loadResultFile(join(directory, baselineFile), "baseline") } : {}), checks };
}
