import { InvalidArgumentError, type Command } from "commander";
import { basename, dirname, join, resolve } from "node:path";
import { DEFAULT_REGRESSION_FRACTION } from "../../results/compare-studies";
import { ResultInputError } from "../../results/errors";
import { loadCheckDirectory, type CheckStudyResults } from "../../results/load-check-directory";
import { loadFioFiles } from "../../results/load-fio-files";
import { loadResultsDirectory } from "../../results/load-results-directory";
import { rankBy, scoreStudy, type RankingKey, type StudyScores } from "../../results/scoring";
import type { StudyResults } from "../../results/study-results";
import { DEFAULT_VERDICT_THRESHOLDS, deriveVerdict, type VerdictThresholds } from "../../results/verdict";
import { checkCountLine, checksToJson, writeCheckReport } from "../../report/check-report";
import { formatMbPerSecond } from "../../report/format";
import { scoresToJson } from "../../report/scores-json";
import { slowModesText } from "../../report/verdict-claims";
import { writeReport } from "../../report/write-report";
import type { CliStreams } from "../cli-streams";
import { runComparison } from "./report-compare";
import { emitProductionStack } from "./report-emit";

/** Options of `kvmbench report`, as commander parses them. */
export interface ReportOptions {
  readonly baseline?: string;
  readonly out?: string;
  readonly json?: boolean;
  readonly top: number;
  readonly emit?: string;
  readonly stallMs: number;
  readonly slowWrites: number;
  readonly regression: number;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError("expected a positive whole number");
  return number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError("expected a number above 0");
  return number;
}

function fraction(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number >= 1) throw new InvalidArgumentError("expected a fraction between 0 and 1, e.g. 0.25");
  return number;
}

function loadStudy(inputs: readonly string[], options: ReportOptions): { study: StudyResults; defaultOut: string } {
  if (options.baseline !== undefined) {
    return { study: loadFioFiles(options.baseline, inputs), defaultOut: join(dirname(options.baseline), "report") };
  }
  if (inputs.length > 1) {
    throw new ResultInputError(
      `expected one results directory, or two to compare, got ${inputs.length} arguments (${inputs.join(", ")}); to report raw fio JSON files use --baseline BASE.json A.json B.json ...`,
    );
  }
  const directory = inputs[0] ?? ".";
  return { study: loadResultsDirectory(directory), defaultOut: join(directory, "report") };
}

/** The best scenario of each ranking, then the verdict: what a reader wants first, on stderr. */
function summaryLines(study: StudyResults, scores: StudyScores, thresholds: VerdictThresholds): string[] {
  const best = (key: RankingKey, label: string): string => {
    const top = rankBy(scores.scenarios, key)[0];
    return top ? `best ${label}: ${top.name} (${formatMbPerSecond(top[key])} MB/s)` : `best ${label}: no scenario has this score`;
  };
  const rankings = [best("weightedRead", "weighted read"), best("weightedWrite", "weighted write"), best("meanWeighted", "mean weighted r-w")];
  const verdict = deriveVerdict(study, scores, thresholds);
  const labels = { overall: "best overall", "without-zfs": "best without ZFS", ide: "best on IDE" } as const;
  const picks = verdict.picks.map((pick) => {
    const ties = pick.tiedWith.length > 0 ? `; tied with ${pick.tiedWith.map((score) => score.name).join(", ")}` : "";
    return `${labels[pick.question]}: ${pick.winner.name} (mean weighted r-w ${formatMbPerSecond(pick.winner.meanWeighted)} MB/s${ties})`;
  });
  const slowEverywhere = verdict.slowWritesEverywhere
    ? [`slow 4 KiB random writes in every cache mode (${slowModesText(verdict.slowWritesEverywhere)}): the cause lies beneath the cache mode`]
    : [];
  const avoid = [...verdict.avoidCaches.map((mode) => `avoid cache=${mode.cache}`), ...verdict.avoidScenarios.map((stall) => `avoid ${stall.scenario} (stalls)`), ...slowEverywhere];
  return [...rankings, ...picks.map((pick) => `verdict: ${pick}`), ...avoid.map((line) => `verdict: ${line}`)];
}

/**
 * Runs `kvmbench report`: one results directory (or raw fio JSON files with --baseline) is scored
 * and reported (summary.md, figures.csv, report.html; with --json the scores on stdout, files only
 * with --out); two directories are compared (comparison.md, comparison.html); with --emit the
 * scenario's production stack is written. A folder of disk checks (a check-mode study's) gets
 * summary.md with the baseline and the checks, and no scores.
 */
