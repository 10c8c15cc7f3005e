/**
 * `cdktf deploy`, `cdktf destroy` and a second `terraform plan` of one stack, as a user on an
 * air-gapped KVM host runs them (README, "Air-gapped hosts"): the provider comes from a mirror
 * (the real one or the stand-in, test-host/provider.ts) and `--skip-provider-lock` leaves out
 * cdktf's lock step, which would ask the registry for checksums.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_DIR } from "./machine";

const CDKTF = join(PROJECT_DIR, "node_modules", ".bin", "cdktf");

export interface CommandRun {
  readonly status: number | null;
  /** stdout and stderr, without colours. */
  readonly output: string;
}

function run(command: string, args: readonly string[], env: Record<string, string>, timeoutMs: number, cwd = PROJECT_DIR): CommandRun {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  // eslint-disable-next-line no-control-regex
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? `\n${result.error.message}` : ""}`.replace(/\x1b\[[0-9;]*m/g, "");
  return { status: result.status, output };
}

/**
 * `cdktf deploy|destroy <stack> --auto-approve --skip-provider-lock` in `projectDir`: the folder
 * of a cdktf app (its cdktf.json), this repository's study app by default.
 */
export function deployStack(verb: "deploy" | "destroy", stack: string, env: Record<string, string>, outputDir: string, projectDir = PROJECT_DIR): CommandRun {
  return run(CDKTF, [verb, stack, "--auto-approve", "--skip-provider-lock", "--output", outputDir], env, 30 * 60_000, projectDir);
}

/** `cdktf synth --output <outputDir>` of the app in `projectDir` (this repository's study app by default). */
export function synthStacks(env: Record<string, string>, outputDir: string, projectDir = PROJECT_DIR): CommandRun {
  return run(CDKTF, ["synth", "--output", outputDir], env, 10 * 60_000, projectDir);
}

/** `terraform <args>` in a synthesized stack's folder (`<outputDir>/stacks/<stack>`). */
export function terraformIn(stack: string, outputDir: string, args: readonly string[], env: Record<string, string>): CommandRun {
  return run("terraform", [`-chdir=${join(outputDir, "stacks", stack)}`, ...args, "-input=false", "-no-color"], env, 20 * 60_000);
}

/**
 * `terraform plan -detailed-exitcode` of a deployed stack in its synthesized folder: exit 0 when
 * the plan is empty, as it must be right after a deploy (everything the provider reads back from
 * libvirt matches what the stack declares), 2 when it would change something.
 */
export function planAgain(stack: string, env: Record<string, string>, outputDir: string): CommandRun {
  return terraformIn(stack, outputDir, ["plan", "-detailed-exitcode", "-lock=false"], env);
}

/** Throws with the output's tail unless the plan right after a deploy of `stack` is empty. */
export function expectEmptyPlan(stack: string, env: Record<string, string>, outputDir: string): void {
  const plan = planAgain(stack, env, outputDir);
  if (plan.status !== 0) throw new Error(`the plan right after deploying ${stack} is not empty (terraform plan exit ${plan.status}):\n${plan.output.slice(-6000)}`);
}
