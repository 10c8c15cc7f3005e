import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { defaultResultsDirectory, formerDefaultResultsDirectory } from "../domain/locations";
import { systemDirectoryProblem } from "../domain/host-values";

/** The XDG data home: $XDG_DATA_HOME when it is an absolute path (the spec ignores others), else ~/.local/share. */
export function dataHome(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const given = env.XDG_DATA_HOME;
  return given !== undefined && isAbsolute(given) ? given : join(homedir(), ".local", "share");
}

/**
 * A note when the current directory still has result files where they went by default before
 * (`results/<study>`), which the new default no longer reads; undefined otherwise.
 */
export function formerResultsNote(studyName: string, current: string): string | undefined {
  const former = resolve(formerDefaultResultsDirectory(studyName));
  if (resolve(current) === former || !existsSync(former)) return undefined;
  if (!readdirSync(former).some((entry) => entry.endsWith(".json"))) return undefined;
  return `${former} holds results (and the Terraform state of their stacks) from before results moved to ${current}; to go on with them, give --results ${former} (KVMBENCH_RESULTS for cdktf)`;
}

/** Characters a results directory may not have: they would reach Terraform's templates or break a line. */
const UNSAFE = /[\u0000-\u001f\u007f"`\\${}]/;

/**
 * Where a study's result files (and its stacks' Terraform state) land on the machine running
 * Terraform: `given` (KVMBENCH_RESULTS, `--results`, resolved against the current directory) or
 * `<data home>/kvmbench/results/<study name>` (domain/locations.ts). Returns the absolute path, or
 * what is wrong with it.
 */
export function resolveResultsDirectory(
  given: string | undefined,
  studyName: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { path: string } | { problem: string } {
  const path = resolve(given ?? defaultResultsDirectory(studyName, dataHome(env)));
  if (UNSAFE.test(path)) return { problem: `results directory "${path}" has a control character, quote, backslash, $, { or }` };
  // /dev/shm is scratch space (the tests use it), not a system directory, on this machine
  const systemProblem = path.startsWith("/dev/shm/") ? undefined : systemDirectoryProblem(path, "results directory");
  if (systemProblem && /system directory|root directory/.test(systemProblem)) {
    return { problem: `${systemProblem}${given !== undefined && given !== path ? ` (${given} resolves to ${path})` : ""}` };
  }
  return { path };
}
