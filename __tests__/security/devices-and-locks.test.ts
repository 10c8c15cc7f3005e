/**
 * Findings 4 and 5 of issue 12 and the device classes of issue 20, for real on loop devices: a
 * host step uses only block devices under /dev reached through folders only root can change,
 * resolved to their node once, before any guard or lock, and every later command uses that node;
 * locks are host-wide and per whole disk, so two studies (two workdirs), two names of one disk,
 * or a disk and its partition never share it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { renderHostScript } from "../../constructs/host/script";
import { BlockDevice, Filesystem, RawDisk } from "../../constructs/storage";
import { storageScript } from "../../constructs/storage/scripts";
import { hostEnvironment, lockFileOf, runStep, stepNamed, SynthesizedJson, SynthesizedStep } from "../host/support/steps";
import { canUseLoopDevices, contentHash, LoopDevices, unmountBelow } from "../support/loop-devices";
import { synthConforming } from "../support/synth";
import { hostTempDir } from "../../test-host/host-temp-dir";

const describeLoop = canUseLoopDevices ? describe : describe.skip;
const dir = hostTempDir("kvmbench-devices");
const loops = new LoopDevices(dir);
afterAll(() => {
  unmountBelow(dir);
  loops.detachAll();
  rmSync(dir, { recursive: true, force: true });
});

function rawStep(stack: string, workdir: string, device: string): SynthesizedStep {
  const s = new TerraformStack(Testing.app(), stack);
  const host = new Host(s, "host", { workdir });
  new RawDisk(s, "raw", { device: new BlockDevice(s, "disk", { host, path: device }) });
  return stepNamed(synthConforming(s) as unknown as SynthesizedJson, "raw_claim");
}

function filesystemStep(stack: string, device: string): SynthesizedStep {
  const s = new TerraformStack(Testing.app(), stack);
  const host = new Host(s, "host", { workdir: join(dir, "work") });
  new Filesystem(s, "fs", { device: new BlockDevice(s, "disk", { host, path: device }), type: "ext4", mountpoint: join(dir, "mnt", stack) });
  return stepNamed(synthConforming(s) as unknown as SynthesizedJson, "fs_create");
}

/** A regular file full of data, standing where a disk should be. */
function dataFile(name: string): string {
  const file = join(dir, name);
  writeFileSync(file, Buffer.alloc(8 * 1024 * 1024, "precious data\n"));
  return file;
}

