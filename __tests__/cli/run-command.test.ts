import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../cli";
import type { RunDependencies } from "../../cli/commands/run";
import type { CommandRunner, DeployEngineOptions } from "../../orchestrate";
import type { BenchmarkRun } from "../../results/result-file";
import { freshDirectory } from "../fixtures/results/fio-study";
import { fioRuns, ONE_HOST_STUDY, RecordingEngine, writeStudy } from "../orchestrate/support";

let runs: BenchmarkRun[];
beforeAll(async () => {
  runs = await fioRuns();
});

interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(args: string[], deps: RunDependencies): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["node", "kvmbench", ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, deps);
  return { code, stdout, stderr };
}

const noInterrupts = (): (() => void) => () => undefined;

test("kvmbench run deploys every stack through the engine, prints progress and a summary, exits 0", async () => {
  const engine = new RecordingEngine({ runs });
  const results = freshDirectory("cli-run");
  const outcome = await cli(["run", writeStudy(ONE_HOST_STUDY), "--results", results], { engine: () => engine, commandRunner: async () => ({ code: 0, stdout: "", stderr: "" }), onInterrupt: noInterrupts, skipPreflight: true });
  expect(outcome.code).toBe(0);
  expect(engine.deployOrder()).toEqual(["baseline", "raw-none-virtio", "raw-none-sata", "raw-writeback-virtio", "raw-writeback-sata"]);
  expect(outcome.stderr).toMatch(/^\[1\/5\] baseline deploying on host/m);
  expect(outcome.stderr).toMatch(/^finished after \d+s: 5 stacks: 5 completed$/m);
  expect(existsSync(join(results, "raw-writeback-sata.json"))).toBe(true);
  // --resume afterwards has nothing to do
  const again = await cli(["run", writeStudy(ONE_HOST_STUDY), "--results", results, "--resume"], { engine: () => engine, commandRunner: async () => ({ code: 0, stdout: "", stderr: "" }), onInterrupt: noInterrupts, skipPreflight: true });
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(/^finished after \d+s: 5 stacks: 5 skipped$/m);
});

test("a failed preflight deploys nothing and exits 2", async () => {
  const engine = new RecordingEngine({ runs });
  const runner: CommandRunner = async (command, args) => {
    if (command === "terraform") return { code: null, stdout: "", stderr: "", spawnError: "ENOENT" };
    const df = args.some((a) => a.includes("df -Pk"));
    return { code: 0, stdout: df ? "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/x 1 1 99999999 1% /\n" : "", stderr: "" };
  };
  const outcome = await cli(["run", writeStudy(ONE_HOST_STUDY), "--results", freshDirectory("cli-run")], { engine: () => engine, commandRunner: runner, onInterrupt: noInterrupts });
  expect(outcome.code).toBe(2);
  expect(outcome.stderr).toContain("preflight (terraform): terraform is not on PATH; cdktf deploys through it\n  fix: install Terraform 1.5 or newer");
  expect(outcome.stderr).toContain("1 preflight problem(s); nothing was deployed");
  expect(engine.events).toEqual([]);
});

/** A fake host where terraform, libvirt, space and devices are fine, and the provider answers as given. */
function hostWithProvider(provider: { init: number; lock: number }): CommandRunner {
  return async (command, args) => {
    if (command === "terraform" && args.includes("init")) return { code: provider.init, stdout: "", stderr: provider.init === 0 ? "" : "Error: provider registry.terraform.io/dmacvicar/libvirt was not found" };
    if (command === "terraform" && args.includes("lock")) return { code: provider.lock, stdout: "", stderr: "" };
    if (command === "terraform") return { code: 0, stdout: JSON.stringify({ terraform_version: "1.11.4" }), stderr: "" };
    const df = args.some((a) => a.includes("df -Pk"));
    return { code: 0, stdout: df ? "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/x 1 1 99999999 1% /\n" : "", stderr: "" };
  };
}

