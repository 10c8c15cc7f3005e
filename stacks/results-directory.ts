import { resolve } from "node:path";
import { defaultResultsDirectory } from "../domain/locations";
import { workdirProblem } from "../domain/host-values";

/** Characters a results directory may not have: they would reach Terraform's templates or break a line. */
const UNSAFE = /[\u0000-\u001f\u007f"`\\${}]/;

/**
 * Where a study's result files (and its stacks' Terraform state) land on the machine running
 * Terraform: `given` (KVMBENCH_RESULTS, `--results`) or `results/<study name>`, resolved against
 * the current directory. Returns the absolute path, or what is wrong with it.
 */
export function resolveResultsDirectory(given: string | undefined, studyName: string): { path: string } | { problem: string } {
  const path = resolve(given ?? defaultResultsDirectory(studyName));
  if (UNSAFE.test(path)) return { problem: `results directory "${path}" has a control character, quote, backslash, $, { or }` };
  // /dev/shm is scratch space (the tests use it), not a system directory, on this machine
  const systemProblem = path.startsWith("/dev/shm/") ? undefined : workdirProblem(path, "results directory");
  if (systemProblem && /system directory|root directory/.test(systemProblem)) {
    return { problem: `${systemProblem}${given !== undefined && given !== path ? ` (${given} resolves to ${path})` : ""}` };
  }
  return { path };
}
