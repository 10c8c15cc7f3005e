/**
 * `cdktf deploy` and `cdktf destroy` of one stack as a user runs them, with the real provider when
 * it is installed; otherwise the app is synthesized, the provider's stand-in put in its place
 * (libvirt-stand-in/transform.ts), and cdktf deploys what is in the output folder (--skip-synth).
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CdktfEngine } from "../orchestrate/cdktf-engine";
import type { DeployEngine, StackRequest } from "../orchestrate/deploy-engine";
import { withLibvirtStandIn } from "./libvirt-stand-in/transform";
import { PROJECT_DIR, realProviderPath } from "./machine";

const CDKTF = join(PROJECT_DIR, "node_modules", ".bin", "cdktf");

export interface CdktfRun {
  readonly status: number | null;
  /** stdout and stderr, without colours. */
  readonly output: string;
}

function cdktf(args: readonly string[], env: Record<string, string>, timeoutMs: number, projectDir = PROJECT_DIR): CdktfRun {
  const result = spawnSync(CDKTF, args, {
    cwd: projectDir,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  // eslint-disable-next-line no-control-regex
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.replace(/\x1b\[[0-9;]*m/g, "");
  return { status: result.status, output };
}

/** Puts the provider's stand-in into every synthesized stack of an output folder. */
export function standInStacks(outputDir: string): void {
  const stacks = join(outputDir, "stacks");
  const isoDir = join(outputDir, "cloud-init");
  mkdirSync(isoDir, { recursive: true });
  for (const stack of readdirSync(stacks)) {
    const file = join(stacks, stack, "cdk.tf.json");
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, "utf8")) as Parameters<typeof withLibvirtStandIn>[0];
    writeFileSync(file, JSON.stringify(withLibvirtStandIn(json, { isoDir }), null, 2));
  }
}

/**
 * `cdktf synth` of the app in `projectDir` (this repository's study app, synthesizing the study
 * the environment names, by default), into `outputDir`, with the stand-in in place.
 */
export function synthWithStandIn(env: Record<string, string>, outputDir: string, projectDir = PROJECT_DIR): CdktfRun {
  mkdirSync(outputDir, { recursive: true });
  const run = cdktf(["synth", "--output", outputDir], env, 5 * 60_000, projectDir);
  if (run.status === 0) standInStacks(outputDir);
  return run;
}

/**
 * `cdktf deploy|destroy <stack> --auto-approve` as a user runs it (see the file comment), in
 * `projectDir`: the folder of a cdktf app (its cdktf.json), this repository by default.
 */
export function deployStack(verb: "deploy" | "destroy", stack: string, env: Record<string, string>, outputDir: string, projectDir = PROJECT_DIR): CdktfRun {
  const args = [verb, stack, "--auto-approve", "--output", outputDir];
  if (realProviderPath()) return cdktf(args, env, 30 * 60_000, projectDir);
  const synth = synthWithStandIn(env, outputDir, projectDir);
  if (synth.status !== 0) return synth;
  return cdktf([...args, "--skip-synth"], env, 30 * 60_000, projectDir);
}

/**
 * The DeployEngine `kvmbench run` uses, with the stand-in when the provider is not installed:
 * synth into the run slot's folder, stand-in, then the real CdktfEngine with --skip-synth.
 */
export class TestHostEngine implements DeployEngine {
  private readonly real = new CdktfEngine();
  private readonly skipSynth = new CdktfEngine(PROJECT_DIR, ["--skip-synth"]);

  deploy(request: StackRequest): Promise<void> {
    return this.run("deploy", request);
  }

  destroy(request: StackRequest): Promise<void> {
    return this.run("destroy", request);
  }

  private run(verb: "deploy" | "destroy", request: StackRequest): Promise<void> {
    if (realProviderPath()) return this.real[verb](request);
    const synth = synthWithStandIn({ ...request.env }, request.outputDir);
    mkdirSync(join(request.logFile, ".."), { recursive: true });
    appendFileSync(request.logFile, `\n=== cdktf synth for the provider stand-in\n${synth.output}`);
    if (synth.status !== 0) return Promise.reject(new Error(`cdktf synth failed (exit ${synth.status}); see ${request.logFile}`));
    return this.skipSynth[verb](request);
  }
}
