import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { emittableScenario } from "../../emit/emittable-scenario";
import { productionStackSource } from "../../emit/production-stack";
import { ResultInputError } from "../../results/errors";
import { studyProvenance } from "../../results/provenance";
import type { StudyScores } from "../../results/scoring";
import { writeStalls } from "../../results/stalls";
import type { StudyResults } from "../../results/study-results";
import { testLabel } from "../../results/benchmark-tests";
import { formatMbPerSecond, formatMs } from "../../report/format";
import { provenanceLine } from "../../report/provenance-text";

/** The file `--emit <scenario>` writes into the output directory. */
export function emittedFileName(scenario: string): string {
  return `${scenario}-guest.ts`;
}

/** What the scenario measured, for the emitted file's header. */
function measuredLines(study: StudyResults, scores: StudyScores, scenario: string): string[] {
  const score = scores.scenarios.find((candidate) => candidate.name === scenario);
  const results = study.scenarios.find((candidate) => candidate.name === scenario);
  if (!score || !results) return [];
  const interval = score.intervals.meanWeighted;
  const stalls = writeStalls(results).worstP999;
  return [
    `Measured: mean weighted r-w ${formatMbPerSecond(score.meanWeighted)} MB/s${interval ? ` (95 % interval ${formatMbPerSecond(interval.low)}–${formatMbPerSecond(interval.high)})` : ""}, ` +
      `weighted read ${formatMbPerSecond(score.weightedRead)}, weighted write ${formatMbPerSecond(score.weightedWrite)} MB/s` +
      `${stalls ? `; worst p99.9 write latency ${formatMs(stalls.ms)} ms (${testLabel(stalls.test)})` : ""}.`,
    `Measured with ${provenanceLine(studyProvenance([results]))}.`,
  ];
}

/**
 * `kvmbench report DIR --emit <scenario>`: writes `<out>/<scenario>-guest.ts`, a cdktf stack of a
 * long-lived guest on the scenario's storage and attachment (emit/production-stack.ts). Returns its path.
 */
export function emitProductionStack(study: StudyResults, scores: StudyScores, scenario: string, outDirectory: string): string {
  const results = study.scenarios.find((candidate) => candidate.name === scenario);
  if (!results) {
    throw new ResultInputError(`no scenario "${scenario}" in the results; expected one of: ${study.scenarios.map((candidate) => candidate.name).join(", ")}`);
  }
  const source = productionStackSource(emittableScenario(scenario, results.configuration, results.source), measuredLines(study, scores, scenario));
  mkdirSync(outDirectory, { recursive: true });
  const path = join(outDirectory, emittedFileName(scenario));
  writeFileSync(path, source);
  return path;
}
