/**
 * The filesystem script, run for real as synthesized, against loop devices (root needed).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { BlockDevice, Filesystem, FilesystemType, RawDisk } from "../../constructs/storage";
import { synthConforming } from "../support/synth";
import { lockFileOf, runStep, stepNamed, SynthesizedJson, SynthesizedStep } from "../host/support/steps";
import { hostTempDir } from "../../test-host/host-temp-dir";

const canRun = process.getuid?.() === 0 && spawnSync("losetup", ["--version"]).status === 0;
const describeLoop = canRun ? describe : describe.skip;

const dir = hostTempDir("kvmbench-loop");
const loops: string[] = [];

/** Sparse loop devices; 400 MiB by default because mkfs.xfs wants more than 300 MB. */
function newLoop(name: string, size = 400 * 1024 * 1024): string {
  const file = join(dir, `${name}.img`);
  writeFileSync(file, "");
  execFileSync("truncate", ["-s", String(size), file]);
  const loop = execFileSync("losetup", ["-f", "--show", file], { encoding: "utf8" }).trim();
  loops.push(loop);
  return loop;
}

const hashOf = (dev: string) => createHash("sha256").update(readFileSync(dev)).digest("hex");
const signatures = (dev: string) => spawnSync("blkid", ["-p", "-o", "export", dev], { encoding: "utf8" });

function stepFor(stackName: string, type: FilesystemType, device: string, wipe = false): SynthesizedStep {
  const stack = new TerraformStack(Testing.app(), stackName);
  const host = new Host(stack, "host", { workdir: join(dir, "work") });
  const disk = new BlockDevice(stack, "disk", { host, path: device });
  new Filesystem(stack, "fs", { device: disk, type, wipe, mountpoint: join(dir, "mnt", `${stackName}-${type}`) });
  return stepNamed(synthConforming(stack) as unknown as SynthesizedJson, "fs_create");
}

afterAll(() => {
  for (const m of spawnSync("findmnt", ["-rn", "-o", "TARGET"], { encoding: "utf8" }).stdout.split("\n")) {
    if (m.startsWith(dir)) spawnSync("umount", ["-l", m]);
  }
  for (const loop of loops) spawnSync("losetup", ["-d", loop]);
  rmSync(dir, { recursive: true, force: true });
});

