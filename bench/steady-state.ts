/**
 * Steady-state benchmark (issue 13, "Time"): how long fio runs for the seed study's plan with and
 * without steady-state detection, estimated from real fio runs here.
 *
 * The seed's fio job file (its profile, size and runtime, exactly as the runner writes it) runs
 * once with the steady-state options and once without, on a loop device over a file (as root;
 * `losetup --direct-io=on`, so direct I/O reaches the disk under the file) or on the file itself.
 * Each test's run time is fio's own `job_runtime`. A pass is the ten tests once; the plan runs
 * a pass per repeat in every stack (the scenarios and the baseline), so:
 *
 *   fio time of the plan = pass time x repeats x stacks
 *
 * Guests, boots and host steps are not included: this is the fio time alone, and on a disk of
 * its own each scenario would take its own time; the figure is for this machine's disk.
 *
 * Usage: npm run bench:steady-state [-- --dir DIR] [-- --keep]
 *   --dir DIR   where the backing file goes (default /var/tmp; not a tmpfs: O_DIRECT must work)
 *   --keep      keep the backing file and the fio outputs
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { TEST_IDS, testLabel, type TestId } from "../results/benchmark-tests";
import type { TestFigures } from "../results/figures";
import { parseFioJsonText } from "../results/fio-parser";
import { fioJobFile, TARGET_VARIABLE } from "../runner/fio-jobfile";
import type { ResolvedBenchmark } from "../domain/profiles";
import { benchmarkFromSpec } from "../stacks/benchmark-from-spec";
import { loadStudy } from "../study";

const SEED = resolve(__dirname, "..", "scenarios", "seed.yaml");

interface Options {
  readonly dir: string;
  readonly keep: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let dir = "/var/tmp";
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--dir") dir = argv[++i] ?? dir;
    else if (arg === "--keep") keep = true;
    else throw new Error(`bench/steady-state: unknown argument "${arg}"; expected --dir DIR or --keep`);
  }
  return { dir, keep };
}

/** A target for fio: a loop device over a file when this runs as root, else the file. */
function makeTarget(work: string, bytes: number): { path: string; release: () => void; kind: string } {
  const file = join(work, "disk.img");
  execFileSync("fallocate", ["-l", String(bytes), file]);
  const canLoop = process.getuid?.() === 0 && spawnSync("losetup", ["--version"]).status === 0;
  if (!canLoop) return { path: file, release: () => undefined, kind: `the file ${file}` };
  const loop = execFileSync("losetup", ["-f", "--show", "--direct-io=on", file], { encoding: "utf8" }).trim();
  return { path: loop, release: () => void spawnSync("losetup", ["-d", loop]), kind: `loop device ${loop} (direct I/O) over ${file}` };
}

function runFio(benchmark: ResolvedBenchmark, target: string, work: string, name: string): Map<TestId, TestFigures> {
  const jobFile = join(work, `${name}.fio`);
  const output = join(work, `${name}.json`);
  writeFileSync(jobFile, fioJobFile(benchmark));
  const run = spawnSync("fio", ["--output-format=json", `--output=${output}`, jobFile], {
    env: { ...process.env, [TARGET_VARIABLE]: target },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`fio (${name}) failed with status ${run.status}: ${run.stderr}`);
  return new Map(parseFioJsonText(readFileSync(output, "utf8"), output).figures);
}

function seconds(figures: TestFigures | undefined): number {
  if (figures?.seconds === undefined) throw new Error("fio reported no job_runtime");
  return figures.seconds;
}

function hours(totalSeconds: number): string {
  return `${(totalSeconds / 3600).toFixed(1)} h`;
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const { plan } = loadStudy(SEED);
  if (!plan) throw new Error(`${SEED} has errors; run kvmbench validate`);
  const withSteadyState = benchmarkFromSpec(plan.study.benchmark);
  if (!withSteadyState.steadyState) throw new Error("the seed's profile runs without steady state; nothing to compare");
  const without: ResolvedBenchmark = { ...withSteadyState, steadyState: undefined };
  const stacks = plan.scenarios.length + (plan.baseline ? 1 : 0);
  const { repeats } = withSteadyState;

  const work = mkdtempSync(join(options.dir, "kvmbench-steady-state-"));
  const target = makeTarget(work, withSteadyState.sizeBytes + 64 * 1024 ** 2);
  let plain: Map<TestId, TestFigures>;
  let steady: Map<TestId, TestFigures>;
  try {
    process.stderr.write(`fio on ${target.kind}: the seed's ${withSteadyState.profile.name} pass without steady state, then with it...\n`);
    plain = runFio(without, target.path, work, "without");
    steady = runFio(withSteadyState, target.path, work, "with");
  } finally {
    target.release();
    if (!options.keep) rmSync(work, { recursive: true, force: true });
    else process.stderr.write(`kept ${work}\n`);
  }

  const { criterion, windowSeconds, rampSeconds } = withSteadyState.steadyState;
  const lines = [
    `fio ${spawnSync("fio", ["--version"], { encoding: "utf8" }).stdout.trim()}, seed profile ${withSteadyState.profile.name}: size ${withSteadyState.sizeBytes / 1024 ** 3} GiB, runtime ${withSteadyState.runtimeSeconds} s per test; steady state ${criterion}, window ${windowSeconds} s, ramp ${rampSeconds} s`,
    "",
    "| test | without: s (MB/s) | with: s (MB/s) | steady |",
    "|---|---:|---:|---|",
  ];
  let plainTotal = 0;
  let steadyTotal = 0;
  for (const test of TEST_IDS) {
    const a = plain.get(test);
    const b = steady.get(test);
    if (!a || !b) continue;
    plainTotal += seconds(a);
    steadyTotal += seconds(b);
    lines.push(
      `| ${testLabel(test)} | ${seconds(a).toFixed(1)} (${a.mbPerSecond.toFixed(1)}) | ${seconds(b).toFixed(1)} (${b.mbPerSecond.toFixed(1)}) | ${b.steadyState?.attained ? "yes" : "no"} |`,
    );
  }
  lines.push(`| one pass | ${plainTotal.toFixed(0)} | ${steadyTotal.toFixed(0)} | |`);
  lines.push(
    "",
    `Seed plan: ${stacks} stacks x ${repeats} repeats = ${stacks * repeats} passes.`,
    `fio time without steady state: ${hours(plainTotal * stacks * repeats)} (at most ${hours(withSteadyState.profile.tests.length * withSteadyState.runtimeSeconds * stacks * repeats)} if every test ran its full runtime)`,
    `fio time with steady state:    ${hours(steadyTotal * stacks * repeats)} (${((1 - steadyTotal / plainTotal) * 100).toFixed(0)} % less)`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

main();
