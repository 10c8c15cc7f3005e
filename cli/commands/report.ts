import { InvalidArgumentError, type Command } from "commander";
import { dirname, join } from "node:path";
import { ResultInputError } from "../../results/errors";
import { loadFioFiles } from "../../results/load-fio-files";
import { loadResultsDirectory } from "../../results/load-results-directory";
import { scoreStudy, rankBy, type StudyScores } from "../../results/scoring";
import type { StudyResults } from "../../results/study-results";
import { formatMbPerSecond } from "../../report/format";
import { scoresToJson } from "../../report/scores-json";
import { writeReport } from "../../report/write-report";
import type { CliStreams } from "../cli-streams";

/** Options of `kvmbench report`, as commander parses them. */
export interface ReportOptions {
  readonly baseline?: string;
  readonly out?: string;
  readonly json?: boolean;
  readonly top: number;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError("expected a positive whole number");
  return number;
}

function loadStudy(inputs: readonly string[], options: ReportOptions): { study: StudyResults; defaultOut: string } {
  if (options.baseline !== undefined) {
    return { study: loadFioFiles(options.baseline, inputs), defaultOut: join(dirname(options.baseline), "report") };
  }
  if (inputs.length > 1) {
    throw new ResultInputError(
      `expected one results directory, got ${inputs.length} arguments (${inputs.join(", ")}); to report raw fio JSON files use --baseline BASE.json A.json B.json ...`,
    );
  }
  const directory = inputs[0] ?? ".";
  return { study: loadResultsDirectory(directory), defaultOut: join(directory, "report") };
}

function summaryLines(scores: StudyScores): string[] {
  const best = (key: "weightedRead" | "weightedWrite" | "meanWeighted", label: string): string => {
    const top = rankBy(scores.scenarios, key)[0];
    return top ? `best ${label}: ${top.name} (${formatMbPerSecond(top[key])} MB/s)` : `best ${label}: no scenario has this score`;
  };
  return [best("weightedRead", "weighted read"), best("weightedWrite", "weighted write"), best("meanWeighted", "mean weighted r-w")];
}

/**
 * Runs `kvmbench report`: loads a results directory (or raw fio JSON files with --baseline),
 * writes summary.md, figures.csv and report.html, and with --json prints the scores on stdout
 * (files are then written only when --out is given).
 */
export function runReport(inputs: readonly string[], options: ReportOptions, streams: CliStreams): void {
  const { study, defaultOut } = loadStudy(inputs, options);
  streams.stderr(`loaded baseline and ${study.scenarios.length} scenario(s)\n`);
  for (const warning of study.warnings) streams.stderr(`warning: ${warning}\n`);
  const writeFiles = !options.json || options.out !== undefined;
  let scores: StudyScores;
  if (writeFiles) {
    const out = options.out ?? defaultOut;
    const written = writeReport(study, out, options.top);
    scores = written.scores;
    streams.stderr(`wrote ${written.files.summary}, ${written.files.figures}, ${written.files.html}\n`);
  } else {
    scores = scoreStudy(study);
  }
  for (const line of summaryLines(scores)) streams.stderr(`${line}\n`);
  if (options.json) streams.stdout(`${JSON.stringify(scoresToJson(scores, study), null, 2)}\n`);
}

/** Adds `kvmbench report` to the program. */
export function registerReportCommand(program: Command, streams: CliStreams): void {
  program
    .command("report")
    .summary("score benchmark results like the seed study and write Markdown, CSV and HTML reports")
    .description(
      "Score benchmark results like the seed study (weighted read, weighted write and mean weighted r-w against the baseline) " +
        "and write summary.md, figures.csv and report.html.",
    )
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  kvmbench report results/                       a results directory from the runner; writes results/report/\n" +
        "  kvmbench report results/ --out /tmp/report     the same, written elsewhere\n" +
        "  kvmbench report --baseline base.json zvol-none-virtio.json xfs-qcow2-writeback-virtio.json\n" +
        "                                                 raw fio JSON files; scenarios are named after the files\n" +
        "  kvmbench report results/ --json                scores on stdout for scripts (no files unless --out)\n",
    )
    .usage("[DIR] [--out DIR] | --baseline BASE.json A.json B.json ... [--json]")
    .argument("[inputs...]", "a results directory (baseline.json + <scenario>.json), or with --baseline the scenarios' fio JSON files")
    .option("--baseline <file>", "fio JSON of the baseline (host-side fio on the bare device); the arguments are then fio JSON files")
    .option("--out <dir>", "where to write summary.md, figures.csv and report.html (default: DIR/report, or report/ beside the baseline file)")
    .option("--json", 'print {"scenarios":[{"name","weightedRead","weightedWrite","meanWeighted",...}]} on stdout; files are written only with --out')
    .option("--top <n>", "how many scenarios the top lists show", positiveInteger, 5)
    .action((inputs: string[], options: ReportOptions) => runReport(inputs, options, streams));
}
