/** What a stack's Terraform state says is deployed. */
import { existsSync, readFileSync } from "node:fs";

interface StateFile {
  readonly resources?: ReadonlyArray<{ readonly mode?: string; readonly instances?: readonly unknown[] }>;
}

/**
 * Whether the state at `file` holds a managed resource: false when the file is missing or lists
 * none (a deploy that failed before it created anything, e.g. at `terraform init`). A file that
 * cannot be read counts as holding resources: the safe answer for a stack that may hold a disk.
 */
export function stateHoldsResources(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as StateFile;
    return (state.resources ?? []).some((resource) => resource.mode !== "data" && (resource.instances ?? []).length > 0);
  } catch {
    return true;
  }
}
