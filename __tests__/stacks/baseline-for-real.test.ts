/**
 * The baseline stack's host steps, as synthesized, run for real against a loop device:
 * prepare (facts, caches), the fio baseline under the device lock and guard, the collector
 * that turns the serial log into baseline.json, and teardown.
 */
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadResultFile } from "../../results/load-result-file";
import { lockFileOf, runStep, stepNamed, SynthesizedJson } from "../host/support/steps";
import { synthLoopStudy } from "../support/loop-study";
import { hostTempDir } from "../../test-host/host-temp-dir";

const canRun =
  process.getuid?.() === 0 &&
  spawnSync("losetup", ["--version"]).status === 0 &&
  spawnSync("fio", ["--version"]).status === 0;
const describeLoop = canRun ? describe : describe.skip;

const dir = hostTempDir("kvmbench-baseline");
const loops: string[] = [];
const hashOf = (dev: string): string => createHash("sha256").update(readFileSync(dev)).digest("hex");
const hasSignature = (dev: string): boolean => spawnSync("blkid", ["-p", dev]).status === 0;

function loopDevice(name: string): string {
  const file = join(dir, `${name}.img`);
  execFileSync("truncate", ["-s", "96M", file]);
  const loop = execFileSync("losetup", ["-f", "--show", file], { encoding: "utf8" }).trim();
  loops.push(loop);
  return loop;
}

function baselineStack(device: string, work: string): SynthesizedJson {
  return synthLoopStudy(work, device)("baseline");
}

afterAll(() => {
  for (const loop of loops) spawnSync("losetup", ["-d", loop]);
  rmSync(dir, { recursive: true, force: true });
});

describeLoop("the baseline stack's steps, for real on a loop device", () => {
  const work = join(dir, "blank");
  let device: string;
  let json: SynthesizedJson;
  // Stand-ins for kernel knobs a test must not turn on the machine running it.
  const env = (): Record<string, string> => ({
    KVMBENCH_DROP_CACHES_PATH: join(work, "drop_caches"),
    KVMBENCH_ZFS_PARAMS_DIR: join(work, "no-zfs"),
  });

  beforeAll(() => {
    mkdirSync(work, { recursive: true });
    device = loopDevice("blank");
    json = baselineStack(device, work);
  });

  it("prepare records the host's facts and what was done to its caches", () => {
    const run = runStep(stepNamed(json, "baseline_prepare"), "create", { env: env() });
    expect(run.stderr).toContain("host caches dropped");
    expect(run.status).toBe(0);
    const results = join(work, "host/results/loop-study");
    expect(JSON.parse(readFileSync(join(results, "baseline.caches.json"), "utf8"))).toMatchObject({ pageCacheDropped: true });
    expect(JSON.parse(readFileSync(join(results, "baseline.host.json"), "utf8"))).toHaveProperty("kernel");
    expect(readFileSync(join(work, "drop_caches"), "utf8").trim()).toBe("3");
  });

  it("runs fio on the bare device under the device lock, and again changes nothing", () => {
    const step = stepNamed(json, "baseline_run");
    const first = runStep(step, "create", { env: env() });
    expect(first.status).toBe(0);
    const log = readFileSync(join(work, "host/results/loop-study/baseline.serial.log"), "utf8");
    expect(log).toMatch(/^KVMBENCH-DONE \S+ \d+ ok$/m);
    const lock = readFileSync(lockFileOf(device), "utf8");
    expect(lock).toContain("baseline");

    const again = runStep(step, "create", { env: env() });
    expect(again.status).toBe(0);
    expect(again.stderr).toContain("already ran");
  });

  it("the collector turns the serial log into baseline.json with the configuration", () => {
    const run = runStep(stepNamed(json, "baseline_results_collect"), "create");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const path = join(work, "results", "baseline.json");
    const result = JSON.parse(readFileSync(path, "utf8")) as { kind: string; configuration: { devicePath: string }; runs: unknown[] };
    expect(result).toMatchObject({ kind: "baseline", configuration: { devicePath: device } });
    expect(result.runs).toHaveLength(1);
    const loaded = loadResultFile(path, "baseline");
    expect(loaded.name).toBe("baseline");
  });

  it("teardown releases the device and leaves it without signatures", () => {
    const run = runStep(stepNamed(json, "baseline_run"), "destroy", { env: env() });
    expect(run.status).toBe(0);
    expect(existsSync(lockFileOf(device))).toBe(false);
    expect(hasSignature(device)).toBe(false);
  });
});

describeLoop("the baseline on a device that carries data", () => {
  it("is refused without wipe, and the device is left byte-for-byte untouched", () => {
    const work = join(dir, "data");
    mkdirSync(work, { recursive: true });
    const device = loopDevice("data");
    execFileSync("mkfs.ext4", ["-q", device]);
    const before = hashOf(device);
    const json = baselineStack(device, work);
    const run = runStep(stepNamed(json, "baseline_run"), "create", {
      env: { KVMBENCH_DROP_CACHES_PATH: join(work, "drop_caches"), KVMBENCH_ZFS_PARAMS_DIR: join(work, "no-zfs") },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(new RegExp(`${device}.*(signature|carries|ext4)`, "i"));
    expect(hashOf(device)).toBe(before);
    expect(existsSync(lockFileOf(device))).toBe(false);
  });
});
