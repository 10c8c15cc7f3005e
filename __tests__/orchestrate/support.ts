/** Test support for the orchestrator: a recording DeployEngine and small studies. */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { stateFile } from "../../domain/locations";
import { StackAborted, type DeployEngine, type StackRequest } from "../../orchestrate";
import type { BenchmarkRun } from "../../results/result-file";
import { freshDirectory, runFio, writeResultFile } from "../fixtures/results/fio-study";
import { writeCheckResult } from "../support/check-results";

/** One deploy or destroy the stand-in saw, with wall-clock times (ms). */
export interface EngineEvent {
  readonly verb: "deploy" | "destroy";
  readonly stack: string;
  readonly start: number;
  readonly end: number;
  readonly outcome: "ok" | "failed" | "aborted";
  readonly env: Readonly<Record<string, string>>;
  readonly outputDir: string;
}

/** How the stand-in behaves. */
export interface RecordingBehaviour {
  /** fio runs written into every result file. */
  readonly runs: BenchmarkRun[];
  /** Deploy time in ms, for every stack or per stack. @default 30 */
  readonly deployMs?: number | ((stack: string) => number);
  /** Destroy time in ms. @default 5 */
  readonly destroyMs?: number;
  /** Stacks whose deploy fails (cdktf exits non-zero) after creating resources. */
  readonly failDeploy?: readonly string[];
  /**
   * Stacks whose deploy and destroy both fail before anything is created, as at `terraform init`
   * without a provider: their state stays empty.
   */
  readonly failBeforeCreate?: readonly string[];
  /** Stacks whose deploy succeeds without writing a result. */
  readonly noResult?: readonly string[];
  /** Stacks whose deploy succeeds without writing the stack's outputs (no results_path). */
  readonly noOutputs?: readonly string[];
  /** Where a stack's results_path output says its result file is. @default - `<KVMBENCH_RESULTS>/<stack>.json`, as the stacks say */
  readonly resultsPath?: (stack: string, resultsDir: string) => string;
  /** Stacks whose destroy fails. */
  readonly failDestroy?: readonly string[];
  /** Called when a deploy starts (e.g. to abort mid-run). */
  readonly onDeployStart?: (stack: string) => void;
  /** Stacks that write a disk check's result (passed or failed) instead of measurements. */
  readonly checks?: Readonly<Record<string, "passed" | "failed">>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve(false);
    }, { once: true });
  });
}

/** A DeployEngine that records calls, waits a little, and writes result files as a successful deploy would. */
export class RecordingEngine implements DeployEngine {
  readonly events: EngineEvent[] = [];

  constructor(private readonly behaviour: RecordingBehaviour) {}

  async deploy(request: StackRequest): Promise<void> {
    const start = Date.now();
    this.behaviour.onDeployStart?.(request.stack);
    mkdirSync(join(request.logFile, ".."), { recursive: true });
    appendFileSync(request.logFile, `deploy ${request.stack}\n`);
    const completed = !request.signal?.aborted && (await sleep(this.deployTime(request.stack), request.signal));
    const record = (outcome: EngineEvent["outcome"]): void => {
      this.events.push({ verb: "deploy", stack: request.stack, start, end: Date.now(), outcome, env: request.env, outputDir: request.outputDir });
    };
    if (this.behaviour.failBeforeCreate?.includes(request.stack)) {
      record("failed");
      throw new Error(`cdktf deploy ${request.stack} failed (exit code 1)`);
    }
    writeState(request, [{ mode: "managed", type: "terraform_data", instances: [{}] }]);
    if (!completed) {
      record("aborted");
      throw new StackAborted(request.stack);
    }
    if (this.behaviour.failDeploy?.includes(request.stack)) {
      record("failed");
      throw new Error(`cdktf deploy ${request.stack} failed (exit code 1)`);
    }
    const results = request.env.KVMBENCH_RESULTS;
    const resultsPath = this.behaviour.resultsPath?.(request.stack, results) ?? join(results, `${request.stack}.json`);
    const check = this.behaviour.checks?.[request.stack];
    if (check) writeCheckResult(resultsPath, request.stack, check);
    else if (!this.behaviour.noResult?.includes(request.stack)) {
      mkdirSync(dirname(resultsPath), { recursive: true });
      writeResultFile(dirname(resultsPath), basename(resultsPath, ".json"), request.stack === "baseline" ? "baseline" : "scenario", { name: request.stack }, this.behaviour.runs);
    }
    // what `cdktf deploy --outputs-file` writes: the stack's outputs, nested by construct path
    if (request.outputsFile !== undefined && !this.behaviour.noOutputs?.includes(request.stack)) {
      mkdirSync(dirname(request.outputsFile), { recursive: true });
      writeFileSync(request.outputsFile, JSON.stringify({ [request.stack]: { runner: { results: { results_path: resultsPath } } } }, null, 2));
    }
    record("ok");
  }