describeLoop.each(["ext4", "xfs"] as const)("%s on a loop device, for real", (type) => {
  const stack = `${type}-qcow2-none-virtio`;
  let loop: string;
  let step: SynthesizedStep;

  beforeAll(() => {
    loop = newLoop(`${type}-disk`);
    step = stepFor(stack, type, loop);
  });

  it("creates, mounts and marks the filesystem", () => {
    const r = runStep(step, "create");
    expect(r.stderr).not.toContain("ERROR");
    expect(r.status).toBe(0);
    expect(signatures(loop).stdout).toContain(`TYPE=${type}`);
    expect(signatures(loop).stdout).toContain(`UUID=${step.input.FS_UUID}`);
    const mounted = spawnSync("findmnt", ["-n", "-o", "SOURCE,FSTYPE", "--mountpoint", step.input.MOUNTPOINT], { encoding: "utf8" }).stdout;
    expect(mounted).toContain(type);
    expect(readFileSync(join(step.input.MOUNTPOINT, ".kvmbench-owner"), "utf8")).toContain(`stack=${stack}`);
    expect(readFileSync(lockFileOf(loop), "utf8")).toContain(`stack=${stack}`);
  });

  it("create again changes nothing", () => {
    writeFileSync(join(step.input.MOUNTPOINT, "data"), "kept");
    const r = runStep(step, "create");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("already on");
    expect(r.stderr).toContain("already mounted");
    expect(r.stderr).not.toContain("running: mkfs");
    expect(readFileSync(join(step.input.MOUNTPOINT, "data"), "utf8")).toBe("kept");
  });

  it("another stack cannot take the device while this one holds it", () => {
    const other = stepFor("other-stack", type, loop, true);
    const r = runStep(other, "create");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`device ${loop} is in use by stack '${stack}'`);
    expect(signatures(loop).stdout).toContain(`UUID=${step.input.FS_UUID}`);
  });

  it("destroy unmounts, leaves the device blank and releases the lock; destroy again is harmless", () => {
    const r = runStep(step, "destroy");
    expect(r.status).toBe(0);
    expect(spawnSync("findmnt", ["--mountpoint", step.input.MOUNTPOINT]).status).not.toBe(0);
    expect(signatures(loop).status).toBe(2); // blkid: nothing found
    expect(existsSync(lockFileOf(loop))).toBe(false);
    expect(runStep(step, "destroy").status).toBe(0);
  });

  it("refuses a device that already has a filesystem, leaving it byte-for-byte untouched", () => {
    const used = newLoop(`${type}-used`, 64 * 1024 * 1024);
    execFileSync("mkfs.ext4", ["-q", "-L", "somebodys", used]);
    const before = hashOf(used);
    const s = stepFor("careful", type, used);
    const r = runStep(s, "create");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`refusing to use ${used}: it already carries data`);
    expect(r.stderr).toContain("Set wipe: true");
    expect(hashOf(used)).toBe(before);
    // the refused device is not left locked
    expect(existsSync(lockFileOf(used))).toBe(false);
    // destroy after the failed create leaves the foreign filesystem alone
    expect(runStep(s, "destroy").status).toBe(0);
    expect(hashOf(used)).toBe(before);
  });

  it("erases it with wipe: true, and tears down to blank", () => {
    const used = newLoop(`${type}-wipe`);
    execFileSync("mkfs.ext4", ["-q", "-L", "old", used]);
    const s = stepFor("wiper", type, used, true);
    const r = runStep(s, "create");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("wipe: true: erasing the signatures");
    expect(signatures(used).stdout).toContain(`UUID=${s.input.FS_UUID}`);
    expect(runStep(s, "destroy").status).toBe(0);
    expect(signatures(used).status).toBe(2);
  });
});

describeLoop("raw disk on a loop device, for real", () => {
  function rawStep(stackName: string, device: string, wipe = false): SynthesizedStep {
    const stack = new TerraformStack(Testing.app(), stackName);
    const host = new Host(stack, "host", { workdir: join(dir, "work") });
    new RawDisk(stack, "raw", { device: new BlockDevice(stack, "disk", { host, path: device }), wipe });
    return stepNamed(synthConforming(stack) as unknown as SynthesizedJson, "raw_claim");
  }

  it("claims a blank disk, is idempotent, blanks what the guest left on teardown", () => {
    const loop = newLoop("raw");
    const s = rawStep("raw-none-virtio", loop);
    expect(runStep(s, "create").status).toBe(0);
    expect(runStep(s, "create").stderr).toContain("already this stack's raw disk");
    execFileSync("mkfs.ext4", ["-q", loop]); // what a guest might leave
    const other = rawStep("raw-writeback-virtio", loop);
    expect(runStep(other, "create").stderr).toContain("in use by stack 'raw-none-virtio'");
    expect(runStep(other, "destroy").status).toBe(0);
    expect(signatures(loop).status).toBe(0); // the other stack's destroy did not touch it
    expect(runStep(s, "destroy").status).toBe(0);
    expect(signatures(loop).status).toBe(2);
    expect(runStep(other, "create").status).toBe(0);
    expect(runStep(other, "destroy").status).toBe(0);
  });

  it("refuses a disk with data and leaves it untouched", () => {
    const loop = newLoop("raw-used", 32 * 1024 * 1024);
    execFileSync("mkfs.ext4", ["-q", loop]);
    const before = hashOf(loop);
    const r = runStep(rawStep("raw-x", loop), "create");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`refusing to use ${loop}`);
    expect(hashOf(loop)).toBe(before);
  });
});
