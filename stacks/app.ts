import { join, relative } from "node:path";
import { App, TerraformStack } from "../constructs/core/cdktf";
import { WarningCollector } from "../constructs/rules/rule-warnings";
import { formatDifference, formatErrors, formatRuleGroup, groupByRule, likeForLikeDifferences, loadStudy, type ScenarioFinding, type StudyPlan } from "../study";
import { formerResultsNote, resolveResultsDirectory } from "./results-directory";
import { addStudyStacks } from "./study-app";

/** The study synthesized when KVMBENCH_STUDY is not set: the bundled seed study. */
export const DEFAULT_STUDY = join(__dirname, "..", "scenarios", "seed.yaml");

export interface StudyAppEnvironment {
  /** Path of the study file. @default DEFAULT_STUDY */
  readonly KVMBENCH_STUDY?: string;
  /** Where result files land. @default "$XDG_DATA_HOME/kvmbench/results/<study name>" ($XDG_DATA_HOME: ~/.local/share unless set) */
  readonly KVMBENCH_RESULTS?: string;
  /**
   * Name of a study host (`hosts[].name`): scenarios allowed there are built for it instead of
   * for their first allowed host (`kvmbench run` spreads scenarios over hosts this way).
   * @default - each scenario on its first allowed host
   */
  readonly KVMBENCH_HOST?: string;
}

export class StudyFileError extends Error {
  constructor(
    public readonly file: string,
    public readonly details: string,
  ) {
    super(`${details}\n${file}: the study has errors; no stacks were written`);
    this.name = "StudyFileError";
  }
}

/** What `buildStudyApp` built. */
export interface StudyApp {
  readonly plan: StudyPlan;
  readonly stacks: TerraformStack[];
  /** The constructs' rule warnings, collected instead of annotated (complete once the app is synthesized). */
  readonly warnings: WarningCollector;
  /** Where result files land (resolved). */
  readonly resultsDir: string;
  /** Said when the default is used while `results/<study>` (the former default) holds results. */
  readonly resultsNote?: string;
}

/**
 * Loads the study and adds its stacks to the app; throws StudyFileError listing every error.
 * The stacks' own validations run here too, before anything is written: a study the
 * constructs refuse writes no stack, and its errors carry the study's positions. The
 * constructs' rule warnings go to the returned collector, for `describeSynth` to print grouped.
 */
export function buildStudyApp(app: App, env: StudyAppEnvironment = {}): StudyApp {
  const file = env.KVMBENCH_STUDY ?? DEFAULT_STUDY;
  const { plan, errors } = loadStudy(file);
  if (!plan) throw new StudyFileError(file, formatErrors(errors));
  const results = resolveResultsDirectory(env.KVMBENCH_RESULTS, plan.study.name);
  if ("problem" in results) throw new StudyFileError(file, `KVMBENCH_RESULTS: ${results.problem}; expected a directory of your own for the result files`);
  const onHost = env.KVMBENCH_HOST;
  if (onHost !== undefined && !plan.study.hosts.some((h) => h.name === onHost)) {
    const known = plan.study.hosts.map((h) => h.name).join(", ");
    throw new StudyFileError(file, `KVMBENCH_HOST=${onHost}: the study has no host of that name (its hosts: ${known})`);
  }
  const warnings = WarningCollector.attach(app);
  const placed = onHost ? placedOn(plan, onHost) : plan;
  let stacks: TerraformStack[];
  try {
    stacks = addStudyStacks(app, placed, { resultsDir: results.path });
  } catch (error) {
    // A construct refused a value the study reader let through: report it like a study error.
    throw new StudyFileError(file, `${file}:1:1: ${error instanceof Error ? error.message : String(error)}; ${CONSTRUCT_EXPECTATION}`);
  }
  const problems = constructErrors(stacks, placed, file);
  if (problems.length > 0) throw new StudyFileError(file, problems.join("\n"));
  const resultsNote = env.KVMBENCH_RESULTS === undefined ? formerResultsNote(plan.study.name, results.path) : undefined;
  return { plan, stacks, warnings, resultsDir: results.path, ...(resultsNote ? { resultsNote } : {}) };
}

const CONSTRUCT_EXPECTATION = "expected a study the constructs accept (kvmbench validate should have said so first; please report it)";

/** Every construct validation error of the stacks, at the position of the scenario it belongs to. */
function constructErrors(stacks: readonly TerraformStack[], plan: StudyPlan, file: string): string[] {
  const positions = new Map(plan.scenarios.map((s) => [s.name, s.at]));
  return stacks.flatMap((stack) => {
    const at = positions.get(stack.node.id) ?? { file, line: 1, column: 1 };
    return stack.node
      .findAll()
      .flatMap((construct) => construct.node.validate().map((message) => `${at.file}:${at.line}:${at.column}: ${stack.node.id}: ${construct.node.path}: ${message}; ${CONSTRUCT_EXPECTATION}`));
  });
}

/** The plan with every scenario that may run on `hostName` placed there. */
export function placedOn(plan: StudyPlan, hostName: string): StudyPlan {
  const scenarios = plan.scenarios.map((scenario) => {
    const placement = scenario.placements.find((p) => p.host.name === hostName);
    return placement ? { ...scenario, host: placement.host, facts: placement.facts, warnings: placement.warnings } : scenario;
  });
  return { ...plan, scenarios };
}

/**
 * What synth tells people, kept to a few lines however large the study: the stack count, then one
 * line per rule (the combinations it leaves out, the scenarios it warns about) and per setting that
 * differs beyond the axes, with `kvmbench list` for the details.
 */
export function describeSynth(app: StudyApp, cwd = process.cwd()): string[] {
  const { plan, stacks } = app;
  const lines = [
    `kvmbench: study "${plan.study.name}": ${stacks.length} stacks (${plan.scenarios.length} scenarios${plan.baseline ? " + baseline" : ""}); results in ${app.resultsDir}`,
  ];
  const exclusions = groupByRule(plan.excluded.flatMap((e) => e.reasons.map((finding) => ({ scenario: e.name, finding }))));
  for (const group of exclusions) lines.push(`kvmbench: left out ${formatRuleGroup(group, plan.excluded, "combination")}`);
  const findings: ScenarioFinding[] = app.warnings.warnings.map((w) => ({ scenario: w.stack, finding: w.finding }));
  for (const group of groupByRule(findings)) lines.push(`kvmbench: warning ${formatRuleGroup(group, plan.scenarios)}`);
  const differences = likeForLikeDifferences(plan.scenarios);
  for (const difference of differences) lines.push(`kvmbench: warning ${formatDifference(difference)}`);
  if (lines.length > 1) {
    const relativeFile = relative(cwd, plan.study.file);
    const file = relativeFile === "" || relativeFile.startsWith("..") ? plan.study.file : relativeFile;
    lines.push(`kvmbench: the details, scenario by scenario: npx kvmbench list ${file.includes(" ") ? JSON.stringify(file) : file}`);
  }
  if (app.resultsNote) lines.push(`kvmbench: note: ${app.resultsNote}`);
  return lines;
}
