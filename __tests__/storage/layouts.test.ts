/** The seven storage layouts of the seed study compose from the constructs. */
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import {
  BlockDevice,
  DirectoryPool,
  DiskImage,
  Filesystem,
  IDiskBackend,
  IFileLocation,
  LogicalVolume,
  LvmVolumeGroup,
  RawDisk,
  ZfsDataset,
  ZfsPool,
  Zvol,
} from "../../constructs/storage";
import { synthConforming } from "../support/synth";
import { runStep, stepNamed, SynthesizedJson } from "../host/support/steps";
import { SSD, validationErrors } from "./support/stacks";
import { hostTempDir } from "../../test-host/host-temp-dir";

type Layout = (stack: TerraformStack, ssd: BlockDevice) => IDiskBackend;

const layouts: Record<string, Layout> = {
  raw: (s, ssd) => new RawDisk(s, "raw", { device: ssd }),
  lvm: (s, ssd) => new LogicalVolume(s, "lv", { volumeGroup: new LvmVolumeGroup(s, "vg", { devices: [ssd] }), size: "100GiB" }),
  zvol: (s, ssd) => new Zvol(s, "zvol", { pool: new ZfsPool(s, "pool", { devices: [ssd], ashift: 12 }), size: "100GiB", volblocksize: "16K" }),
  "ext4-qcow2": (s, ssd) => image(s, new Filesystem(s, "fs", { device: ssd, type: "ext4" }), "100GiB", "full"),
  "xfs-qcow2": (s, ssd) => image(s, new Filesystem(s, "fs", { device: ssd, type: "xfs" }), "100GiB", "full"),
  "zfs-qcow2": (s, ssd) => image(s, new ZfsDataset(s, "ds", { pool: new ZfsPool(s, "pool", { devices: [ssd], ashift: 12, compression: "off" }) }), "100GiB"),
  "zvol-ext4-qcow2": (s, ssd) => {
    const zvol = new Zvol(s, "zvol", { pool: new ZfsPool(s, "pool", { devices: [ssd], ashift: 12 }), size: "100GiB" });
    return image(s, new Filesystem(s, "fs", { device: zvol, type: "ext4" }), "90GiB");
  },
};

function image(s: TerraformStack, location: IFileLocation, size: string, preallocation?: "full"): DiskImage {
  return new DiskImage(s, "disk", { location: new DirectoryPool(s, "images", { location }), format: "qcow2", size, preallocation });
}

const expected: Record<string, { medium: string; onZfs: boolean; filesystem?: string; summary: RegExp }> = {
  raw: { medium: "block", onZfs: false, summary: /^raw disk / },
  lvm: { medium: "block", onZfs: false, summary: /^LVM logical volume kvmbench\/vm/ },
  zvol: { medium: "block", onZfs: true, summary: /^zvol kvmbench\/vm \(100GiB, volblocksize 16K\)$/ },
  "ext4-qcow2": { medium: "file", onZfs: false, filesystem: "ext4", summary: /^qcow2 file \(100GiB, preallocation=full\) on ext4 on disk / },
  "xfs-qcow2": { medium: "file", onZfs: false, filesystem: "xfs", summary: /on xfs on disk/ },
  "zfs-qcow2": { medium: "file", onZfs: true, filesystem: "zfs", summary: /on ZFS dataset kvmbench\/images$/ },
  "zvol-ext4-qcow2": { medium: "file", onZfs: true, filesystem: "ext4", summary: /^qcow2 file \(90GiB, preallocation=off\) on ext4 on zvol kvmbench\/vm$/ },
};

describe.each(Object.keys(layouts))("layout %s", (name) => {
  const stack = new TerraformStack(Testing.app(), `${name}-none-virtio`);
  const host = new Host(stack, "host");
  const ssd = new BlockDevice(stack, "ssd", { host, path: SSD });
  const backend = layouts[name](stack, ssd);

  it("composes: valid and conforming to the libvirt schema", () => {
    expect(validationErrors(stack)).toBe("");
    expect(() => synthConforming(stack)).not.toThrow();
  });

  it("hands the guest one source and the facts the rules need", () => {
    const e = expected[name];
    expect(backend.facts.medium).toBe(e.medium);
    expect(backend.source.type).toBe(e.medium === "file" ? "file" : "block");
    expect(backend.facts.onZfs).toBe(e.onZfs);
    expect(backend.facts.filesystem).toBe(e.filesystem);
    expect(backend.facts.hostDevices).toEqual([SSD]);
    expect(backend.facts.summary).toMatch(e.summary);
    // a file on a ZFS dataset gets O_DIRECT only for recordsize-aligned I/O (OpenZFS 2.3)
    expect(backend.facts.directIo).toMatchObject(name === "zfs-qcow2" ? { support: "aligned", alignmentBytes: 128 * 1024 } : { support: "yes" });
    expect(backend.dependables.length).toBeGreaterThan(0);
  });
});

describe("DiskImage script with the real qemu-img", () => {
  const dir = hostTempDir("kvmbench-image");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a preallocated qcow2 once, and teardown removes only its own image", () => {
    const stack = new TerraformStack(Testing.app(), "img-stack");
    const host = new Host(stack, "host", { workdir: join(dir, "work") });
    // a stand-in location: an existing directory on the test machine
    const location: IFileLocation = Object.assign(new TerraformStack(Testing.app(), "loc"), {
      host,
      directory: dir,
      filesystem: "ext4" as const,
      onZfs: false,
      directIo: { support: "yes" as const },
      hostDevices: [],
      dependables: [],
      description: "a test directory",
    });
    const img = new DiskImage(stack, "disk", { location, size: "16MiB", preallocation: "full" });
    const step = stepNamed(synthConforming(stack) as unknown as SynthesizedJson, "disk_create");
    const first = runStep(step, "create");
    expect(first.status).toBe(0);
    const info = JSON.parse(execFileSync("qemu-img", ["info", "--output=json", img.path], { encoding: "utf8" })) as { format: string; "virtual-size": number };
    expect(info).toMatchObject({ format: "qcow2", "virtual-size": 16 * 1024 ** 2 });
    expect(runStep(step, "create").stderr).toContain("already exists");

    const other = new TerraformStack(Testing.app(), "other");
    new DiskImage(other, "disk", { location: Object.assign(location, { host: new Host(other, "host", { workdir: join(dir, "work") }) }), size: "16MiB" });
    const otherStep = stepNamed(synthConforming(other) as unknown as SynthesizedJson, "disk_create");
    expect(runStep(otherStep, "create").stderr).toContain("this stack did not create it");
    expect(runStep(otherStep, "destroy").status).toBe(0);
    expect(existsSync(img.path)).toBe(true);

    expect(runStep(step, "destroy").status).toBe(0);
    expect(existsSync(img.path)).toBe(false);
    expect(runStep(step, "destroy").status).toBe(0);
  });
});
