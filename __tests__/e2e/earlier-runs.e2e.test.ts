/**
 * What a killed test run leaves (its folder, a domain that logs into it with its volumes, a loop
 * device over a file in it) is removed before the next run deploys, and nothing of a run still
 * going is touched.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { clearEarlierRuns } from "../../test-host/earlier-runs";
import { OWNER_FILE, hostTempDir } from "../../test-host/host-temp-dir";
import { URI } from "../../test-host/host-paths";
import { LoopDevices } from "../../test-host/loop-devices";
import { assertTestHost } from "../../test-host/machine";

const DOMAIN = "kvmbench-earlier-run-check";
const VOLUME = `${DOMAIN}-boot.qcow2`;
const virsh = (...args: string[]) => spawnSync("virsh", ["-q", "-c", URI, ...args], { encoding: "utf8" });

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" });
  return Number(child.stdout.trim());
}

function loopBackedBy(file: string): string | undefined {
  const listing = execFileSync("losetup", ["--list", "--noheadings", "--output", "NAME,BACK-FILE"], { encoding: "utf8" });
  return listing.split("\n").map((line) => line.trim().split(/\s+/)).find(([, backing]) => backing === file)?.[0];
}

describe("what killed test runs left", () => {
  let dead: string;
  let live: string;
  let liveLoops: LoopDevices;
  beforeAll(() => {
    assertTestHost();
    dead = hostTempDir("kvmbench-e2e-killed");
    writeFileSync(join(dead, OWNER_FILE), `${deadPid()}\n`);
    new LoopDevices(dead).create("disk1", 8 * 1024 * 1024);
    const xml = `<domain type='qemu'><name>${DOMAIN}</name><memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os>
      <devices><serial type='pty'><log file='${join(dead, "console.log")}' append='on'/></serial></devices></domain>`;
    writeFileSync(join(dead, "domain.xml"), xml);
    if (virsh("define", join(dead, "domain.xml")).status !== 0) throw new Error(`virsh define failed: ${virsh("define", join(dead, "domain.xml")).stderr}`);
    const volume = virsh("vol-create-as", "default", VOLUME, "1M", "--format", "qcow2");
    if (volume.status !== 0) throw new Error(`virsh vol-create-as failed: ${volume.stderr}`);
    live = hostTempDir("kvmbench-e2e-running");
    liveLoops = new LoopDevices(live);
    liveLoops.create("disk1", 8 * 1024 * 1024);
  });
  afterAll(() => {
    virsh("undefine", DOMAIN);
    virsh("vol-delete", "--pool", "default", VOLUME);
    liveLoops?.detachAll();
    const loop = dead ? loopBackedBy(join(dead, "disk1.img")) : undefined;
    if (loop) spawnSync("losetup", ["-d", loop]);
    execFileSync("rm", ["-rf", dead, live].filter(Boolean));
  });

  it("removes the dead run's domain, its volumes, loop device and folder, and leaves the running one's", () => {
    const removed = clearEarlierRuns();
    expect(removed).toEqual(expect.arrayContaining([`domain ${DOMAIN}`, `volume default/${VOLUME}`, `folder ${dead}`]));
    expect(removed.some((line) => line.startsWith("loop device "))).toBe(true);
    expect(virsh("dominfo", DOMAIN).status).not.toBe(0);
    expect(virsh("vol-info", "--pool", "default", VOLUME).status).not.toBe(0);
    expect(existsSync(dead)).toBe(false);
    expect(loopBackedBy(join(dead, "disk1.img"))).toBeUndefined();
    expect(existsSync(live)).toBe(true);
    expect(loopBackedBy(join(live, "disk1.img"))).toBeDefined();
    expect(removed.filter((line) => line.includes(live))).toEqual([]);
  });
});
