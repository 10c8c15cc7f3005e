/**
 * The ZFS and LVM scripts, as synthesized, run against recording stand-ins for zpool, zfs
 * and lvm on PATH. The "disks" are sparse files: the device guard (wipefs, blkid) and the
 * teardown's wipefs run for real on them.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { shellJoin } from "../../constructs/host/script";
import { Host } from "../../constructs/host/host";
import { BlockDevice, LogicalVolume, LvmVolumeGroup, ZfsDataset, ZfsPool, Zvol } from "../../constructs/storage";
import { synthConforming } from "../support/synth";
import { lockFileOf, runStep, stepNamed, SynthesizedJson } from "../host/support/steps";
import { installStandIns, takeLog } from "./support/stand-ins";
import { hostTempDir } from "../../test-host/host-temp-dir";

const dir = hostTempDir("kvmbench-standins");
/** The "disks" are sparse files: the scripts accept regular files only with this test switch. */
const STAND_IN_DISKS = { KVMBENCH_ALLOW_REGULAR_FILE: "1" };
const state = join(dir, "state");
const PATH = installStandIns(state);
const workdir = join(dir, "work");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function disk(name: string, filesystem = false): string {
  const file = join(dir, `${name}.img`);
  writeFileSync(file, "");
  execFileSync("truncate", ["-s", "32M", file]);
  if (filesystem) execFileSync("mkfs.ext4", ["-q", "-F", file]);
  return file;
}
const hashOf = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const lockOf = lockFileOf;

function zfsStack(name: string, devices: string[], wipe = false) {
  const stack = new TerraformStack(Testing.app(), name);
  const host = new Host(stack, "host", { workdir });
  const disks = devices.map((path, i) => new BlockDevice(stack, `d${i}`, { host, path }));
  const pool = new ZfsPool(stack, "pool", { devices: disks, layout: devices.length > 1 ? "mirror" : "single", wipe });
  const zvol = new Zvol(stack, "zvol", { pool, size: "100GiB", volblocksize: "16K" });
  const ds = new ZfsDataset(stack, "ds", { pool });
  const json = synthConforming(stack, { validate: false }) as unknown as SynthesizedJson;
  return { pool, zvol, ds, poolStep: stepNamed(json, "pool_create"), zvolStep: stepNamed(json, "zvol_create"), dsStep: stepNamed(json, "ds_create") };
}
const run = (step: Parameters<typeof runStep>[0], action: "create" | "destroy", overrides?: Record<string, string>) =>
  runStep(step, action, { path: PATH, overrides, env: STAND_IN_DISKS });

describe("ZFS scripts against stand-ins", () => {
  const a = disk("zfs-a");
  const b = disk("zfs-b");
  const s = zfsStack("zvol-none-virtio", [a, b]);
  const zvolDevice = { DEVICE: join(state, "zvol", "kvmbench", "vm") };

  it("creates the pool with the exact zpool command, then the zvol and dataset", () => {
    takeLog(state);
    expect(run(s.poolStep, "create").status).toBe(0);
    expect(run(s.zvolStep, "create", zvolDevice).status).toBe(0);
    expect(run(s.dsStep, "create").status).toBe(0);
    const log = takeLog(state);
    expect(log).toContain(`zpool create -o ashift=12 -O compression=lz4 -O kvmbench:owner=zvol-none-virtio kvmbench mirror ${a} ${b}`);
    expect(log).toContain("zfs create -V 100G -o volblocksize=16K -o kvmbench:owner=zvol-none-virtio kvmbench/vm");
    expect(log).toContain("zfs create -o kvmbench:owner=zvol-none-virtio kvmbench/images");
    expect(log.filter((l) => l.startsWith("zpool create"))[0]).toBe(shellJoin(s.pool.createCommand));
    expect(readFileSync(lockOf(a), "utf8")).toContain("stack=zvol-none-virtio");
  });

  it("create twice changes nothing", () => {
    for (const [step, o] of [[s.poolStep, undefined], [s.zvolStep, zvolDevice], [s.dsStep, undefined]] as const) {
      const r = run(step, "create", o);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain("already exists");
    }
    expect(takeLog(state).filter((l) => / (create|destroy) /.test(l))).toEqual([]);
  });

  it("another stack cannot take the pool's disks", () => {
    const other = zfsStack("zfs-qcow2-none-virtio", [a, b], true);
    const r = run(other.poolStep, "create");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`device ${a} is in use by stack 'zvol-none-virtio'`);
    expect(takeLog(state).filter((l) => l.startsWith("zpool create"))).toEqual([]);
  });

  it("teardown leaves objects it did not mark", () => {
    const other = zfsStack("someone-else", [a, b]);
    expect(run(other.zvolStep, "destroy").stderr).toContain("leaving kvmbench/vm: it is not this stack's (kvmbench:owner=zvol-none-virtio)");
    expect(run(other.poolStep, "destroy").stderr).toContain("leaving pool kvmbench");
    expect(takeLog(state).filter((l) => / destroy /.test(l))).toEqual([]);
    expect(existsSync(lockOf(a))).toBe(true);
  });

  it("refuses a foreign pool of the same name", () => {
    const c = disk("zfs-c");
    const intruder = zfsStack("intruder", [c]);
    const r = run(intruder.poolStep, "create");
    expect(r.stderr).toContain("a ZFS pool named kvmbench already exists and this stack did not create it (kvmbench:owner=zvol-none-virtio)");
    expect(existsSync(lockOf(c))).toBe(false);
  });

  it("destroys in reverse order, blanks the disks, releases the locks; destroy again is harmless", () => {
    expect(run(s.dsStep, "destroy").status).toBe(0);
    expect(run(s.zvolStep, "destroy", zvolDevice).status).toBe(0);
    expect(run(s.poolStep, "destroy").status).toBe(0);
    const log = takeLog(state);
    expect(log).toEqual(expect.arrayContaining(["zfs destroy kvmbench/images", "zfs destroy kvmbench/vm", "zpool destroy kvmbench", `zpool labelclear -f ${a}`]));
    expect(existsSync(lockOf(a))).toBe(false);
    for (const step of [s.dsStep, s.zvolStep, s.poolStep]) expect(run(step, "destroy").stderr).toContain("nothing to destroy");
  });

  it("refuses disks that carry data unless wipe: true, leaving them untouched", () => {
    const used = disk("zfs-used", true);
    const before = hashOf(used);
    const refused = zfsStack("careful", [used]);
    const r = run(refused.poolStep, "create");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`refusing to use ${used}: it already carries data`);
    expect(takeLog(state).filter((l) => l.startsWith("zpool create"))).toEqual([]);
    expect(hashOf(used)).toBe(before);
    expect(existsSync(lockOf(used))).toBe(false);
    expect(run(refused.poolStep, "destroy").status).toBe(0);
    expect(hashOf(used)).toBe(before);

    const wiped = zfsStack("wiper", [used], true);
    const w = run(wiped.poolStep, "create");
    expect(w.status).toBe(0);
    expect(w.stderr).toContain("wipe: true: erasing the signatures");
    expect(spawnSync("blkid", ["-p", used]).status).toBe(2);
    expect(run(wiped.poolStep, "destroy").status).toBe(0);
  });
});

