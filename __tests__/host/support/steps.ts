import { spawnSync, SpawnSyncReturns } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateInput, evaluateTerraformString } from "../../support/terraform-strings";

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
 * command under the synthesized interpreter, with the environment resolved from `self.input`,
 * every string read as Terraform reads it (a template Terraform would evaluate throws).
 * `overrides` replace input values (e.g. a loop device path); `env` adds variables the scripts
 * read for tests (e.g. a stand-in for /proc/sys/vm/drop_caches).
 */
export function runStep(
  step: SynthesizedStep,
  action: "create" | "destroy",
  options: { overrides?: Record<string, string>; path?: string; env?: Record<string, string> } = {},
): SpawnSyncReturns<string> {
  const exec = localExec(step, action);
  const input = { ...evaluateInput(step.input), ...options.overrides };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(exec.environment)) env[name] = evaluateTerraformString(value, input);
  const [shell, ...args] = exec.interpreter;
  return spawnSync(shell, [...args, evaluateTerraformString(exec.command)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: options.path ?? process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", ...hostEnvironment(), ...options.env, ...env },
  });
}

/** The remote-exec provisioner for create (no `when`) or destroy. */
export function remoteExec(step: SynthesizedStep, action: "create" | "destroy"): { inline: string[]; when?: string } {
  const found = step.provisioner
    .map((p) => p["remote-exec"])
    .find((p) => p !== undefined && (action === "destroy" ? p.when === "destroy" : p.when === undefined));
  if (!found) throw new Error(`no ${action} remote-exec provisioner`);
  return found as { inline: string[]; when?: string };
}

/**
 * The script remote-exec sends for a step: its inline lines read as Terraform reads them
 * (with `self.input`), joined by line breaks, as Terraform uploads them.
 */
export function remoteScript(step: SynthesizedStep, action: "create" | "destroy", overrides: Record<string, string> = {}): string {
  const input = { ...evaluateInput(step.input), ...overrides };
  return remoteExec(step, action).inline.map((line) => evaluateTerraformString(line, input)).join("\n");
}

/**
 * Runs a remote step's script through `ssh` on `path` (a stand-in that runs bash locally, see
 * installStandInSsh) with the step's connection, as `ssh -p PORT -- USER@HOST bash -s`.
 */
export function runRemoteStep(
  step: SynthesizedStep,
  action: "create" | "destroy",
  options: { path: string; overrides?: Record<string, string>; env?: Record<string, string> },
): SpawnSyncReturns<string> {
  const connection = step.connection as { user: string; host: string; port: number } | undefined;
  if (!connection) throw new Error("the step has no SSH connection");
  const user = evaluateTerraformString(connection.user);
  const host = evaluateTerraformString(connection.host);
  return spawnSync("ssh", ["-p", String(connection.port), "--", `${user}@${host}`, "bash", "-s"], {
    encoding: "utf8",
    input: remoteScript(step, action, options.overrides),
    env: { PATH: options.path, ...hostEnvironment(), ...options.env },
  });
}

/**
 * A stand-in `ssh` in `dir`: logs its arguments (one per line, then a blank line) to
 * `<dir>/ssh.log`, checks that the destination comes after `--`, and runs the remote command
 * with bash on this machine, stdin passed through. Returns the PATH to use.
 */
export function installStandInSsh(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, "ssh"),
    `#!/usr/bin/env bash
printf '%s\\n' "$@" >>"${join(dir, "ssh.log")}"; printf '\\n' >>"${join(dir, "ssh.log")}"
while (($#)) && [[ $1 != -- ]]; do shift; done
[[ \${1:-} == -- ]] || { echo "stand-in ssh: no -- before the destination" >&2; exit 255; }
shift 2
exec bash -c "$*"
`,
  );
  chmodSync(join(bin, "ssh"), 0o755);
  return `${bin}:${process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin"}`;
}

/** What the host scripts take from the machine they run on: the test file's lock directory. */
export function hostEnvironment(): Record<string, string> {
  return { KVMBENCH_LOCK_DIR: lockDirectory() };
}

export function lockDirectory(): string {
  const dir = process.env.KVMBENCH_LOCK_DIR;
  if (!dir) throw new Error("KVMBENCH_LOCK_DIR is not set (jest's setup file __tests__/support/host-environment.ts sets it)");
  return dir;
}

/** The host-wide lock file of a device node (as lib.sh names it). */
export function lockFileOf(node: string): string {
  return join(lockDirectory(), `${node.slice(1).replace(/[^A-Za-z0-9._-]/g, "_")}.lock`);
}
