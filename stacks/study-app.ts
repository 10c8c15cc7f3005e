import { stateFile } from "../domain/locations";
import { App, LocalBackend, TerraformStack } from "../constructs/core/cdktf";
import { StudyPlan } from "../study/scenarios";
import { BaselineStack } from "./baseline-stack";
import { ScenarioStack } from "./scenario-stack";

export interface StudyAppOptions {
  /**
   * Directory on the machine running Terraform where result files land; each stack's Terraform
   * state is kept beside them, in `.kvmbench/state/<stack>.tfstate`, so studies never share state.
   */
  readonly resultsDir: string;
}

/** Adds one stack per scenario of the plan, plus the baseline stack, to the app. */
export function addStudyStacks(app: App, plan: StudyPlan, options: StudyAppOptions): TerraformStack[] {
  const { study } = plan;
  const stacks: TerraformStack[] = [];
  if (plan.baseline) {
    stacks.push(new BaselineStack(app, { baseline: plan.baseline, studyName: study.name, resultsDir: options.resultsDir }));
  }
  for (const scenario of plan.scenarios) {
    stacks.push(
      new ScenarioStack(app, { scenario, studyName: study.name, devices: study.devices, resultsDir: options.resultsDir }),
    );
  }
  for (const stack of stacks) {
    new LocalBackend(stack, { path: stateFile(options.resultsDir, stack.node.id) });
  }
  return stacks;
}
