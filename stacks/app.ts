import { join, resolve } from "node:path";
import { App, TerraformStack } from "../constructs/core/cdktf";
import { formatErrors, formatExcluded, loadStudy, StudyPlan } from "../study";
import { addStudyStacks } from "./study-app";

/** The study synthesized when KVMBENCH_STUDY is not set: the seed study from DESIGN.md. */
export const DEFAULT_STUDY = join(__dirname, "..", "scenarios", "seed.yaml");

export interface StudyAppEnvironment {
  /** Path of the study file. @default DEFAULT_STUDY */
  readonly KVMBENCH_STUDY?: string;
  /** Where result files land. @default "results/<study name>" under the current directory */
  readonly KVMBENCH_RESULTS?: string;
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

/** Loads the study and adds its stacks to the app; throws StudyFileError listing every error. */
export function buildStudyApp(app: App, env: StudyAppEnvironment = {}): { plan: StudyPlan; stacks: TerraformStack[] } {
  const file = env.KVMBENCH_STUDY ?? DEFAULT_STUDY;
  const { plan, errors } = loadStudy(file);
  if (!plan) throw new StudyFileError(file, formatErrors(errors));
  const resultsDir = resolve(env.KVMBENCH_RESULTS ?? join("results", plan.study.name));
  return { plan, stacks: addStudyStacks(app, plan, { resultsDir }) };
}

/** Lines for people about what the plan leaves out. */
export function describeExclusions(plan: StudyPlan): string[] {
  if (!plan.excluded.length) return [];
  return [`${plan.excluded.length} combination(s) left out by the rules:`, ...plan.excluded.flatMap((e) => formatExcluded(e).map((line) => `  ${line}`))];
}
