/**
 * A whole study on one loop device, through the synthesized steps as Terraform would run them
 * and in the order `kvmbench run` uses: the baseline (deploy, collect, destroy), then a raw-disk
 * scenario (storage, prepare, the guest's benchmark as its cloud-init user-data would run it,
 * wait, collect, destroy), then `kvmbench report`. Only the guest itself is a stand-in: its
 * script runs here against the loop device, found through a by-id link named by its serial.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { unescapeTerraformTemplate } from "../../constructs/core/terraform-string";
import { runStep, stepNamed, SynthesizedJson } from "../host/support/steps";
import { synthLoopStudy } from "../support/loop-study";
import { hostTempDir } from "../../test-host/host-temp-dir";

const canRun =
  process.getuid?.() === 0 && spawnSync("losetup", ["--version"]).status === 0 && spawnSync("fio", ["--version"]).status === 0;
const describeLoop = canRun ? describe : describe.skip;

const dir = hostTempDir("kvmbench-pipeline");
const results = join(dir, "results");
let loop = "";

afterAll(() => {
  if (loop) spawnSync("losetup", ["-d", loop]);
  rmSync(dir, { recursive: true, force: true });
});

interface UserData {
  write_files: Array<{ path: string; content: string }>;
}

describeLoop("a study on a loop device, end to end on this host", () => {
  const env = { KVMBENCH_DROP_CACHES_PATH: join(dir, "drop_caches"), KVMBENCH_ZFS_PARAMS_DIR: join(dir, "no-zfs") };
  let baseline: SynthesizedJson;
  let scenario: SynthesizedJson;

  beforeAll(() => {
    const image = join(dir, "disk.img");
    execFileSync("truncate", ["-s", "96M", image]);
    loop = execFileSync("losetup", ["-f", "--show", image], { encoding: "utf8" }).trim();
    const json = synthLoopStudy(dir, loop);
    baseline = json("baseline");
    scenario = json("raw-none-virtio");
  });

  it("runs the baseline and releases the device", () => {
    for (const step of ["baseline_prepare", "baseline_run"]) {
      const run = runStep(stepNamed(baseline, step), "create", { env });
      expect({ step, status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ step, status: 0, stderr: "" });
    }
    expect(runStep(stepNamed(baseline, "baseline_results_collect"), "create").status).toBe(0);
    expect(runStep(stepNamed(baseline, "baseline_run"), "destroy", { env }).status).toBe(0);
  });

  it("runs the scenario: storage, prepare, the guest's user-data benchmark, wait, collect", () => {
    const storage = runStep(stepNamed(scenario, "storage_raw-disk"), "create", { env });
    expect(storage.stderr).not.toMatch(/ERROR/);
    expect(storage.status).toBe(0);
    expect(runStep(stepNamed(scenario, "runner_prepare"), "create", { env }).status).toBe(0);

    // The guest: what its cloud-init user-data writes and runs, with the disk under test found by serial.
    const [cidata] = Object.values(scenario.resource.libvirt_cloudinit_disk);
    // What Terraform hands libvirt: the user-data with its template escapes undone.
    const userData = parse(unescapeTerraformTemplate(cidata.user_data as string)) as UserData;
    const file = (suffix: string): string => userData.write_files.find((f) => f.path.endsWith(suffix))!.content;
    const guest = join(dir, "guest");
    mkdirSync(join(guest, "by-id"), { recursive: true });
    symlinkSync(loop, join(guest, "by-id", "virtio-kvmbench-dut"));
    writeFileSync(join(guest, "benchmark.fio"), file("benchmark.fio"));
    writeFileSync(join(guest, "run-benchmark.sh"), file("run-benchmark.sh"));
    const wait = stepNamed(scenario, "runner_wait");
    const guestRun = spawnSync("bash", [join(guest, "run-benchmark.sh")], {
      encoding: "utf8",
      env: {
        ...process.env,
        KVMBENCH_DISK_SERIAL: "kvmbench-dut",
        KVMBENCH_BY_ID_DIR: join(guest, "by-id"),
        KVMBENCH_JOB_FILE: join(guest, "benchmark.fio"),
        KVMBENCH_PORT: wait.input.KVMBENCH_SERIAL_LOG, // the host file behind the results serial port
        KVMBENCH_NO_POWEROFF: "1",
        KVMBENCH_DROP_CACHES_PATH: env.KVMBENCH_DROP_CACHES_PATH,
      },
    });
    expect(guestRun.stderr).not.toMatch(/error/i);
    expect(guestRun.status).toBe(0);

    const waited = runStep(wait, "create", { env, overrides: { KVMBENCH_POLL_INTERVAL: "1" } });
    expect(waited.stderr).toContain("results of raw-none-virtio are complete");
    expect(waited.status).toBe(0);
    const collected = runStep(stepNamed(scenario, "runner_results_collect"), "create");
    expect(collected.stderr).toBe("");
    expect(collected.status).toBe(0);
    expect(runStep(stepNamed(scenario, "storage_raw-disk"), "destroy", { env }).status).toBe(0);
  });

  it("kvmbench report scores the scenario against the baseline", () => {
    const report = spawnSync(process.execPath, [join(__dirname, "..", "..", "bin", "kvmbench.js"), "report", results, "--json"], {
      encoding: "utf8",
    });
    expect(report.status).toBe(0);
    const scores = JSON.parse(report.stdout) as {
      scenarios: Array<{ name: string; storage: string; cache: string; bus: string; weightedRead: number; weightedWrite: number }>;
      baseline: { name: string };
    };
    expect(scores.baseline.name).toBe("baseline");
    expect(scores.scenarios).toHaveLength(1);
    expect(scores.scenarios[0]).toMatchObject({ name: "raw-none-virtio", storage: "raw", cache: "none", bus: "virtio" });
    expect(scores.scenarios[0].weightedRead).toBeGreaterThan(0);
    expect(scores.scenarios[0].weightedWrite).toBeGreaterThan(0);
  });
});