  private deployTime(stack: string): number {
    const { deployMs } = this.behaviour;
    return typeof deployMs === "function" ? deployMs(stack) : (deployMs ?? 30);
  }

  async destroy(request: StackRequest): Promise<void> {
    const start = Date.now();
    appendFileSync(request.logFile, `destroy ${request.stack}\n`);
    await sleep(this.behaviour.destroyMs ?? 5);
    const failed = [...(this.behaviour.failDestroy ?? []), ...(this.behaviour.failBeforeCreate ?? [])].includes(request.stack);
    this.events.push({ verb: "destroy", stack: request.stack, start, end: Date.now(), outcome: failed ? "failed" : "ok", env: request.env, outputDir: request.outputDir });
    if (failed) throw new Error(`cdktf destroy ${request.stack} failed (exit code 1)`);
    writeState(request, []);
  }

  /** Stacks in the order their deploys started. */
  deployOrder(): string[] {
    return this.events.filter((e) => e.verb === "deploy").sort((a, b) => a.start - b.start).map((e) => e.stack);
  }

  /** Stacks destroyed, in order. */
  destroyed(): string[] {
    return this.events.filter((e) => e.verb === "destroy").map((e) => e.stack);
  }
}

/** The stack's Terraform state as a deploy or destroy leaves it (only what kvmbench reads of it). */
function writeState(request: StackRequest, resources: readonly object[]): void {
  const file = stateFile(request.env.KVMBENCH_RESULTS, request.stack);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ version: 4, resources }));
}

/** One real fio run (the small hdtune job), shared by a test file's result files. */
export async function fioRuns(): Promise<BenchmarkRun[]> {
  const directory = freshDirectory("orchestrate-fio");
  const text = await runFio(join(directory, "run.json"));
  return [{ repeat: 1, tool: "fio", output: JSON.parse(text) as unknown }];
}

/** A one-host study: baseline on ssd and 4 scenarios (raw x none/writeback x virtio/sata). */
export const ONE_HOST_STUDY = `version: 1
name: one-host
devices:
  ssd: /dev/disk/by-id/ata-TEST_SSD
storage:
  raw: { kind: block, device: ssd }
guest: { os: linux, image: https://example.com/d.qcow2, vcpus: 1, memory: 1GiB }
benchmark: { profile: quick, size: 1GiB }
baseline: { device: ssd }
matrix: { storage: [raw], cache: [none, writeback], bus: [virtio, sata] }
`;

/** Two hosts that both allow every scenario: baseline + 6 scenarios. */
export const TWO_HOST_STUDY = `version: 1
name: two-hosts
hosts:
  - { name: kvm1, uri: "qemu+ssh://root@kvm1/system", ssh: { host: kvm1, privateKeyFile: ~/.ssh/id_ed25519 } }
  - { name: kvm2, uri: "qemu+ssh://root@kvm2/system", ssh: { host: kvm2, privateKeyFile: ~/.ssh/id_ed25519 }, devices: { ssd: /dev/disk/by-id/ata-OTHER_SSD } }
devices:
  ssd: /dev/disk/by-id/ata-TEST_SSD
storage:
  raw: { kind: block, device: ssd }
guest: { os: linux, image: /srv/kvmbench-tests/images/guest.qcow2, imageDirectory: /srv/kvmbench-tests/images, vcpus: 1, memory: 1GiB }
benchmark: { profile: quick, size: 1GiB }
baseline: { device: ssd }
matrix: { storage: [raw], cache: [none, writeback, writethrough], bus: [virtio, sata] }
`;

/** Writes a study text to a fresh directory and returns its path. */
export function writeStudy(text: string, name = "study.yaml"): string {
  const path = join(freshDirectory("orchestrate-study"), name);
  writeFileSync(path, text);
  return path;
}

/** The text of a file. */
export function read(path: string): string {
  return readFileSync(path, "utf8");
}