describeLoop("finding 4: a device is a block device under /dev, or nothing is touched", () => {
  it("refuses /dev/../<a regular file> before guard, lock or mkfs; the file is unchanged", () => {
    const victim = dataFile("victim-dotdot");
    const before = contentHash(victim);
    const step = filesystemStep("dotdot", "/dev/disk/by-id/placeholder");
    const r = runStep(step, "create", { overrides: { DEVICE: `/dev/..${victim}`, LOCK_DEVICES: `/dev/..${victim}` } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`refusing /dev/..${victim}: it resolves to ${victim}, which is not a block device under /dev`);
    expect(r.stderr).not.toContain("running: mkfs");
    expect(contentHash(victim)).toBe(before);
    expect(existsSync(lockFileOf(victim))).toBe(false);
  });

  it("refuses a by-id style link that resolves to a regular file", () => {
    const victim = dataFile("victim-link");
    const link = join(dir, "ata-LOOKS_LIKE_A_DISK");
    symlinkSync(victim, link);
    const before = contentHash(victim);
    const r = runStep(rawStep("link", join(dir, "work"), "/dev/disk/by-id/placeholder"), "create", { overrides: { DEVICE: link } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`it resolves to ${victim}, which is not a block device under /dev`);
    expect(contentHash(victim)).toBe(before);
  });

  it("the study's paths never get that far: the constructs refuse them at synth", () => {
    const s = new TerraformStack(Testing.app(), "paths");
    const host = new Host(s, "host");
    new BlockDevice(s, "passwd", { host, path: "/dev/../etc/passwd" });
    new BlockDevice(s, "space", { host, path: "/dev/disk/by-id/a b;c" });
    expect(() => synthConforming(s)).toThrow(/"\/dev\/\.\.\/etc\/passwd" is not normalised[\s\S]*"\/dev\/disk\/by-id\/a b;c" has characters other than/);
  });
});

describeLoop("finding 5: locks are host-wide, per device node", () => {
  it("a second study (another workdir) cannot claim a disk the first holds; the first's teardown still works", () => {
    const disk = loops.create("shared", 64 * 1024 * 1024);
    const first = rawStep("raw-none-virtio", join(dir, "study-a"), disk);
    const second = rawStep("raw-writeback-virtio", join(dir, "study-b"), disk);
    expect(runStep(first, "create").status).toBe(0);
    const refused = runStep(second, "create");
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`device ${disk} is in use by stack 'raw-none-virtio' of workdir ${join(dir, "study-a")}`);
    expect(runStep(second, "destroy").stderr).toContain("this stack does not hold");
    expect(readFileSync(lockFileOf(disk), "utf8")).toContain(`workdir=${join(dir, "study-a")}`);
    expect(runStep(first, "destroy").status).toBe(0);
    expect(existsSync(lockFileOf(disk))).toBe(false);
  });

  it("the same stack name in another workdir is another holder", () => {
    const disk = loops.create("same-name", 64 * 1024 * 1024);
    const first = rawStep("raw-none-virtio", join(dir, "study-c"), disk);
    const twin = rawStep("raw-none-virtio", join(dir, "study-d"), disk);
    expect(runStep(first, "create").status).toBe(0);
    const refused = runStep(twin, "create");
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`is in use by stack 'raw-none-virtio' of workdir ${join(dir, "study-c")}`);
    expect(runStep(first, "destroy").status).toBe(0);
  });

  it("two names of one disk share one lock: the link resolves to the node first", () => {
    const disk = loops.create("two-names", 64 * 1024 * 1024);
    const byId = join(dir, "by-id");
    mkdirSync(byId, { recursive: true });
    const link = join(byId, "ata-SECOND_NAME");
    symlinkSync(disk, link);
    const first = rawStep("via-node", join(dir, "work"), disk);
    const second = rawStep("via-link", join(dir, "work"), "/dev/disk/by-id/placeholder");
    expect(runStep(first, "create").status).toBe(0);
    const refused = runStep(second, "create", { overrides: { DEVICE: link } });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`device ${link} is in use by stack 'via-node'`);
    expect(runStep(first, "destroy").status).toBe(0);
  });

  it("the lock directory is one per host, /var/lib/kvmbench/locks, whatever the workdir", () => {
    const script = renderHostScript(storageScript("raw-disk.sh")).replace(/\n"\$KB_ACTION"\n?$/, "\n");
    const r = spawnSync("bash", ["-c", `${script}\nkb_lock_file /dev/null`], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, KVMBENCH_STACK: "s", KVMBENCH_WORKDIR: "/srv/elsewhere", KB_ACTION: "none" },
    });
    expect(r.stdout).toBe("/var/lib/kvmbench/locks/dev_null.lock");
  });
});

/** A loop device over a file with one partition (losetup -P): the disk and its partition's node. */
function partitionedDisk(name: string): { disk: string; partition: string } {
  const file = join(dir, `${name}.img`);
  execFileSync("truncate", ["-s", String(64 * 1024 * 1024), file]);
  execFileSync("sfdisk", ["-q", file], { input: "label: dos\n,\n" });
  const disk = execFileSync("losetup", ["-f", "--show", "-P", file], { encoding: "utf8" }).trim();
  partitionedLoops.push(disk);
  const partition = `${disk}p1`;
  // some kernels scan a loop device's partitions only when asked
  if (!existsSync(partition)) spawnSync("partx", ["-a", disk]);
  expect(existsSync(partition)).toBe(true);
  return { disk, partition };
}
const partitionedLoops: string[] = [];
afterAll(() =>
  partitionedLoops.forEach((loop) => {
    spawnSync("partx", ["-d", loop]);
    spawnSync("losetup", ["-d", loop]);
  }),
);

