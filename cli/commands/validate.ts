import type { Command } from "commander";
import { formatDifference, formatErrors, likeForLikeDifferences, loadStudy, sortErrors } from "../../study";
import type { CliStreams } from "../cli-streams";
import { STUDY_ARGUMENT_HELP, studyPath } from "../study-argument";

/** Options of `kvmbench validate`. */
export interface ValidateOptions {
  readonly json?: boolean;
}

/**
 * Runs `kvmbench validate`: every error as `file:line:column: key.path: what; expected ...` on
 * stderr and exit code 1, or a one-line summary on stdout and 0, with a warning on stderr for
 * each setting that differs between scenarios beyond their axes (not like-for-like). With
 * --json, stdout carries `{ ok, file, study?, scenarios?, baseline?, excluded?, warnings?, errors[] }`.
 */
export function runValidate(argument: string | undefined, options: ValidateOptions, streams: CliStreams): number {
  const file = studyPath(argument);
  const { plan, errors } = loadStudy(file);
  const warnings = plan ? likeForLikeDifferences(plan.scenarios).map(formatDifference) : [];
  if (options.json) {
    const document = plan
      ? { ok: true, file, study: plan.study.name, scenarios: plan.scenarios.length, baseline: plan.baseline !== undefined, excluded: plan.excluded.length, warnings, errors: [] }
      : { ok: false, file, errors: sortErrors(errors) };
    streams.stdout(`${JSON.stringify(document, null, 2)}\n`);
    return plan ? 0 : 1;
  }
  if (!plan) {
    streams.stderr(`${formatErrors(errors)}\n${file}: ${errors.length} error${errors.length === 1 ? "" : "s"}\n`);
    return 1;
  }
  const hosts = plan.study.hosts.map((h) => h.name).join(", ");
  streams.stdout(
    `${file}: OK: study ${plan.study.name}: ${plan.scenarios.length} scenarios${plan.baseline ? " plus baseline" : ""}, ${plan.excluded.length} combinations excluded, host${plan.study.hosts.length === 1 ? "" : "s"} ${hosts}\n`,
  );
  for (const warning of warnings) streams.stderr(`${file}: warning: ${warning}\n`);
  return 0;
}

/** Adds `kvmbench validate` to the program; `setExitCode` receives the command's exit code. */
export function registerValidateCommand(program: Command, streams: CliStreams, setExitCode: (code: number) => void): void {
  program
    .command("validate")
    .summary("check a study file and report every error with its position")
    .description("Check a study file: every error with file:line:column (exit 1), or a one-line summary (exit 0).")
    .argument("[study]", STUDY_ARGUMENT_HELP)
    .option("--json", "print the result as JSON on stdout")
    .addHelpText("after", "\nExamples:\n  kvmbench validate                        the bundled seed study\n  kvmbench validate my-study.yaml\n  kvmbench validate my-study.yaml --json\n")
    .action((study: string | undefined, options: ValidateOptions) => setExitCode(runValidate(study, options, streams)));
}
