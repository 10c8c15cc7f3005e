import { Testing } from "../../constructs/core/cdktf";
import { shellJoin } from "../../constructs/host/script";
import {
  BlockDevice,
  DirectoryPool,
  DiskImage,
  Filesystem,
  LogicalVolume,
  LvmVolumeGroup,
  RawDisk,
  ZfsDataset,
  ZfsPool,
  Zvol,
} from "../../constructs/storage";
import { synthConforming } from "../support/synth";
import { stepNamed, SynthesizedJson } from "../host/support/steps";
import { HDD, SSD, studyStack, validationErrors, warnings } from "./support/stacks";

const synth = (s: Parameters<typeof synthConforming>[0]) => synthConforming(s) as unknown as SynthesizedJson;

describe("ZfsPool", () => {
  it("runs zpool create with ashift 12 and lz4 by default, marked with the stack", () => {
    const { stack, ssd } = studyStack("zvol-none-virtio");
    const pool = new ZfsPool(stack, "pool", { devices: [ssd] });
    expect(shellJoin(pool.createCommand)).toBe(`zpool create -o ashift=12 -O compression=lz4 -O kvmbench:owner=zvol-none-virtio kvmbench ${SSD}`);
    const step = stepNamed(synth(stack), "pool_create");
    expect(step.input).toMatchObject({ POOL: "kvmbench", DEVICES: SSD, WIPE: "0", CREATE_COMMAND: pool.createCommand.join("\n") });
    expect(validationErrors(stack)).toBe("");
  });

  it("sets every tuning property it is given, and the vdev layout", () => {
    const { stack, host, ssd } = studyStack("s");
    const hdd = new BlockDevice(stack, "hdd", { host, path: HDD });
    const pool = new ZfsPool(stack, "pool", {
      name: "tank",
      devices: [ssd, hdd],
      layout: "mirror",
      ashift: 13,
      compression: "off",
      atime: false,
      recordsize: "64KiB",
      sync: "disabled",
      primarycache: "metadata",
      xattr: "sa",
      wipe: true,
    });
    expect(shellJoin(pool.createCommand)).toBe(
      `zpool create -o ashift=13 -O compression=off -O atime=off -O recordsize=64K -O sync=disabled -O primarycache=metadata -O xattr=sa -O kvmbench:owner=s tank mirror ${SSD} ${HDD}`,
    );
    expect(stepNamed(synth(stack), "pool_create").input.WIPE).toBe("1");
    expect(validationErrors(stack)).toBe("");
  });

  it("names raidz layouts as zpool does", () => {
    const { stack, host } = studyStack("s");
    const disks = [0, 1, 2].map((i) => new BlockDevice(stack, `d${i}`, { host, path: `/dev/disk/by-id/d${i}` }));
    const pool = new ZfsPool(stack, "pool", { devices: disks, layout: "raidz2" });
    expect(pool.createCommand.slice(-4)).toEqual(["raidz2", "/dev/disk/by-id/d0", "/dev/disk/by-id/d1", "/dev/disk/by-id/d2"]);
  });

  it("refuses impossible pools at synth, naming the fix", () => {
    const { stack, ssd } = studyStack("s");
    const pool = new ZfsPool(stack, "pool", { devices: [ssd], layout: "raidz3", ashift: 20, compression: "brotli", recordsize: "100K" });
    new ZfsPool(stack, "pool2", { name: "mirror1", devices: [ssd, ssd] });
    new Zvol(stack, "zv", { pool, size: "1GiB" });
    const errors = validationErrors(stack);
    expect(errors).toContain("a raidz3 vdev needs at least 4 disks, got 1");
    expect(errors).toContain("ashift 20 must be an integer from 9 (512 B) to 16 (64 KiB)");
    expect(errors).toContain('compression "brotli" is not one of');
    expect(errors).toContain("recordsize 100K must be a power of two");
    expect(errors).toContain('ZFS pool name "mirror1" starts with a reserved word');
    expect(errors).toContain(`disk ${SSD} is listed twice`);
  });

  it("refuses a pool on a zvol", () => {
    const { stack, ssd } = studyStack("s");
    const pool = new ZfsPool(stack, "pool", { devices: [ssd] });
    const zvol = new Zvol(stack, "zvol", { pool, size: "10GiB" });
    new ZfsPool(stack, "nested", { name: "nested", devices: [zvol] });
    expect(validationErrors(stack)).toContain("zvol kvmbench/vm is not a whole host disk");
  });

  it("warns about a stripe without redundancy", () => {
    const { stack, host, ssd } = studyStack("s");
    new ZfsPool(stack, "pool", { devices: [ssd, new BlockDevice(stack, "hdd", { host, path: HDD })] });
    expect(warnings(stack).join("\n")).toContain("stripes 2 disks without redundancy");
  });
});

