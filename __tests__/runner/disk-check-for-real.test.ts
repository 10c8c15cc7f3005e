/**
 * A check-mode scenario's disk check through its synthesized steps as Terraform would run them,
 * against tiny domains started on this machine's libvirt in place of the scenario's guest (no OS,
 * TCG: a few seconds each): the inspect step records the disks and stops the domain, then the
 * collector (collect.sh, collect-cli) judges the records and writes the result file, or fails
 * naming what differed. Needs root, losetup and libvirtd (skipped without, as the loop tests are).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckResultFile } from "../../results/check-result-file";
import { canUseLoopDevices, LoopDevices } from "../../test-host/loop-devices";
import { sharedTempDir } from "../../test-host/machine";
import { runStep, stepNamed, type SynthesizedJson } from "../host/support/steps";
import { canStartDomains, domainState, qcow2Image, removeDevDomain, startDevDomain, type DevDisk } from "../support/check-dev-domains";
import { synthLoopStudy } from "../support/loop-study";

const describeForReal = canUseLoopDevices && canStartDomains ? describe : describe.skip;
const SCENARIO = "raw-none-virtio";

describeForReal("a disk check on a running domain", () => {
  let dir = "";
  let loops: LoopDevices;
  let device = "";
  let scenario: SynthesizedJson;
  let bootImage = "";
  const domain = `check-dev-${process.pid}-raw`;
  const env = () => ({ KVMBENCH_DROP_CACHES_PATH: join(dir, "drop_caches"), KVMBENCH_ZFS_PARAMS_DIR: join(dir, "no-zfs") });
  const inspect = () => stepNamed(scenario, "disk-check_inspect");
  const collect = () => stepNamed(scenario, "disk-check_results_collect");
  const resultPath = () => join(dir, "results", `${SCENARIO}.json`);
  const dut = (cache: DevDisk["cache"]): DevDisk => ({ serial: "kvmbench-dut", source: { type: "block", path: device }, format: "raw", bus: "virtio", cache, target: "vdb" });
  // virsh as Terraform's local-exec ran it here: warning on standard error before each answer.
  const warningVirsh = () => {
    const bin = join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    const real = execFileSync("sh", ["-c", "command -v virsh"], { encoding: "utf8" }).trim();
    writeFileSync(join(bin, "virsh"), `#!/bin/sh\necho "Authorization not available. Check if polkit service is running or see debug message for more information." >&2\nexec ${real} "$@"\n`, { mode: 0o755 });
    return `${bin}:${process.env.PATH ?? ""}`;
  };
  const runInspect = () => runStep(inspect(), "create", { overrides: { DOMAIN: domain, START_TIMEOUT: "20" }, env: env(), path: warningVirsh() });

  beforeAll(() => {
    dir = sharedTempDir("kvmbench-disk-check");
    loops = new LoopDevices(dir);
    device = loops.create("disk", 64 * 1024 * 1024);
    bootImage = qcow2Image(join(dir, "boot.qcow2"));
    scenario = synthLoopStudy(dir, device, "check")(SCENARIO);
  });
  afterEach(() => removeDevDomain(domain));
  afterAll(() => {
    removeDevDomain(domain);
    loops?.detachAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("records the running domain's disks and stops it (virsh warning on standard error or not); the collector finds the disk as the scenario says", () => {
    for (const step of ["storage_raw-disk", "disk-check_prepare"]) {
      const run = runStep(stepNamed(scenario, step), "create", { env: env() });
      expect({ step, status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ step, status: 0, stderr: "" });
    }
    startDevDomain(domain, dir, bootImage, dut("none"));

    const inspected = runInspect();
    expect(inspected.stderr).toContain(`disk check: recorded the disks of ${domain}`);
    expect(inspected.status).toBe(0);
    expect(domainState(domain)).toBe("shut off");
    const records = inspect().input;
    expect(readFileSync(records.DOMAIN_XML, "utf8")).toContain("<serial>kvmbench-dut</serial>");
    expect(readFileSync(records.WRITE_CACHE, "utf8")).toMatch(/^virtio-disk1 \{"return":"on"/m);
    expect(readFileSync(records.QEMU_PROCESS, "utf8")).toMatch(new RegExp(`^source ${device} ${device}$`, "m"));

    const collected = runStep(collect(), "create");
    expect(collected.stderr).toContain(`kvmbench collect: disk check of ${SCENARIO} passed (`);
    expect(collected.stderr).toContain(`QEMU opened block ${device} (raw) on virtio, cache=none (O_DIRECT, write cache on), io=default; domain ${domain} stopped, no benchmark ran`);
    expect(collected.status).toBe(0);
    const result = JSON.parse(readFileSync(resultPath(), "utf8")) as CheckResultFile;
    expect(result).toMatchObject({ format: "kvmbench-result", kind: "check", scenario: SCENARIO, check: { domain, ok: true }, caches: { pageCacheDropped: true } });
    expect(result.configuration).toMatchObject({ attachment: { bus: "virtio", cache: "none" }, benchmark: { mode: "check" } });
    expect(result.check.findings.filter((f) => !f.ok)).toEqual([]);
    expect(result.check.findings).toContainEqual({ what: "O_DIRECT on QEMU's open file (fdinfo; cache=none)", expected: "on", found: "on", ok: true });
  });

  it("fails the collector, naming what differed, when QEMU opened the disk with another cache mode", () => {
    startDevDomain(domain, dir, bootImage, dut("writeback"));
    expect(runInspect().status).toBe(0);

    const collected = runStep(collect(), "create");
    expect(collected.status).toBe(1);
    expect(collected.stderr).toContain(`kvmbench collect: the disk check of ${SCENARIO} failed: 3 of 15 checks differ from the scenario:\n`);
    expect(collected.stderr).toContain("  cache in the domain XML: expected none, found writeback\n");
    expect(collected.stderr).toContain("  O_DIRECT in QEMU: cache.direct (query-block; cache=none): expected on, found off\n");
    expect(collected.stderr).toContain("  O_DIRECT on QEMU's open file (fdinfo; cache=none): expected on, found off\n");
    expect(collected.stderr).toContain(`every check and the records it judged are in ${resultPath()}`);
    expect((JSON.parse(readFileSync(resultPath(), "utf8")) as CheckResultFile).check.ok).toBe(false);
  });

  it("fails the step with the reason and the console log's end when the domain is not running", () => {
    const records = inspect().input;
    writeFileSync(records.CONSOLE_LOG, "[    2.1] Kernel panic - not syncing: VFS: Unable to mount root fs\n");

    const inspected = runStep(inspect(), "create", { overrides: { DOMAIN: domain, START_TIMEOUT: "2" }, env: { ...env(), KVMBENCH_POLL_INTERVAL: "1" } });
    expect(inspected.status).toBe(1);
    expect(inspected.stderr).toContain(`disk check failed: domain ${domain} is not running after 2s (virsh domstate: error: failed to get domain '${domain}')`);
    expect(inspected.stderr).toContain("  | [    2.1] Kernel panic - not syncing: VFS: Unable to mount root fs");
    expect(readFileSync(records.FAILED_FILE, "utf8")).toContain("is not running after 2s");
    expect(existsSync(records.DOMAIN_XML)).toBe(false);
  });
});
