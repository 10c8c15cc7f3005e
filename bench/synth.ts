/**
 * Synth benchmark (issue 5, "Performance targets"): wall time, peak RSS and ms per stack for
 *
 *   app-seed    the app alone (cdktf.json's `app` command) on the seed study
 *   app-sweep   the app alone on a generated 1000-scenario sweep study
 *   cli-seed    `npx cdktf synth` on the seed study
 *   cli-sweep   `npx cdktf synth` on the sweep study
 *   cli-empty   `npx cdktf synth` of an empty app (`new App().synth()`, run through tsx like
 *               kvmbench's app): the reference for the 1.4x target
 *   cli-empty-js  the same empty app as plain JavaScript (no tsx), for context
 *
 * Every run is a child process under `/usr/bin/time`, whose peak RSS is the largest single
 * process of the tree (for the CLI rows that is the app or the CLI, whichever is larger).
 * Runs are interleaved (one of each case per round) so that machine noise spreads evenly, and
 * the median of the rounds is reported. Output goes to temp dirs, never to the checkout's
 * cdktf.out, which other people may be using.
 *
 * Usage: npm run bench:synth [-- --runs N] [-- --only app-seed,cli-seed,...] [-- --keep]
 *
 * Performance claims live here, never in timed tests.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
/** How cdktf runs kvmbench's app (cdktf.json `app`); the app-alone rows and the empty-app reference run the same way. */
const APP_COMMAND = (JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
const SEED = join(ROOT, "scenarios", "seed.yaml");
const TIME = "/usr/bin/time";

interface Case {
  readonly name: string;
  /** Command and arguments. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The output directory the run writes (cleared before each run). */
  readonly outdir: string;
}

interface Sample {
  readonly wallMs: number;
  readonly maxRssKb: number;
  readonly stacks: number;
}

interface Options {
  readonly runs: number;
  readonly only?: ReadonlySet<string>;
  readonly keep: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let runs = 3;
  let only: Set<string> | undefined;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") runs = Number(argv[++i]);
    else if (arg === "--only") only = new Set((argv[++i] ?? "").split(",").filter(Boolean));
    else if (arg === "--keep") keep = true;
    else throw new Error(`bench/synth: unknown argument "${arg}"; expected --runs N, --only a,b or --keep`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error("bench/synth: --runs needs a whole number >= 1");
  return { runs, only, keep };
}

/**
 * A study with exactly 1000 scenarios and no exclusions: 50 storage specs (ten devices, each
 * with a block, an LVM, a zvol, an image on ext4/xfs and an image on a ZFS dataset backend)
 * x 5 cache modes x 4 buses. Every kind of storage construct is exercised, in the proportions
 * a real sweep over several disks would have.
 */
export function sweepStudyYaml(): string {
  const devices: string[] = [];
  const storage: string[] = [];
  for (let d = 0; d < 10; d++) {
    devices.push(`  d${d}: /dev/disk/by-id/ata-BENCH_DISK_${d}`);
    const fs = d % 2 === 0 ? "ext4" : "xfs";
    const format = d % 2 === 0 ? "qcow2" : "raw";
    storage.push(
      `  raw-${d}: { kind: block, device: d${d} }`,
      `  lvm-${d}: { kind: lvm, device: d${d}, size: ${10 + d}GiB }`,
      `  zvol-${d}: { kind: zvol, pool: { devices: [d${d}], ashift: 12 }, size: ${10 + d}GiB, volblocksize: 16K }`,
      `  ${fs}-${format}-${d}: { kind: image, format: ${format}, size: ${10 + d}GiB, preallocation: falloc, filesystem: { type: ${fs}, device: d${d} } }`,
      `  zfs-qcow2-${d}: { kind: image, format: qcow2, size: ${10 + d}GiB, dataset: { pool: { devices: [d${d}], ashift: 12, compression: "off" } } }`,
    );
  }
  const names = storage.map((line) => line.trim().split(":")[0]);
  return [
    "version: 1",
    "name: bench-sweep",
    "host: { uri: qemu:///system, workdir: /var/lib/kvmbench }",
    "devices:",
    ...devices,
    "storage:",
    ...storage,
    "guest: { os: linux, image: https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2, vcpus: 2, memory: 4GiB }",
    "benchmark: { profile: hdtune, size: 5GiB, repeats: 3 }",
    "baseline: { device: d0 }",
    "matrix:",
    `  storage: [${names.join(", ")}]`,
    "  cache: [none, writethrough, writeback, directsync, unsafe]",
    "  bus: [virtio, virtio-scsi, sata, ide]",
    "",
  ].join("\n");
}

function buildCases(work: string): Case[] {
  const sweep = join(work, "sweep.yaml");
  writeFileSync(sweep, sweepStudyYaml());

  // The reference project: cdktf.json, a one-line app and the checkout's node_modules.
  const empty = join(work, "empty-app");
  mkdirSync(empty);
  symlinkSync(join(ROOT, "node_modules"), join(empty, "node_modules"), "dir");
  writeFileSync(join(empty, "main.ts"), 'import { App } from "cdktf"; new App().synth();\n');
  const emptyJs = join(work, "empty-app-js");
  mkdirSync(emptyJs);
  symlinkSync(join(ROOT, "node_modules"), join(emptyJs, "node_modules"), "dir");
  writeFileSync(join(emptyJs, "main.js"), 'const { App } = require("cdktf"); new App().synth();\n');
  const cdktfJson = (app: string): string =>
    JSON.stringify({ language: "typescript", app, projectId: "kvmbench-bench-empty", sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} });
  writeFileSync(join(empty, "cdktf.json"), cdktfJson(APP_COMMAND));
  writeFileSync(join(emptyJs, "cdktf.json"), cdktfJson("node main.js"));

  const out = (name: string): string => join(work, "out", name);
  // CHECKPOINT_DISABLE: no telemetry round trip inside the timing.
  const base = { CHECKPOINT_DISABLE: "1" };
  const app = (name: string, study: string): Case => ({
    name,
    argv: APP_COMMAND.split(" "),
    cwd: ROOT,
    env: { ...base, KVMBENCH_STUDY: study, CDKTF_OUTDIR: out(name) },
    outdir: out(name),
  });
  const cli = (name: string, cwd: string, study?: string): Case => ({
    name,
    argv: ["npx", "cdktf", "synth", "--output", out(name)],
    cwd,
    env: study ? { ...base, KVMBENCH_STUDY: study } : base,
    outdir: out(name),
  });
  return [
    app("app-seed", SEED),
    app("app-sweep", sweep),
    cli("cli-seed", ROOT, SEED),
    cli("cli-sweep", ROOT, sweep),
    cli("cli-empty", empty),
    cli("cli-empty-js", emptyJs),
  ];
}

function runOnce(c: Case, work: string): Sample {
  rmSync(c.outdir, { recursive: true, force: true });
  // cdktf's App makes only the last path segment of its outdir.
  mkdirSync(join(c.outdir, ".."), { recursive: true });
  const timeFile = join(work, "time.txt");
  const started = process.hrtime.bigint();
  const result = spawnSync(TIME, ["-f", "%M", "-o", timeFile, ...c.argv], {
    cwd: c.cwd,
    env: { ...process.env, ...c.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`bench/synth: ${c.name} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const maxRssKb = Number(readFileSync(timeFile, "utf8").trim().split("\n").pop());
  const stacksDir = join(c.outdir, "stacks");
  const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).length : 0;
  return { wallMs, maxRssKb, stacks };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(TIME)) throw new Error(`bench/synth: ${TIME} (GNU time) is needed to measure peak RSS`);
  const work = mkdtempSync(join(tmpdir(), "kvmbench-bench-"));
  try {
    const cases = buildCases(work).filter((c) => !options.only || options.only.has(c.name));
    const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
    for (let round = 1; round <= options.runs; round++) {
      for (const c of cases) {
        const s = runOnce(c, work);
        samples.get(c.name)?.push(s);
        process.stderr.write(`round ${round}/${options.runs} ${c.name}: ${(s.wallMs / 1000).toFixed(2)} s, ${(s.maxRssKb / 1024).toFixed(0)} MB, ${s.stacks} stacks\n`);
      }
    }

    const rows = cases.map((c) => {
      const list = samples.get(c.name) ?? [];
      const wall = median(list.map((s) => s.wallMs));
      const rss = median(list.map((s) => s.maxRssKb)) / 1024;
      const stacks = list[0]?.stacks ?? 0;
      return { name: c.name, wall, rss, stacks, perStack: stacks ? wall / stacks : undefined, min: Math.min(...list.map((s) => s.wallMs)) };
    });
    const byName = new Map(rows.map((r) => [r.name, r]));

    console.log(`synth benchmark: median of ${options.runs} run(s), node ${process.version}, ${os()}`);
    console.log("");
    console.log(`| ${pad("case", 13)} | ${pad("stacks", 6, true)} | ${pad("wall s", 7, true)} | ${pad("min s", 7, true)} | ${pad("peak RSS MB", 11, true)} | ${pad("ms/stack", 8, true)} |`);
    console.log(`|${"-".repeat(15)}|${"-".repeat(7)}:|${"-".repeat(8)}:|${"-".repeat(8)}:|${"-".repeat(12)}:|${"-".repeat(9)}:|`);
    for (const r of rows) {
      console.log(
        `| ${pad(r.name, 13)} | ${pad(String(r.stacks), 6, true)} | ${pad((r.wall / 1000).toFixed(2), 7, true)} | ${pad((r.min / 1000).toFixed(2), 7, true)} | ${pad(r.rss.toFixed(0), 11, true)} | ${pad(r.perStack === undefined ? "-" : r.perStack.toFixed(1), 8, true)} |`,
      );
    }
    console.log("");

    const seed = byName.get("cli-seed");
    const empty = byName.get("cli-empty");
    if (seed && empty) {
      const ratio = seed.wall / empty.wall;
      console.log(`ratio cli-seed / cli-empty: ${ratio.toFixed(2)}x (target <= 1.4x: ${ratio <= 1.4 ? "met" : "NOT met"})`);
    }
    if (seed) console.log(`cli-seed wall: ${(seed.wall / 1000).toFixed(2)} s (target <= 3 s: ${seed.wall <= 3000 ? "met" : "NOT met"})`);
    for (const sweep of [byName.get("app-sweep"), byName.get("cli-sweep")]) {
      if (!sweep) continue;
      const ok = sweep.wall <= 15000 && sweep.rss <= 600;
      console.log(`${sweep.name}: ${(sweep.wall / 1000).toFixed(2)} s, ${sweep.rss.toFixed(0)} MB (target <= 15 s and <= 600 MB: ${ok ? "met" : "NOT met"})`);
    }
  } finally {
    if (options.keep) console.error(`bench/synth: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function os(): string {
  // The CPU count matters for the targets (they are stated for 2 cores).
  const list = cpus();
  return `${list.length} CPU(s) ${list[0]?.model ?? ""}`.trim();
}

// Runs only as a script, so that tests or tools can import sweepStudyYaml.
if (require.main === module) main();