describe("ZfsDataset", () => {
  it("runs zfs create with its properties and the owner mark; files follow the host's OpenZFS O_DIRECT support", () => {
    const { stack, ssd } = studyStack("zfs-qcow2-none-virtio", { openZfsVersion: "2.2" });
    const pool = new ZfsPool(stack, "pool", { devices: [ssd], compression: "off" });
    const ds = new ZfsDataset(stack, "images", { pool, recordsize: "64K", atime: false });
    expect(shellJoin(ds.createCommand)).toBe("zfs create -o recordsize=64K -o atime=off -o kvmbench:owner=zfs-qcow2-none-virtio kvmbench/images");
    expect(ds.directory).toBe("/kvmbench/images");
    expect(ds.directIo.support).toBe("ignored");
    const json = synth(stack);
    const step = stepNamed(json, "images_create");
    expect(step.input).toMatchObject({ DATASET: "kvmbench/images", DEVICE: "" });
    expect(step.depends_on).toEqual([expect.stringMatching(/^terraform_data\.pool_create_step/)]);
  });
});

describe("ZfsDataset on OpenZFS 2.3: O_DIRECT only for recordsize-aligned I/O", () => {
  it.each([
    ["its own recordsize", { datasetRecordsize: "16K" }, 16 * 1024],
    ["the pool's, which it inherits", { poolRecordsize: "1M" }, 1024 * 1024],
    ["ZFS's default", {}, 128 * 1024],
  ] as const)("aligns to %s", (_, sizes: { datasetRecordsize?: string; poolRecordsize?: string }, bytes) => {
    const { stack, ssd } = studyStack("zfs-qcow2-none-virtio", { openZfsVersion: "2.3" });
    const pool = new ZfsPool(stack, "pool", { devices: [ssd], recordsize: sizes.poolRecordsize });
    const ds = new ZfsDataset(stack, "images", { pool, recordsize: sizes.datasetRecordsize });
    expect(ds.directIo).toMatchObject({ support: "aligned", alignmentBytes: bytes });
  });
});