describe("LVM scripts against stand-ins", () => {
  function lvmStack(name: string, device: string, wipe = false) {
    const stack = new TerraformStack(Testing.app(), name);
    const host = new Host(stack, "host", { workdir });
    const vg = new LvmVolumeGroup(stack, "vg", { devices: [new BlockDevice(stack, "d", { host, path: device })], wipe });
    new LogicalVolume(stack, "lv", { volumeGroup: vg, size: "100GiB" });
    const json = synthConforming(stack, { validate: false }) as unknown as SynthesizedJson;
    return { vgStep: stepNamed(json, "vg_create"), lvStep: stepNamed(json, "lv_create") };
  }
  const dev = disk("lvm-a");
  const s = lvmStack("lvm-none-virtio", dev);
  const lvDevice = { DEVICE: join(state, "dev", "kvmbench", "vm") };

  it("creates a tagged VG and LV with the exact commands; again changes nothing", () => {
    takeLog(state);
    expect(run(s.vgStep, "create").status).toBe(0);
    expect(run(s.lvStep, "create", lvDevice).status).toBe(0);
    const log = takeLog(state);
    expect(log).toContain(`lvm vgcreate --yes --addtag kvmbench:owner=lvm-none-virtio kvmbench ${dev}`);
    expect(log).toContain("lvm lvcreate --yes --addtag kvmbench:owner=lvm-none-virtio --name vm --size 100g kvmbench");
    expect(run(s.vgStep, "create").stderr).toContain("volume group kvmbench already exists");
    expect(run(s.lvStep, "create", lvDevice).stderr).toContain("logical volume kvmbench/vm already exists");
    expect(takeLog(state).filter((l) => /create /.test(l))).toEqual([]);
  });

  it("another stack is refused the device, and its teardown touches nothing", () => {
    const other = lvmStack("lvm-writeback-virtio", dev, true);
    expect(run(other.vgStep, "create").stderr).toContain(`device ${dev} is in use by stack 'lvm-none-virtio'`);
    expect(run(other.lvStep, "destroy", lvDevice).stderr).toContain("does not carry this stack's tag");
    expect(run(other.vgStep, "destroy").stderr).toContain("does not carry this stack's tag");
    expect(takeLog(state).filter((l) => /remove/.test(l))).toEqual([]);
  });

  it("will not remove a VG that still holds volumes it did not make", () => {
    execFileSync(join(state, "bin", "lvm"), ["lvcreate", "--name", "foreign", "--size", "1g", "kvmbench"], { env: { PATH } });
    const r = run(s.vgStep, "destroy");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/volume group kvmbench still holds logical volumes kvmbench did not remove \(.*foreign.*\)/);
    execFileSync(join(state, "bin", "lvm"), ["lvremove", "-y", "kvmbench/foreign"], { env: { PATH } });
  });

  it("tears down LV then VG, blanks the device, releases the lock; again is harmless", () => {
    takeLog(state);
    expect(run(s.lvStep, "destroy", lvDevice).status).toBe(0);
    expect(run(s.vgStep, "destroy").status).toBe(0);
    expect(takeLog(state)).toEqual(expect.arrayContaining(["lvm lvremove -y kvmbench/vm", "lvm vgremove kvmbench", `lvm pvremove -y ${dev}`]));
    expect(existsSync(lockOf(dev))).toBe(false);
    expect(run(s.vgStep, "destroy").stderr).toContain("nothing to destroy");
    expect(run(s.lvStep, "destroy", lvDevice).stderr).toContain("nothing to destroy");
  });

  it("refuses a device with data unless wipe: true", () => {
    const used = disk("lvm-used", true);
    const before = hashOf(used);
    const r = run(lvmStack("careful-lvm", used).vgStep, "create");
    expect(r.stderr).toContain(`refusing to use ${used}`);
    expect(hashOf(used)).toBe(before);
    expect(takeLog(state).filter((l) => l.includes("vgcreate"))).toEqual([]);
    expect(run(lvmStack("wipe-lvm", used, true).vgStep, "create").status).toBe(0);
    expect(spawnSync("blkid", ["-p", used]).status).toBe(2);
  });
});
