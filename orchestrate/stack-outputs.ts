/** What a stack's deploy says it did: its outputs, as `cdktf deploy --outputs-file` writes them. */
import { readFileSync } from "node:fs";

/** The name of the output every kvmbench stack has: where its result file was written. */
export const RESULTS_PATH_OUTPUT = "results_path";

function findOutput(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key === name) return inner;
    const found = findOutput(inner, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The `results_path` output of `stack` in an outputs file, or undefined when the file or the
 * output is missing. cdktf nests a stack's outputs by construct path: `{ stack: { runner: {
 * results: { results_path: "..." } } } }`.
 */
export function readResultsPath(outputsFile: string, stack: string): string | undefined {
  let outputs: unknown;
  try {
    outputs = JSON.parse(readFileSync(outputsFile, "utf8"));
  } catch {
    return undefined;
  }
  const path = findOutput((outputs as Record<string, unknown> | null)?.[stack], RESULTS_PATH_OUTPUT);
  return typeof path === "string" ? path : undefined;
}
