import { readFileSync } from "node:fs";
import { ResultInputError } from "./errors";

/** Reads a text file, turning "missing", "a directory" and "not readable" into clear errors. */
export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ResultInputError(`${path}: no such file (expected ${what})`);
    if (code === "EISDIR") throw new ResultInputError(`${path}: is a directory (expected ${what})`);
    if (code === "EACCES" || code === "EPERM") throw new ResultInputError(`${path}: cannot read the file: permission denied (expected ${what})`);
    throw new ResultInputError(`${path}: cannot read the file: ${(error as Error).message} (expected ${what})`);
  }
}

/** Reads a JSON file as readInputFile does, turning text that is not JSON into a clear error. */
export function readJsonInputFile(path: string, what: string): unknown {
  const text = readInputFile(path, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ResultInputError(`${path}: not JSON (${(error as Error).message}); expected ${what}`);
  }
}