describe("Zvol", () => {
  it("runs zfs create -V with volblocksize, as the study's zvol layout", () => {
    const { stack, ssd } = studyStack("zvol-none-virtio");
    const pool = new ZfsPool(stack, "pool", { devices: [ssd], ashift: 12 });
    const zvol = new Zvol(stack, "zvol", { pool, size: "100GiB", volblocksize: "16K" });
    expect(shellJoin(zvol.createCommand)).toBe("zfs create -V 100G -o volblocksize=16K -o kvmbench:owner=zvol-none-virtio kvmbench/vm");
    expect(zvol.source).toEqual({ type: "block", path: "/dev/zvol/kvmbench/vm" });
    expect(zvol.facts).toEqual({
      medium: "block",
      format: "raw",
      onZfs: true,
      directIo: { support: "yes" },
      hostDevices: [SSD],
      summary: "zvol kvmbench/vm (100GiB, volblocksize 16K)",
    });
    expect(stepNamed(synth(stack), "zvol_create").input).toMatchObject({ DATASET: "kvmbench/vm", DEVICE: "/dev/zvol/kvmbench/vm" });
    expect(validationErrors(stack)).toBe("");
  });

  it("is thin with sparse: true, with a warning", () => {
    const { stack, ssd } = studyStack("s");
    const pool = new ZfsPool(stack, "pool", { devices: [ssd] });
    const zvol = new Zvol(stack, "zvol", { pool, name: "thin", size: "1TiB", sparse: true, volblocksize: "64K", sync: "always" });
    expect(shellJoin(zvol.createCommand)).toBe("zfs create -s -V 1T -o volblocksize=64K -o sync=always -o kvmbench:owner=s kvmbench/thin");
    expect(warnings(stack).join("\n")).toContain("is sparse");
  });

  it("refuses bad sizes", () => {
    const { stack, ssd } = studyStack("s");
    const pool = new ZfsPool(stack, "pool", { devices: [ssd] });
    new Zvol(stack, "a", { pool, name: "a", size: "100GB" });
    new Zvol(stack, "b", { pool, name: "b", size: "10K", volblocksize: "16K" });
    new Zvol(stack, "c", { pool, name: "c", size: "1G", volblocksize: "12K" });
    const errors = validationErrors(stack);
    expect(errors).toContain("zvol kvmbench/a: size \"100GB\" has an unknown unit");
    expect(errors).toContain("zvol kvmbench/b: size 10K is not a multiple of volblocksize 16K");
    expect(errors).toContain("volblocksize 12K must be a power of two");
  });
});

describe("Filesystem", () => {
  it("makes xfs on a disk with mkfs.xfs, mounts it under the workdir, and locks the disk", () => {
    const { stack, ssd } = studyStack("xfs-qcow2-none-virtio");
    const fs = new Filesystem(stack, "xfs", { device: ssd, type: "xfs" });
    expect(shellJoin(fs.mkfsCommand)).toBe(`mkfs.xfs -q -m uuid=${fs.uuid} -L kvmbench ${SSD}`);
    expect(shellJoin(fs.mountCommand)).toBe(`mount -t xfs -o noatime ${SSD} /var/lib/kvmbench/mnt/xfs`);
    expect(fs.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stepNamed(synth(stack), "xfs_create").input).toMatchObject({ DEVICE: SSD, FS_TYPE: "xfs", FS_UUID: fs.uuid, LOCK_DEVICES: SSD, WIPE: "0" });
  });

  it("makes ext4 on a zvol with mkfs options; no lock for a zvol, the pool holds it", () => {
    const { stack, ssd } = studyStack("s");
    const pool = new ZfsPool(stack, "pool", { devices: [ssd] });
    const zvol = new Zvol(stack, "zvol", { pool, size: "100GiB" });
    const fs = new Filesystem(stack, "ext4", { device: zvol, type: "ext4", mkfsOptions: ["-E", "lazy_itable_init=0"], mountOptions: [] , mountpoint: "/srv/vm"});
    expect(shellJoin(fs.mkfsCommand)).toBe(`mkfs.ext4 -q -U ${fs.uuid} -L kvmbench -E lazy_itable_init=0 /dev/zvol/kvmbench/vm`);
    expect(shellJoin(fs.mountCommand)).toBe("mount -t ext4 /dev/zvol/kvmbench/vm /srv/vm");
    expect(fs.onZfs).toBe(true);
    expect(fs.description).toBe("ext4 on zvol kvmbench/vm");
    const step = stepNamed(synth(stack), "ext4_create");
    expect(step.input.LOCK_DEVICES).toBe("");
    expect(step.depends_on).toEqual([expect.stringMatching(/^terraform_data\.zvol_create_step/)]);
  });

  it("gives each stack and construct its own filesystem UUID", () => {
    const a = studyStack("a");
    const b = studyStack("b");
    const fa = new Filesystem(a.stack, "fs", { device: a.ssd, type: "ext4" });
    const fb = new Filesystem(b.stack, "fs", { device: b.ssd, type: "ext4" });
    expect(fa.uuid).not.toBe(fb.uuid);
    expect(new Filesystem(studyStack("a").stack, "fs", { device: a.ssd, type: "ext4" }).uuid).toBe(fa.uuid);
  });

  it("refuses labels too long for the filesystem", () => {
    const { stack, ssd } = studyStack("s");
    new Filesystem(stack, "fs", { device: ssd, type: "xfs", label: "much-too-long-label", mountpoint: "relative" });
    const errors = validationErrors(stack);
    expect(errors).toContain('label "much-too-long-label" must be at most 12');
    expect(errors).toContain('mountpoint "relative" is not an absolute path');
  });
});

