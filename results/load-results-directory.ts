import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ResultInputError } from "./errors";
import { isCheckResultFile } from "./load-check-directory";
import { loadResultFile } from "./load-result-file";
import { BASELINE_NAME } from "./result-file";
import type { StudyResults } from "./study-results";

const LAYOUT = `expected ${BASELINE_NAME}.json and one <scenario>.json per scenario, as the benchmark runner writes them`;

function listJsonFiles(directory: string): string[] {
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new ResultInputError(`${directory}: not a directory; ${LAYOUT}`);
    entries = readdirSync(directory);
  } catch (error) {
    if (error instanceof ResultInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ResultInputError(`${directory}: no such directory; ${LAYOUT}`);
    throw new ResultInputError(`${directory}: cannot read the directory: ${(error as Error).message}`);
  }
  return entries.filter((entry) => entry.endsWith(".json") && statSync(join(directory, entry)).isFile()).sort();
}

/**
 * Loads a results directory: `baseline.json` plus one `<scenario>.json` per scenario
 * (the ResultFile format in result-file.ts). Other files and subdirectories are ignored.
 */
export function loadResultsDirectory(directory: string): StudyResults {
  const files = listJsonFiles(directory);
  if (files.length === 0) throw new ResultInputError(`${directory}: no result files (*.json) in this directory; ${LAYOUT}`);
  const baselineFile = `${BASELINE_NAME}.json`;
  if (!files.includes(baselineFile)) {
    throw new ResultInputError(
      `${directory}: no ${baselineFile}; the baseline (host-side fio on the bare device) is needed to weight the scores; ${LAYOUT}`,
    );
  }
  // A disk check (a check-mode study's) has no measurements to score.
  const [checkFiles, scenarioFiles] = partition(files.filter((file) => file !== baselineFile), (file) => isCheckResultFile(join(directory, file)));
  const checks = checkFiles.length > 0 ? ` (${checkFiles.length} disk check${checkFiles.length === 1 ? "" : "s"}, which measure nothing: \`kvmbench report ${directory}\` lists a folder of checks)` : "";
  if (scenarioFiles.length === 0) throw new ResultInputError(`${directory}: only ${baselineFile}, no scenario results${checks}; ${LAYOUT}`);
  const baseline = loadResultFile(join(directory, baselineFile), "baseline");
  const scenarios = scenarioFiles.map((file) => loadResultFile(join(directory, file), "scenario"));
  const skipped = checkFiles.map((file) => `${join(directory, file)}: a disk check, not measurements: left out of the scores`);
  return { baseline, scenarios, warnings: [...skipped, ...[baseline, ...scenarios].flatMap((scenario) => scenario.warnings)] };
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}
