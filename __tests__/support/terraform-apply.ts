/**
 * Runs synthesized host steps with the real Terraform (`terraform_data` is built in, so no
 * provider is needed): writes the steps into a configuration of their own, then
 * `terraform init`, `apply` and `destroy`. remote-exec cannot run without an SSH server, so
 * `localForm` turns a remote step into the local-exec Terraform would hand the same text to:
 * the inline lines, evaluated by Terraform and joined by line breaks, run by bash.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SynthesizedStep } from "../host/support/steps";

export const TERRAFORM = process.env.KVMBENCH_TERRAFORM ?? "/usr/local/bin/terraform";

export function terraformAvailable(): boolean {
  return existsSync(TERRAFORM) && spawnSync(TERRAFORM, ["version"], { env: terraformEnvironment() }).status === 0;
}

function terraformEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null", ...extra };
}

/** A remote step as the local-exec running the very text remote-exec would upload. */
export function localForm(step: SynthesizedStep): SynthesizedStep {
  const provisioner = step.provisioner.map((p) => {
    const remote = p["remote-exec"] as { inline: string[]; when?: string } | undefined;
    if (!remote) return p;
    return {
      "local-exec": { command: remote.inline.join("\n"), interpreter: ["/bin/bash", "-c"], ...(remote.when ? { when: remote.when } : {}) },
    };
  });
  const { connection: _connection, ...rest } = step;
  return { ...rest, provisioner };
}

/** Only what Terraform needs of a step: no depends_on on resources left out. */
function standalone(step: SynthesizedStep): Record<string, unknown> {
  const { depends_on: _dependsOn, ...rest } = step;
  return rest;
}

export interface TerraformRun {
  readonly status: number | null;
  readonly output: string;
}

function run(dir: string, args: string[], env: Record<string, string>): TerraformRun {
  const result = spawnSync(TERRAFORM, args, { cwd: dir, encoding: "utf8", env: terraformEnvironment(env) });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** `terraform init` and `apply` of the steps in `dir`; `env` reaches local-exec as the host's environment. */
export function applySteps(dir: string, steps: Record<string, SynthesizedStep>, env: Record<string, string> = {}): TerraformRun {
  const resources = Object.fromEntries(Object.entries(steps).map(([name, step]) => [name, standalone(step)]));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ resource: { terraform_data: resources } }, null, 2));
  const init = run(dir, ["init", "-input=false", "-no-color"], env);
  if (init.status !== 0) return init;
  return run(dir, ["apply", "-auto-approve", "-input=false", "-no-color"], env);
}

export function destroySteps(dir: string, env: Record<string, string> = {}): TerraformRun {
  return run(dir, ["destroy", "-auto-approve", "-input=false", "-no-color"], env);
}

/** The `input` of each terraform_data in the state, as Terraform stored it. */
export function stateInputs(dir: string): Record<string, Record<string, string>> {
  const state = JSON.parse(spawnSync(TERRAFORM, ["show", "-json"], { cwd: dir, encoding: "utf8", env: terraformEnvironment() }).stdout) as {
    values?: { root_module?: { resources?: { name: string; values: { input: Record<string, string> } }[] } };
  };
  return Object.fromEntries((state.values?.root_module?.resources ?? []).map((r) => [r.name, r.values.input]));
}
