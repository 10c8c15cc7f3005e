import type { Command } from "commander";
import { formatErrors, formatExcluded, formatListing, groupByRule, likeForLikeDifferences, loadStudy, planWarnings, type StudyPlan } from "../../study";
import type { CliStreams } from "../cli-streams";
import { STUDY_ARGUMENT_HELP, studyPath } from "../study-argument";

/** Options of `kvmbench list`. */
export interface ListOptions {
  readonly json?: boolean;
}

/** The --json document of `kvmbench list`. */
export function listingJson(plan: StudyPlan): object {
  return {
    study: plan.study.name,
    file: plan.study.file,
    hosts: plan.study.hosts.map((h) => h.name),
    baseline: plan.baseline ? { name: plan.baseline.name, host: plan.baseline.host.name, device: plan.baseline.device, devicePath: plan.baseline.devicePath } : null,
    scenarios: plan.scenarios.map((s) => ({
      name: s.name,
      storage: s.storageName,
      summary: s.facts.summary,
      attachment: s.attachment,
      hosts: s.placements.map((p) => p.host.name),
      devices: s.facts.hostDevices,
      warnings: s.warnings.map((w) => w.rule),
    })),
    excluded: plan.excluded.map((e) => ({ name: e.name, storage: e.storageName, attachment: e.attachment, reasons: formatExcluded(e) })),
    warnings: groupByRule(planWarnings(plan.scenarios)),
    notLikeForLike: likeForLikeDifferences(plan.scenarios),
  };
}

/** Runs `kvmbench list`: the baseline, scenarios and excluded combinations with reasons (exit 0), or the study's errors (exit 1). */
export function runList(argument: string | undefined, options: ListOptions, streams: CliStreams): number {
  const file = studyPath(argument);
  const { plan, errors } = loadStudy(file);
  if (!plan) {
    streams.stderr(`${formatErrors(errors)}\n${file}: the study has errors; fix them first (kvmbench validate ${file})\n`);
    return 1;
  }
  streams.stdout(options.json ? `${JSON.stringify(listingJson(plan), null, 2)}\n` : `${formatListing(plan)}\n`);
  return 0;
}

/** Adds `kvmbench list` to the program. */
export function registerListCommand(program: Command, streams: CliStreams, setExitCode: (code: number) => void): void {
  program
    .command("list")
    .summary("list a study's scenarios, its baseline, and the combinations the rules exclude")
    .description(
      "List the stacks a study expands to (the baseline and one scenario per combination), the excluded combinations with their reasons, each warning with every scenario it applies to, and the settings that differ between scenarios beyond their axes.",
    )
    .argument("[study]", STUDY_ARGUMENT_HELP)
    .option("--json", "print {study, hosts, baseline, scenarios[], excluded[], warnings[], notLikeForLike[]} as JSON on stdout")
    .addHelpText("after", "\nExamples:\n  kvmbench list                            the bundled seed study\n  kvmbench list my-study.yaml --json\n")
    .action((study: string | undefined, options: ListOptions) => setExitCode(runList(study, options, streams)));
}