/** Runs lib.sh's functions with `body` in a step's environment (as root's scripts do). */
function withLibrary(body: string): ReturnType<typeof spawnSync> {
  const library = renderHostScript(storageScript("raw-disk.sh")).replace(/\n"\$KB_ACTION"\n?$/, "\n");
  return spawnSync("bash", ["-c", `set -euo pipefail\n${library}\n${body}`], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...hostEnvironment(), KVMBENCH_STACK: "library", KVMBENCH_WORKDIR: join(dir, "work"), KB_ACTION: "none" },
  });
}

describeLoop("issue 20: devices in folders other users write, and the node that was checked", () => {
  it.each(["/dev/shm", "/tmp"])("refuses a link in %s to a real disk, before guard or lock", (folder) => {
    const disk = loops.create(`via-${folder.slice(1).replace("/", "-")}`, 64 * 1024 * 1024);
    const link = join(folder, `kvmbench-test-${process.pid}-${folder.length}`);
    symlinkSync(disk, link);
    try {
      const r = runStep(rawStep("shared-folder", join(dir, "work"), "/dev/disk/by-id/placeholder"), "create", { overrides: { DEVICE: link } });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`refusing device ${link}: ${folder} belongs to uid 0 with mode 1777; every folder on the way must be root's and writable by nobody else`));
      expect(existsSync(lockFileOf(disk))).toBe(false);
    } finally {
      rmSync(link);
    }
  });

  it("a link re-pointed after the check: mkfs formats the node that was checked, not the new target", () => {
    const checked = loops.create("checked", 64 * 1024 * 1024);
    const other = loops.create("swapped-in", 64 * 1024 * 1024);
    const otherBefore = contentHash(other);
    const links = join(dir, "links");
    mkdirSync(links, { recursive: true });
    const link = join(links, "ata-SWAPPED");
    symlinkSync(checked, link);
    const r = withLibrary(`kb_lock "${link}"; kb_guard "${link}" 0; ln -sfn "${other}" "${link}"; kb_run_lines $'mkfs.ext4\n-q\n${link}'; kb_unlock "${link}"`);
    expect(r.stderr).toContain(`running: mkfs.ext4 -q ${checked}`);
    expect(r.status).toBe(0);
    expect(execFileSync("blkid", ["-p", "-o", "value", "-s", "TYPE", checked], { encoding: "utf8" }).trim()).toBe("ext4");
    expect(contentHash(other)).toBe(otherBefore);
  });
});