export function runReport(inputs: readonly string[], options: ReportOptions, streams: CliStreams): void {
  if (inputs.length === 2 && options.baseline === undefined && options.emit === undefined) {
    runComparison(inputs[0] as string, inputs[1] as string, options, streams);
    return;
  }
  const checkFolder = inputs.length === 1 && options.baseline === undefined ? loadCheckDirectory(inputs[0] as string) : undefined;
  if (checkFolder) {
    reportChecks(inputs[0] as string, checkFolder, options, streams);
    return;
  }
  const { study, defaultOut } = loadStudy(inputs, options);
  streams.stderr(`loaded baseline and ${study.scenarios.length} scenario(s)\n`);
  for (const warning of study.warnings) streams.stderr(`warning: ${warning}\n`);
  const thresholds: VerdictThresholds = { stallMs: options.stallMs, slowWriteFraction: options.slowWrites };
  if (options.emit !== undefined) {
    const path = emitProductionStack(study, scoreStudy(study), options.emit, options.out ?? defaultOut);
    streams.stderr(`wrote ${path}\n`);
    return;
  }
  const writeFiles = !options.json || options.out !== undefined;
  let scores: StudyScores;
  if (writeFiles) {
    const written = writeReport(study, options.out ?? defaultOut, { topCount: options.top, thresholds });
    scores = written.scores;
    streams.stderr(`wrote ${written.files.summary}, ${written.files.figures}, ${written.files.html}\n`);
  } else {
    scores = scoreStudy(study);
  }
  for (const line of summaryLines(study, scores, thresholds)) streams.stderr(`${line}\n`);
  if (options.json) streams.stdout(`${JSON.stringify(scoresToJson(scores, study, thresholds), null, 2)}\n`);
}

/** A folder of disk checks (a check-mode study's): the baseline and the checks, no scores. */
function reportChecks(directory: string, results: CheckStudyResults, options: ReportOptions, streams: CliStreams): void {
  if (options.emit !== undefined) {
    throw new ResultInputError(`${directory}: holds disk checks (a check-mode study's results), which measure nothing: there is no winner to emit; run the study with benchmark.mode: measure`);
  }
  streams.stderr(`loaded ${results.baseline ? "the baseline and " : ""}${results.checks.length} disk check(s): checks, not measurements (no scores)\n`);
  if (!options.json || options.out !== undefined) {
    streams.stderr(`wrote ${writeCheckReport(results, options.out ?? join(directory, "report"), basename(resolve(directory)))}\n`);
  }
  streams.stderr(`${checkCountLine(results)}\n`);
  if (options.json) streams.stdout(`${JSON.stringify(checksToJson(results), null, 2)}\n`);
}

/** Adds `kvmbench report` to the program. */
export function registerReportCommand(program: Command, streams: CliStreams): void {
  program
    .command("report")
    .summary("score results like the seed study, give a verdict with its evidence, compare two result folders, emit the winner as a stack")
    .description(
      "Score benchmark results like the seed study (weighted read, weighted write and mean weighted r-w against the baseline, with 95 % intervals and ties), " +
        "derive a verdict (best overall, without ZFS, on IDE; what to avoid) with the figures it rests on, and write summary.md, figures.csv and report.html. " +
        "With two result folders, compare them and flag regressions beyond the noise. With --emit, write a cdktf stack of a long-lived guest on a scenario's storage.",
    )
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  kvmbench report ~/.local/share/kvmbench/results/seed-study      a results directory from the runner; writes <DIR>/report/\n" +
        "  kvmbench report DIR --out /tmp/report                          the same, written elsewhere\n" +
        "  kvmbench report DIR --stall-ms 500 --slow-writes 0.5           stricter verdict thresholds\n" +
        "  kvmbench report DIR --json                                     scores and verdict on stdout for scripts (no files unless --out)\n" +
        "  kvmbench report CHECKS                                         a check-mode study's folder: the baseline and each disk check, no scores\n" +
        "  kvmbench report before/ after/                                 compare two result folders; writes after/comparison/\n" +
        "  kvmbench report DIR --emit zvol-ext4-qcow2-writeback-virtio   write <DIR>/report/zvol-ext4-qcow2-writeback-virtio-guest.ts\n" +
        "  kvmbench report --baseline base.json zvol-none-virtio.json xfs-qcow2-writeback-virtio.json\n" +
        "                                                                 raw fio JSON files; scenarios are named after the files\n" +
        "\nExit codes: 0 done (also when the comparison finds regressions: see --json's \"regressions\"); 1 unusable input or a usage error.\n",
    )
    .usage("[DIR] [--out DIR] | A B | DIR --emit SCENARIO | --baseline BASE.json A.json B.json ... [--json]")
    .argument("[inputs...]", "a results directory (baseline.json + <scenario>.json); two to compare; or with --baseline the scenarios' fio JSON files")
    .option("--baseline <file>", "fio JSON of the baseline (host-side fio on the bare device); the arguments are then fio JSON files")
    .option("--out <dir>", "where to write the files (default: DIR/report, report/ beside the baseline file, or B/comparison)")
    .option("--json", 'print the scores and verdict (or the comparison) as JSON on stdout; files are written only with --out')
    .option("--top <n>", "how many scenarios the top lists show", positiveInteger, 5)
    .option("--emit <scenario>", "write <out>/<scenario>-guest.ts: a cdktf stack of a long-lived guest on that scenario's storage and attachment, from the kvmbench package")
    .option("--stall-ms <ms>", "a scenario stalls when the p99.9 latency of a write test is above this", positiveNumber, DEFAULT_VERDICT_THRESHOLDS.stallMs)
    .option("--slow-writes <fraction>", "avoid a cache mode whose 4 KiB random writes run below this fraction of the bare device's", fraction, DEFAULT_VERDICT_THRESHOLDS.slowWriteFraction)
    .option("--regression <fraction>", "comparing: flag a score that fell beyond the noise by at least this fraction", fraction, DEFAULT_REGRESSION_FRACTION)
    .action((inputs: string[], options: ReportOptions) => runReport(inputs, options, streams));
}
