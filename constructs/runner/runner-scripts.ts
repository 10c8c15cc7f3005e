import { join } from "node:path";

/** Host-step scripts of the runner constructs (real files: the tests run them too). */
export type RunnerScript = "prepare-run.sh" | "await-results.sh" | "baseline.sh" | "collect.sh";

export function runnerScript(name: RunnerScript): string {
  return join(__dirname, "scripts", name);
}

/** The project's root, where `collect.sh` runs the result collector from. */
export const PROJECT_ROOT = join(__dirname, "..", "..");
