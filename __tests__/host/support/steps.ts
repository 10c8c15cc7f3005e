import { spawnSync, SpawnSyncReturns } from "node:child_process";
import { unescapeTerraformTemplate } from "../../../constructs/core/terraform-string";

/** One terraform_data resource as synthesized. */
export interface SynthesizedStep {
  input: Record<string, string>;
  triggers_replace?: Record<string, string>;
  depends_on?: string[];
  connection?: Record<string, unknown>;
  provisioner: Array<Record<string, Record<string, unknown>>>;
}

export interface SynthesizedJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

/** The terraform_data resources of a stack whose key contains `fragment` (exactly one). */
export function stepNamed(json: SynthesizedJson, fragment: string): SynthesizedStep {
  const steps = Object.entries(json.resource.terraform_data ?? {}).filter(([k]) => k.includes(fragment));
  if (steps.length !== 1) {
    throw new Error(`expected one terraform_data matching ${fragment}, found ${steps.map(([k]) => k).join(", ") || "none"}`);
  }
  return steps[0][1] as unknown as SynthesizedStep;
}

/** All terraform_data resources of a stack. */
export function allSteps(json: SynthesizedJson): Record<string, SynthesizedStep> {
  return (json.resource.terraform_data ?? {}) as unknown as Record<string, SynthesizedStep>;
}

/** The local-exec provisioner for create (no `when`) or destroy. */
export function localExec(step: SynthesizedStep, action: "create" | "destroy"): {
  command: string;
  interpreter: string[];
  environment: Record<string, string>;
  when?: string;
} {
  const found = step.provisioner
    .map((p) => p["local-exec"])
    .find((p) => p !== undefined && (action === "destroy" ? p.when === "destroy" : p.when === undefined));
  if (!found) throw new Error(`no ${action} local-exec provisioner`);
  return found as { command: string; interpreter: string[]; environment: Record<string, string>; when?: string };
}

/**
 * Runs a step's provisioner the way Terraform would on a local host: the synthesized
 * command (template escapes undone) under the synthesized interpreter, with the environment
 * resolved from `self.input`. `overrides` replace input values (e.g. a loop device path);
 * `env` adds variables the scripts read for tests (e.g. a stand-in for /proc/sys/vm/drop_caches).
 */
export function runStep(
  step: SynthesizedStep,
  action: "create" | "destroy",
  options: { overrides?: Record<string, string>; path?: string; env?: Record<string, string> } = {},
): SpawnSyncReturns<string> {
  const exec = localExec(step, action);
  const input = { ...step.input, ...options.overrides };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(exec.environment)) {
    const self = /^\$\{self\.input\.([A-Z0-9_]+)\}$/.exec(value);
    env[name] = self ? input[self[1]] : value;
  }
  const [shell, ...args] = exec.interpreter;
  return spawnSync(shell, [...args, unescapeTerraformTemplate(exec.command)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: options.path ?? process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", ...options.env, ...env },
  });
}