describe("issue 20: a workdir or directory whose folders another user could change", () => {
  const step = () => rawStep("workdir-check", join(dir, "work"), "/dev/disk/by-id/placeholder");

  it.each([
    ["writable by others", 0o777, undefined],
    ["writable by its group", 0o775, undefined],
    ["another user's", 0o755, 12345],
  ])("refuses a workdir below a folder %s, before anything else", (_what, mode, owner) => {
    const folder = join(dir, `shared-${mode.toString(8)}-${owner ?? "self"}`);
    mkdirSync(folder);
    chmodSync(folder, mode);
    if (owner !== undefined) {
      if (process.getuid?.() !== 0) return;
      chownSync(folder, owner, owner);
    }
    const workdir = join(folder, "kvmbench");
    const r = runStep(step(), "create", { overrides: { KVMBENCH_WORKDIR: workdir, DEVICE: "/dev/sdz" } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`refusing workdir ${workdir}: ${folder} belongs to uid ${owner ?? process.getuid?.()} with mode ${mode.toString(8)}`);
    expect(r.stderr).not.toContain("/dev/sdz");
    expect(existsSync(workdir)).toBe(false);
  });

  it("a link on the way is judged where it leads", () => {
    const target = join(dir, "open-target");
    mkdirSync(target);
    chmodSync(target, 0o777);
    const link = join(dir, "tidy-looking-link");
    symlinkSync(target, link);
    const r = runStep(step(), "create", { overrides: { KVMBENCH_WORKDIR: join(link, "kvmbench") } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`with mode 777; every folder on the way must be root's and writable by nobody else`);
  });
});

describeLoop("issue 20: a partition locks its disk", () => {
  it("a disk and its partition in two stacks (or two studies): the second is refused", () => {
    const { disk, partition } = partitionedDisk("part-two-stacks");
    const onPartition = rawStep("raw-part-virtio", join(dir, "study-e"), partition);
    const onDisk = rawStep("raw-disk-virtio", join(dir, "study-f"), disk);
    expect(runStep(onPartition, "create").status).toBe(0);
    const refused = runStep(onDisk, "create");
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`device ${disk} is in use by stack 'raw-part-virtio' of workdir ${join(dir, "study-e")} (lock ${lockFileOf(disk)}, disk ${disk}, as ${partition})`);
    expect(runStep(onDisk, "destroy").stderr).toContain("this stack does not hold");
    expect(runStep(onPartition, "destroy").status).toBe(0);
    expect(existsSync(lockFileOf(disk))).toBe(false);
  });

  it("a disk and its partition in one step: one disk, one device", () => {
    const { disk, partition } = partitionedDisk("part-one-step");
    const step = filesystemStep("one-step", "/dev/disk/by-id/placeholder");
    const r = runStep(step, "create", { overrides: { DEVICE: partition, LOCK_DEVICES: `${partition}\n${disk}` } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`device ${disk} (${disk}) is on disk ${disk}, which this stack already holds for ${partition}: one disk, one device`);
    expect(r.stderr).not.toContain("running: mkfs");
    // the failed create released the lock it took
    expect(existsSync(lockFileOf(disk))).toBe(false);
  });
});

describeLoop("finding 3: mkfs options stay on the declared device", () => {
  it("the Filesystem construct refuses options naming another device or path", () => {
    const s = new TerraformStack(Testing.app(), "options");
    const host = new Host(s, "host");
    const disk = new BlockDevice(s, "disk", { host, path: "/dev/disk/by-id/ata-X" });
    new Filesystem(s, "xfs", { device: disk, type: "xfs", mkfsOptions: ["-l", "logdev=/dev/loop9"] });
    new Filesystem(s, "ext4", { device: disk, type: "ext4", mkfsOptions: ["-J", "device=/dev/loop9"], mountOptions: ["journal_path=/dev/loop9"] });
    expect(() => synthConforming(s)).toThrow(/-l logdev= is refused: it names another device[\s\S]*-J device= is refused[\s\S]*"journal_path" is not an allowed ext4 mount option/);
  });

  it.each([
    ["xfs", ["-K", "-l", "size=64m,lazy-count=1", "-i", "size=512", "-m", "crc=1,reflink=0"], ["noatime", "logbsize=256k"]],
    ["ext4", ["-E", "lazy_itable_init=0,nodiscard", "-m", "0", "-O", "^metadata_csum", "-b", "4096"], ["noatime", "data=writeback", "commit=30"]],
  ] as const)("allowed %s options format and mount the declared loop device only", (type, mkfsOptions, mountOptions) => {
    const disk = loops.create(`allowed-${type}`);
    const bystander = loops.create(`bystander-${type}`, 64 * 1024 * 1024);
    execFileSync("mkfs.ext4", ["-q", "-L", "bystander", bystander]);
    const before = contentHash(bystander);
    const s = new TerraformStack(Testing.app(), `allowed-${type}`);
    const host = new Host(s, "host", { workdir: join(dir, "work") });
    new Filesystem(s, "fs", { device: new BlockDevice(s, "disk", { host, path: disk }), type, mkfsOptions: [...mkfsOptions], mountOptions: [...mountOptions], mountpoint: join(dir, "mnt", `allowed-${type}`) });
    const step = stepNamed(synthConforming(s) as unknown as SynthesizedJson, "fs_create");
    const created = runStep(step, "create");
    expect(created.stderr).not.toContain("ERROR");
    expect(created.status).toBe(0);
    expect(runStep(step, "destroy").status).toBe(0);
    expect(contentHash(bystander)).toBe(before);
  });
});
