import { TOOL_NAMES, toolNamed } from "../benchmark-tools/registry";
import type { BenchmarkRun } from "./result-file";
import { ResultInputError } from "./errors";
import type { ParsedRun, PointFigures } from "./figures";
import { loadPointKey } from "./load-points";
import { parsedRun } from "./parsed-run";
import type { ParsedRepeat } from "./scenario-results";

/** Parses one run of a result file, by its tool (benchmark-tools/registry.ts). */
export function parseBenchmarkRun(run: BenchmarkRun, source: string): ParsedRun {
  const tool = toolNamed(run.tool);
  if (!tool) throw new ResultInputError(`${source}: unknown tool ${JSON.stringify(run.tool)}; expected ${TOOL_NAMES.map((name) => JSON.stringify(name)).join(" or ")}`);
  return tool.parse(run, `${source} (repeat ${run.repeat}, ${run.tool})`);
}

/**
 * Parses runs and merges those with the same repeat number (a runner may store one tool output
 * per test, e.g. one DiskSpd document per test).
 */
export function parseRepeats(runs: readonly BenchmarkRun[], source: string): ParsedRepeat[] {
  const byRepeat = new Map<number, { points: Map<string, PointFigures>; warnings: string[] }>();
  for (const run of runs) {
    const parsed = parseBenchmarkRun(run, source);
    const entry = byRepeat.get(run.repeat) ?? { points: new Map<string, PointFigures>(), warnings: [] };
    entry.warnings.push(...parsed.warnings);
    for (const measured of parsed.points) {
      const key = `${measured.test} ${loadPointKey(measured.point)}`;
      if (entry.points.has(key)) {
        entry.warnings.push(`${source}: repeat ${run.repeat} measured ${measured.test} twice; the first measurement is kept`);
      } else {
        entry.points.set(key, measured);
      }
    }
    byRepeat.set(run.repeat, entry);
  }
  return [...byRepeat.entries()]
    .sort(([a], [b]) => a - b)
    .map(([repeat, entry]) => ({ repeat, run: parsedRun([...entry.points.values()], entry.warnings) }));
}