describe("LvmVolumeGroup and LogicalVolume", () => {
  it("makes a tagged VG with a libvirt logical pool over it, and a tagged LV in it", () => {
    const { stack, ssd } = studyStack("lvm-none-virtio");
    const vg = new LvmVolumeGroup(stack, "vg", { devices: [ssd] });
    const lv = new LogicalVolume(stack, "lv", { volumeGroup: vg, size: "100GiB" });
    expect(shellJoin(vg.createCommand)).toBe(`lvm vgcreate --yes --addtag kvmbench:owner=lvm-none-virtio kvmbench ${SSD}`);
    expect(shellJoin(lv.createCommand)).toBe("lvm lvcreate --yes --addtag kvmbench:owner=lvm-none-virtio --name vm --size 100g kvmbench");
    expect(lv.source).toEqual({ type: "block", path: "/dev/kvmbench/vm" });
    expect(lv.facts).toMatchObject({ medium: "block", format: "raw", onZfs: false, directIo: { support: "yes" }, hostDevices: [SSD] });
    const json = synth(stack);
    expect(json.resource.libvirt_pool.vg_pool_0F6F0C97 ?? Object.values(json.resource.libvirt_pool)[0]).toMatchObject({
      name: "kvmbench",
      type: "logical",
      source: { name: "kvmbench" },
      target: { path: "/dev/kvmbench" },
    });
    // The provider builds a logical pool (vgcreate) on create and deletes its storage (the VG
    // and PV labels) on destroy exactly when the pool lists source devices; the host step owns both.
    expect(Object.values(json.resource.libvirt_pool)[0]).not.toHaveProperty("source.device");
    expect(stepNamed(json, "lv_create").depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^terraform_data\.vg_create_step/), expect.stringMatching(/^libvirt_pool\./)]),
    );
    expect(validationErrors(stack)).toBe("");
  });

  it("can leave libvirt out", () => {
    const { stack, ssd } = studyStack("s");
    new LvmVolumeGroup(stack, "vg", { devices: [ssd], libvirtPool: false, name: "vg0" });
    expect(synth(stack).resource.libvirt_pool).toBeUndefined();
  });
});

describe("RawDisk", () => {
  it("claims the whole disk for the guest", () => {
    const { stack, ssd } = studyStack("raw-none-virtio");
    const raw = new RawDisk(stack, "raw", { device: ssd, wipe: true });
    expect(raw.source).toEqual({ type: "block", path: SSD });
    expect(raw.facts).toEqual({ medium: "block", format: "raw", onZfs: false, directIo: { support: "yes" }, hostDevices: [SSD], summary: `raw disk ${SSD}` });
    expect(stepNamed(synth(stack), "raw_claim").input).toMatchObject({ DEVICE: SSD, WIPE: "1" });
  });

  it("refuses a device path outside /dev", () => {
    const { stack, host } = studyStack("s");
    new BlockDevice(stack, "bad", { host, path: "sdb" });
    expect(validationErrors(stack)).toContain('block device: "sdb" is not under /dev/; it must name a device node under /dev');
  });
});

