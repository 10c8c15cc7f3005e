/**
 * A steady-state hdtune run on a loop device, through the guest's runner script and the
 * collector, as a scenario would run: the result file records, per test, whether it ended
 * steady and when, and the report shows it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadResultFile } from "../../results/load-result-file";
import { steadyStateOf } from "../../results/assessment";
import { TEST_IDS } from "../../results/benchmark-tests";
import type { ScenarioResults } from "../../results/scenario-results";
import { assembleResult, writeResultFile } from "../../runner/collect";
import { fioJobFile } from "../../runner/fio-jobfile";
import { resolveBenchmark } from "../../domain/profiles";
import { readFramesFile, requireComplete } from "../../runner/read-frames";
import { steadyStateTable } from "../../report/summary-tables";
import { GUEST_SCRIPT, runScript, tempDir } from "../runner/helpers";

const canRun = process.getuid?.() === 0 && spawnSync("losetup", ["--version"]).status === 0 && spawnSync("fio", ["--version"]).status === 0;
const describeLoop = canRun ? describe : describe.skip;

const MiB = 1024 ** 2;
const RUNTIME = 8;
const RAMP = 1;
const WINDOW = 2;

describeLoop("a steady-state hdtune run on a loop device", () => {
  const t = tempDir("steady-state");
  let loop = "";
  let scenario: ScenarioResults;

  beforeAll(() => {
    const image = join(t.dir, "disk.img");
    execFileSync("truncate", ["-s", "544M", image]);
    loop = execFileSync("losetup", ["-f", "--show", image], { encoding: "utf8" }).trim();
    // A lax criterion, so that a test still running after ramp and window reaches it for sure.
    const benchmark = resolveBenchmark({
      profile: "hdtune",
      sizeBytes: 512 * MiB,
      repeats: 1,
      runtimeSeconds: RUNTIME,
      steadyState: { criterion: "bw_slope:100%", windowSeconds: WINDOW, rampSeconds: RAMP },
    });
    const byId = join(t.dir, "by-id");
    mkdirSync(byId);
    symlinkSync(loop, join(byId, "virtio-kvmbench-dut"));
    writeFileSync(join(t.dir, "benchmark.fio"), fioJobFile(benchmark));
    writeFileSync(join(t.dir, "drop_caches"), "");
    const port = join(t.dir, "ttyS1.log");
    const run = runScript(GUEST_SCRIPT, {
      KVMBENCH_DISK_SERIAL: "kvmbench-dut",
      KVMBENCH_BY_ID_DIR: byId,
      KVMBENCH_JOB_FILE: join(t.dir, "benchmark.fio"),
      KVMBENCH_PORT: port,
      KVMBENCH_NO_POWEROFF: "1",
      KVMBENCH_DROP_CACHES_PATH: join(t.dir, "drop_caches"),
    });
    if (run.status !== 0) throw new Error(`runner failed (${run.status}): ${run.stderr}`);
    const result = assembleResult({
      scenario: "raw-none-virtio",
      kind: "scenario",
      configuration: { storageName: "raw", attachment: { bus: "virtio", cache: "none" } },
      host: {},
      caches: { pageCacheDropped: true },
      scan: requireComplete(readFramesFile(port)),
    });
    scenario = loadResultFile(writeResultFile(join(t.dir, "results"), result), "scenario");
  });

  afterAll(() => {
    if (loop) spawnSync("losetup", ["-d", loop]);
    t.cleanup();
  });

  it("records for every test whether it ended steady, and how long it ran", () => {
    expect([...scenario.tests.keys()].sort()).toEqual([...TEST_IDS].sort());
    for (const [test, summary] of scenario.tests) {
      const [repeat] = summary.repeats;
      expect({ test, criterion: repeat?.figures.steadyState?.criterion }).toEqual({ test, criterion: expect.stringMatching(/^bw_slope:100(\.0+)?%$/) });
      expect(repeat?.figures.seconds).toBeGreaterThan(0);
      expect(repeat?.figures.seconds).toBeLessThanOrEqual(RUNTIME + 0.5);
      // fio judges steadiness only once ramp and window have passed
      if (repeat?.figures.steadyState?.attained) expect(repeat.figures.seconds).toBeGreaterThanOrEqual(RAMP + WINDOW - 0.1);
    }
  });

  it("ends a test early once it is steady: a million 512-byte random reads take far longer than 8 s, so only steadiness ends them early", () => {
    const outcome = steadyStateOf(scenario.tests.get("rand-read-512"));
    expect(outcome?.steady).toBe(1);
    // fio samples once a second, so it sees steadiness up to a second or two after ramp + window
    expect(outcome?.seconds[0]).toBeLessThan(RUNTIME - 2);
  });

  it("shows it in the report's steady-state table", () => {
    const table = steadyStateTable({ baseline: { ...scenario, name: "baseline", kind: "baseline" }, scenarios: [scenario], warnings: [] });
    expect(table?.columns).toContain("Random read 512 B");
    const row = table?.rows.find((cells) => cells[0] === "raw-none-virtio");
    expect(row?.[table!.columns.indexOf("Random read 512 B")]).toMatch(/^1\/1 steady, \d s$/);
  });
});