test("a provider from a mirror with its registry out of reach: the engine skips cdktf's provider lock", async () => {
  const engine = new RecordingEngine({ runs });
  const asked: DeployEngineOptions[] = [];
  const outcome = await cli(["run", writeStudy(ONE_HOST_STUDY), "--results", freshDirectory("cli-run"), "--only", "baseline"], {
    engine: (options) => (asked.push(options), engine),
    commandRunner: hostWithProvider({ init: 0, lock: 1 }),
    onInterrupt: noInterrupts,
  });
  expect(outcome.code).toBe(0);
  expect(asked).toEqual([{ skipProviderLock: true }]);
  expect(outcome.stderr).toContain("the libvirt provider comes from a mirror and its registry is out of reach: deploying with --skip-provider-lock");
});

test("with the registry in reach, cdktf locks the provider as usual", async () => {
  const asked: DeployEngineOptions[] = [];
  const engine = new RecordingEngine({ runs });
  await cli(["run", writeStudy(ONE_HOST_STUDY), "--results", freshDirectory("cli-run"), "--only", "baseline"], {
    engine: (options) => (asked.push(options), engine),
    commandRunner: hostWithProvider({ init: 0, lock: 0 }),
    onInterrupt: noInterrupts,
  });
  expect(asked).toEqual([{ skipProviderLock: false }]);
});

test("no provider to be had (no mirror, no registry): preflight says so with the fix and deploys nothing", async () => {
  const engine = new RecordingEngine({ runs });
  const outcome = await cli(["run", writeStudy(ONE_HOST_STUDY), "--results", freshDirectory("cli-run")], {
    engine: () => engine,
    commandRunner: hostWithProvider({ init: 1, lock: 1 }),
    onInterrupt: noInterrupts,
  });
  expect(outcome.code).toBe(2);
  expect(outcome.stderr).toMatch(/preflight \(provider\): Terraform cannot install the libvirt provider dmacvicar\/libvirt 0\.9\.7 .*was not found\n  fix: .*Air-gapped hosts/);
  expect(engine.events).toEqual([]);
});

test("SIGINT (the interrupt listener) destroys the running stack, prints the summary and exits 130", async () => {
  let interrupt: () => void = () => undefined;
  let listening = false;
  const engine = new RecordingEngine({ runs, deployMs: 2_000, onDeployStart: () => setTimeout(() => (interrupt(), interrupt()), 20) });
  const outcome = await cli(["run", writeStudy(ONE_HOST_STUDY), "--results", freshDirectory("cli-run")], {
    engine: () => engine,
    commandRunner: async () => ({ code: 0, stdout: "", stderr: "" }),
    onInterrupt: (listener) => {
      interrupt = listener;
      listening = true;
      return () => void (listening = false);
    },
    skipPreflight: true,
  });
  expect(outcome.code).toBe(130);
  expect(listening).toBe(false);
  expect(engine.deployOrder()).toEqual(["baseline"]);
  expect(engine.destroyed()).toEqual(["baseline"]);
  expect(outcome.stderr).toContain("interrupt: starting no new scenario; destroying the running ones");
  expect(outcome.stderr).toContain("interrupt: already stopping; waiting for the running destroys");
  expect(outcome.stderr).toMatch(/^interrupted after \d+s: 5 stacks: 1 interrupted, 4 not-started$/m);
});

test("kvmbench run of a check-mode study says so, and completes on passed disk checks", async () => {
  const study = ONE_HOST_STUDY.replace("benchmark: { profile: quick, size: 1GiB }", "benchmark: { profile: quick, size: 1GiB, mode: check }");
  const checks = { "raw-none-virtio": "passed", "raw-none-sata": "passed", "raw-writeback-virtio": "passed", "raw-writeback-sata": "passed" } as const;
  const engine = new RecordingEngine({ runs, checks });
  const outcome = await cli(["run", writeStudy(study), "--results", freshDirectory("cli-run")], { engine: () => engine, commandRunner: async () => ({ code: 0, stdout: "", stderr: "" }), onInterrupt: noInterrupts, skipPreflight: true });
  expect(outcome.stderr).toContain("check mode: each scenario's guest is started, its disk checked as QEMU opened it, and the guest stopped; no benchmark runs in it (the baseline still measures)\n");
  expect(outcome.stderr).toMatch(/^finished after \d+s: 5 stacks: 5 completed$/m);
  expect(outcome.code).toBe(0);
});
