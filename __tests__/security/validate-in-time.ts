/** The fuzz tests' check of validate itself: it never crashes, and answers within a time limit. */
import { parseStudy, type StudyLoadResult } from "../../study";

/** parseStudy's result; fails the test, naming `what`, when it throws or takes longer than `maxMs`. */
export function validateInTime(text: string, file: string, what: string, maxMs: number): StudyLoadResult {
  const started = performance.now();
  let result: StudyLoadResult;
  try {
    result = parseStudy(text, file);
  } catch (error) {
    throw new Error(`validate crashed on ${what}: ${String(error)}`);
  }
  expect({ what, slow: performance.now() - started > maxMs }).toEqual({ what, slow: false });
  return result;
}
