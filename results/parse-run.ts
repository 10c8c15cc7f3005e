import type { BenchmarkRun } from "./result-file";
import { parseDiskSpdXml } from "./diskspd-parser";
import { ResultInputError } from "./errors";
import type { ParsedRun, TestFigures } from "./figures";
import type { TestId } from "./benchmark-tests";
import { parseFioJsonText, parseFioOutput } from "./fio-parser";
import type { ParsedRepeat } from "./scenario-results";

/** Parses one run of a result file, whatever its tool. */
export function parseBenchmarkRun(run: BenchmarkRun, source: string): ParsedRun {
  const where = `${source} (repeat ${run.repeat}, ${run.tool})`;
  if (run.tool === "fio") {
    return typeof run.output === "string" ? parseFioJsonText(run.output, where) : parseFioOutput(run.output, where);
  }
  if (run.tool === "diskspd") {
    if (typeof run.output !== "string") throw new ResultInputError(`${where}: DiskSpd output must be the XML text`);
    return parseDiskSpdXml(run.output, where);
  }
  throw new ResultInputError(`${source}: unknown tool ${JSON.stringify((run as { tool: unknown }).tool)}; expected "fio" or "diskspd"`);
}

/**
 * Parses runs and merges those with the same repeat number (a runner may store one tool output
 * per test, e.g. one DiskSpd document per test).
 */
export function parseRepeats(runs: readonly BenchmarkRun[], source: string): ParsedRepeat[] {
  const byRepeat = new Map<number, { figures: Map<TestId, TestFigures>; warnings: string[] }>();
  for (const run of runs) {
    const parsed = parseBenchmarkRun(run, source);
    const entry = byRepeat.get(run.repeat) ?? { figures: new Map<TestId, TestFigures>(), warnings: [] };
    entry.warnings.push(...parsed.warnings);
    for (const [test, figures] of parsed.figures) {
      if (entry.figures.has(test)) {
        entry.warnings.push(`${source}: repeat ${run.repeat} measured ${test} twice; the first measurement is kept`);
      } else {
        entry.figures.set(test, figures);
      }
    }
    byRepeat.set(run.repeat, entry);
  }
  return [...byRepeat.entries()]
    .sort(([a], [b]) => a - b)
    .map(([repeat, entry]) => ({ repeat, run: { figures: entry.figures, warnings: entry.warnings } }));
}