describe("DirectoryPool and DiskImage", () => {
  it("makes a qcow2 with full preallocation via qemu-img on an ext4 in a libvirt dir pool", () => {
    const { stack, ssd } = studyStack("ext4-qcow2-none-virtio");
    const fs = new Filesystem(stack, "fs", { device: ssd, type: "ext4" });
    const pool = new DirectoryPool(stack, "images", { location: fs });
    const image = new DiskImage(stack, "disk", { location: pool, size: "100GiB", preallocation: "full" });
    expect(shellJoin(image.createCommand)).toBe("qemu-img create -f qcow2 -o preallocation=full /var/lib/kvmbench/mnt/fs/disk.qcow2 100G");
    expect(image.source).toEqual({ type: "file", path: "/var/lib/kvmbench/mnt/fs/disk.qcow2" });
    expect(image.facts).toEqual({
      medium: "file",
      format: "qcow2",
      filesystem: "ext4",
      onZfs: false,
      directIo: { support: "yes" },
      hostDevices: [SSD],
      summary: `qcow2 file (100GiB, preallocation=full) on ext4 on disk ${SSD}`,
    });
    const json = synth(stack);
    expect(Object.values(json.resource.libvirt_pool)[0]).toMatchObject({ name: "kvmbench-images", type: "dir", target: { path: "/var/lib/kvmbench/mnt/fs" } });
    expect(stepNamed(json, "disk_create").depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^terraform_data\.fs_create_step/), expect.stringMatching(/^libvirt_pool\.images_pool/)]),
    );
  });

  it("makes raw images and qcow2 with a cluster size; on ZFS the facts follow the OpenZFS version", () => {
    const { stack, ssd } = studyStack("s", { openZfsVersion: "0.7" });
    const pool = new ZfsPool(stack, "pool", { devices: [ssd] });
    const ds = new ZfsDataset(stack, "ds", { pool });
    const raw = new DiskImage(stack, "raw", { location: ds, format: "raw", size: "10GiB", preallocation: "falloc" });
    const q = new DiskImage(stack, "q", { location: ds, size: "10GiB", clusterSize: "2M", fileName: "big.qcow2" });
    expect(shellJoin(raw.createCommand)).toBe("qemu-img create -f raw -o preallocation=falloc /kvmbench/images/raw.raw 10G");
    expect(shellJoin(q.createCommand)).toBe("qemu-img create -f qcow2 -o preallocation=off,cluster_size=2M /kvmbench/images/big.qcow2 10G");
    expect(raw.facts.directIo.support).toBe("no");
    expect(raw.facts.filesystem).toBe("zfs");
    expect(raw.facts.onZfs).toBe(true);
    expect(warnings(stack).join("\n")).toContain("preallocation=falloc on a ZFS dataset reserves no space");
  });

  it("refuses what qemu-img would refuse", () => {
    const { stack, ssd } = studyStack("s");
    const fs = new Filesystem(stack, "fs", { device: ssd, type: "xfs" });
    new DiskImage(stack, "a", { location: fs, format: "raw", size: "1GiB", preallocation: "metadata", clusterSize: "64K" });
    new DiskImage(stack, "b", { location: fs, size: "1000", fileName: "../escape.qcow2" });
    const errors = validationErrors(stack);
    expect(errors).toContain("preallocation=metadata exists only for qcow2");
    expect(errors).toContain("clusterSize applies to qcow2 only");
    expect(errors).toContain("size 1000 must be a positive multiple of 512 bytes");
    expect(errors).toContain('image file name "../escape.qcow2"');
  });
});

describe("every construct exposes its host step as an escape hatch", () => {
  it("is a terraform_data", () => {
    const { stack, ssd } = studyStack("s");
    const pool = new ZfsPool(stack, "pool", { devices: [ssd] });
    expect(pool.step.resource.terraformResourceType).toBe("terraform_data");
    expect(Testing.synth(stack)).toContain("terraform_data");
  });
});
