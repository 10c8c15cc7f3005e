/**
 * Storage that already exists on the host (`ZfsPool.fromName`, `LvmVolumeGroup.fromName`,
 * `ZfsDataset.fromName`, `DirectoryPool.fromName`): the imports synthesize nothing of their own,
 * what is made in them makes only itself, and on the host (the scripts run against the recording
 * stand-ins for zpool, zfs and lvm) its teardown leaves the existing object alone.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { shellJoin } from "../../constructs/host/script";
import { DirectoryPool, DiskImage, LogicalVolume, LvmVolumeGroup, ZfsDataset, ZfsPool, Zvol } from "../../constructs/storage";
import { allSteps, runStep, stepNamed, SynthesizedJson } from "../host/support/steps";
import { synthConforming } from "../support/synth";
import { installStandIns, takeLog } from "./support/stand-ins";
import { validationErrors } from "./support/stacks";

const synth = (stack: TerraformStack) => synthConforming(stack) as unknown as SynthesizedJson;

function newStack(name = "s", openZfsVersion?: string): { stack: TerraformStack; host: Host } {
  const stack = new TerraformStack(Testing.app(), name);
  return { stack, host: new Host(stack, "host", { openZfsVersion }) };
}

describe("imports of existing storage", () => {
  it("synthesize nothing of their own: no host step, no libvirt pool, nothing at all", () => {
    const bare = newStack();
    const imported = newStack();
    const { host } = imported;
    ZfsPool.fromName(imported.stack, "tank", { host, name: "tank" });
    LvmVolumeGroup.fromName(imported.stack, "vg", { host, name: "vg0" });
    ZfsDataset.fromName(imported.stack, "images", { host, name: "tank/images" });
    DirectoryPool.fromName(imported.stack, "default", { host, name: "default" });
    const json = synth(imported.stack);
    expect(json).toEqual(synth(bare.stack));
    expect(json.resource).toBeUndefined();
  });

  it("state what the disk rules and the constructs made in them need, with the documented defaults", () => {
    const { stack, host } = newStack("s", "2.2");
    const pool = ZfsPool.fromName(stack, "tank", { host, name: "tank" });
    expect(pool).toMatchObject({ host, name: "tank", mountpoint: "/tank", hostDevices: [], dependables: [] });
    expect(ZfsPool.fromName(stack, "data", { host, name: "data", mountpoint: "/srv/data" }).mountpoint).toBe("/srv/data");
    expect(LvmVolumeGroup.fromName(stack, "vg", { host, name: "vg0" })).toMatchObject({ host, name: "vg0", hostDevices: [], dependables: [] });
    expect(ZfsDataset.fromName(stack, "images", { host, name: "tank/images" })).toMatchObject({
      host,
      directory: "/tank/images",
      filesystem: "zfs",
      onZfs: true,
      directIo: { support: "ignored" },
      dependables: [],
    });
    expect(ZfsDataset.fromName(stack, "vm", { host, name: "tank/vm", mountpoint: "/var/lib/vm" }).directory).toBe("/var/lib/vm");
    expect(DirectoryPool.fromName(stack, "default", { host, name: "default" })).toMatchObject({
      name: "default",
      filesystem: "ext4",
      onZfs: false,
      directIo: { support: "yes" },
      dependables: [],
    });
    expect(DirectoryPool.fromName(stack, "zfs-pool", { host, name: "images", filesystem: "zfs" })).toMatchObject({ onZfs: true, directIo: { support: "ignored" } });
    expect(validationErrors(stack)).toBe("");
  });
});

describe("what is made in existing storage", () => {
  it("a zvol and a dataset in an existing pool: their own steps, named after the pool, waiting for nothing", () => {
    const { stack, host } = newStack("prod");
    const pool = ZfsPool.fromName(stack, "tank", { host, name: "tank" });
    const zvol = new Zvol(stack, "zvol", { pool, name: "db1-data", size: "100GiB" });
    const dataset = new ZfsDataset(stack, "ds", { pool, name: "images" });
    const json = synth(stack);
    expect(Object.keys(allSteps(json)).sort()).toEqual([expect.stringContaining("ds_create"), expect.stringContaining("zvol_create")]);
    expect(json.resource.libvirt_pool).toBeUndefined();
    const zvolStep = stepNamed(json, "zvol_create");
    expect(shellJoin(zvol.createCommand)).toBe("zfs create -V 100G -o volblocksize=16K -o kvmbench:owner=prod tank/db1-data");
    expect(zvolStep.input).toMatchObject({ DATASET: "tank/db1-data", DEVICE: "/dev/zvol/tank/db1-data", CREATE_COMMAND: zvol.createCommand.join("\n") });
    expect(zvolStep.depends_on).toBeUndefined();
    expect(zvol.source).toEqual({ type: "block", path: "/dev/zvol/tank/db1-data" });
    expect(stepNamed(json, "ds_create").input).toMatchObject({ DATASET: "tank/images" });
    expect(dataset.directory).toBe("/tank/images");
  });

  it("a logical volume in an existing group: its own step, tagged as this stack's, waiting for nothing", () => {
    const { stack, host } = newStack("prod");
    const volumeGroup = LvmVolumeGroup.fromName(stack, "vg", { host, name: "vg0" });
    const lv = new LogicalVolume(stack, "lv", { volumeGroup, name: "db1-data", size: "50GiB" });
    const json = synth(stack);
    expect(Object.keys(allSteps(json))).toEqual([expect.stringContaining("lv_create")]);
    expect(json.resource.libvirt_pool).toBeUndefined();
    const step = stepNamed(json, "lv_create");
    expect(shellJoin(lv.createCommand)).toBe("lvm lvcreate --yes --addtag kvmbench:owner=prod --name db1-data --size 50g vg0");
    expect(step.input).toMatchObject({ VG: "vg0", LV: "db1-data", TAG: "kvmbench:owner=prod", DEVICE: "/dev/vg0/db1-data" });
    expect(step.depends_on).toBeUndefined();
  });

  it("an image in an existing dataset: only the image's step, judged by the host's OpenZFS", () => {
    const { stack, host } = newStack("prod", "2.3");
    const images = ZfsDataset.fromName(stack, "images", { host, name: "tank/images" });
    const image = new DiskImage(stack, "disk", { location: images, size: "20GiB" });
    const json = synth(stack);
    expect(Object.keys(allSteps(json))).toEqual([expect.stringContaining("disk_create")]);
    expect(image.source).toEqual({ type: "file", path: "/tank/images/disk.qcow2" });
    expect(image.facts).toMatchObject({ filesystem: "zfs", onZfs: true, directIo: { support: "aligned", alignmentBytes: 128 * 1024 } });
  });
});

describe("bad names and places fail synth, naming the construct and the fix", () => {
  const cases: Array<[string, (stack: TerraformStack, host: Host) => void, string]> = [
    ["a pool name with a space", (s, host) => ZfsPool.fromName(s, "p", { host, name: "tank 2" }), '[s/p] ZFS pool name "tank 2" may only hold letters, digits'],
    ["a pool named like a vdev", (s, host) => ZfsPool.fromName(s, "p", { host, name: "mirror1" }), '[s/p] ZFS pool name "mirror1" starts with a reserved word'],
    ["a relative pool mountpoint", (s, host) => ZfsPool.fromName(s, "p", { host, name: "tank", mountpoint: "tank" }), 'ZFS pool tank: mountpoint "tank" must be an absolute path, none or legacy'],
    ["a volume group name starting with -", (s, host) => LvmVolumeGroup.fromName(s, "vg", { host, name: "-vg0" }), '[s/vg] volume group name "-vg0" may only hold letters, digits'],
    ["a dataset given without its pool", (s, host) => ZfsDataset.fromName(s, "d", { host, name: "/tank/images" }), '[s/d] ZFS dataset name "/tank/images" must be the full name, pool/dataset'],
    ["a dataset mounted in /etc", (s, host) => ZfsDataset.fromName(s, "d", { host, name: "tank/etc", mountpoint: "/etc/vm" }), 'ZFS dataset tank/etc: mountpoint "/etc/vm" is in the system directory /etc'],
    ["a libvirt pool name with a ;", (s, host) => DirectoryPool.fromName(s, "lp", { host, name: "default;reboot" }), '[s/lp] libvirt pool name "default;reboot" may only hold letters, digits'],
    [
      "a dataset under a pool mounted nowhere",
      (s, host) => new ZfsDataset(s, "ds", { pool: ZfsPool.fromName(s, "p", { host, name: "tank", mountpoint: "none" }), name: "images" }),
      "ZFS dataset tank/images: pool tank has mountpoint none, so the dataset needs a mountpoint of its own",
    ],
    [
      "a zvol name with a space in an existing pool",
      (s, host) => new Zvol(s, "z", { pool: ZfsPool.fromName(s, "p", { host, name: "tank" }), name: "db 1", size: "1GiB" }),
      '[s/z] zvol name "db 1" may only hold letters, digits',
    ],
  ];

  it.each(cases)("%s", (_what, build, message) => {
    const { stack, host } = newStack();
    build(stack, host);
    expect(validationErrors(stack)).toContain(message);
  });

  it("a stack name LVM cannot tag is reported by a logical volume in an existing group", () => {
    const { stack, host } = newStack("db,1");
    new LogicalVolume(stack, "lv", { volumeGroup: LvmVolumeGroup.fromName(stack, "vg", { host, name: "vg0" }), size: "1GiB" });
    expect(validationErrors(stack)).toContain('[db,1/lv] stack name in LVM tag "kvmbench:owner=db,1" holds characters LVM tags do not allow');
  });
});

describe("on the host: teardown removes what was made in existing storage, never the storage", () => {
  const dir = mkdtempSync(join(tmpdir(), "kvmbench-existing-"));
  const state = join(dir, "state");
  const PATH = installStandIns(state);
  const run = (step: Parameters<typeof runStep>[0], action: "create" | "destroy", overrides?: Record<string, string>) =>
    runStep(step, action, { path: PATH, overrides });
  /** Runs a stand-in as the sysadmin did, long before kvmbench: the object carries no kvmbench mark. */
  const sysadmin = (program: string, ...args: string[]) => execFileSync(join(state, "bin", program), args, { env: { PATH } });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a zvol in the sysadmin's pool: zfs create and zfs destroy of the zvol, no zpool command", () => {
    sysadmin("zpool", "create", "tank", "/dev/disk/by-id/ata-SYSADMIN");
    const { stack, host } = newStack("prod");
    new Zvol(stack, "zvol", { pool: ZfsPool.fromName(stack, "tank", { host, name: "tank" }), name: "db1-data", size: "10GiB" });
    const step = stepNamed(synth(stack), "zvol_create");
    const device = { DEVICE: join(state, "zvol", "tank", "db1-data") };
    takeLog(state);
    expect(run(step, "create", device).status).toBe(0);
    expect(run(step, "destroy", device).status).toBe(0);
    const log = takeLog(state);
    expect(log).toContain("zfs create -V 10G -o volblocksize=16K -o kvmbench:owner=prod tank/db1-data");
    expect(log).toContain("zfs destroy tank/db1-data");
    expect(log.filter((line) => line.startsWith("zpool"))).toEqual([]);
    expect(existsSync(join(state, "zfs", "tank.pool"))).toBe(true);
    expect(existsSync(join(state, "zvol", "tank", "db1-data"))).toBe(false);
  });

  it("a logical volume in the sysadmin's group: lvcreate and lvremove, no vg or pv command", () => {
    sysadmin("lvm", "vgcreate", "vg0", "/dev/disk/by-id/ata-SYSADMIN");
    const { stack, host } = newStack("prod");
    new LogicalVolume(stack, "lv", { volumeGroup: LvmVolumeGroup.fromName(stack, "vg", { host, name: "vg0" }), name: "db1-data", size: "10GiB" });
    const step = stepNamed(synth(stack), "lv_create");
    const device = { DEVICE: join(state, "dev", "vg0", "db1-data") };
    takeLog(state);
    expect(run(step, "create", device).status).toBe(0);
    expect(run(step, "destroy", device).status).toBe(0);
    const log = takeLog(state);
    expect(log.filter((line) => / (lvcreate|lvremove) /.test(line))).toEqual([
      "lvm lvcreate --yes --addtag kvmbench:owner=prod --name db1-data --size 10g vg0",
      "lvm lvremove -y vg0/db1-data",
    ]);
    expect(log.filter((line) => / (vgcreate|vgremove|pvremove) /.test(line))).toEqual([]);
    expect(existsSync(join(state, "vg", "vg0"))).toBe(true);
  });
});
