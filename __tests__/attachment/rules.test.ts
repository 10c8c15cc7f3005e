import { DiskAttachment } from "../../constructs/attachment";
import { zfsDatasetDirectIo } from "../../domain/direct-io";
import { checkDiskSettings } from "../../domain/disk-rules";
import { Guest } from "../../constructs/guest";
import { domainOf, FUSE_FACTS, newStack, OLD_ZFS_FACTS, synthError, synthStudy, zvol } from "./support";

describe("io=native needs cache=none or directsync", () => {
  it("refuses io=native with cache=writethrough, naming scenario, disk, values and fix", () => {
    const { stack, host } = newStack("zvol-writethrough-virtio");
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), cache: "writethrough", io: "native" });
    const error = synthError(stack);
    expect(error).toContain(
      'scenario "zvol-writethrough-virtio", disk "data" (bus=virtio cache=writethrough io=native machine=q35 on zvol tank/test): ' +
        "io=native with cache=writethrough: QEMU refuses native AIO without O_DIRECT. " +
        "Fix: use cache=none or cache=directsync with io=native, or io=threads/io_uring with this cache mode.",
    );
  });

  it.each(["none", "directsync"] as const)("accepts io=native with cache=%s", (cache) => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), cache, io: "native" });
    const disk = domainOf(synthStudy(stack).json).devices.disks?.[0];
    expect(disk?.driver).toMatchObject({ cache, io: "native" });
  });
});

describe("cache=none/directsync need O_DIRECT", () => {
  it.each([
    [128 * 1024, "the hdtune profile's tests with 512B, 4KiB and 64KiB blocks measure the ARC, not the disk"],
    [4 * 1024, "the hdtune profile's tests with 512B blocks measure the ARC, not the disk"],
  ])("warns on a ZFS dataset of OpenZFS 2.3 (recordsize %d): direct only for aligned I/O, naming the smaller blocks", (alignmentBytes, blocks) => {
    const findings = checkDiskSettings({ bus: "virtio", cache: "none", machine: "q35" }, { summary: "qcow2 on zfs", directIo: zfsDatasetDirectIo("2.3", alignmentBytes) });
    expect(findings).toEqual([expect.objectContaining({ level: "warning", rule: "direct-io-aligned-only" })]);
    expect(findings[0].message).toContain(`cache=none on qcow2 on zfs: OpenZFS 2.3 honours O_DIRECT on a dataset only for I/O aligned to its recordsize`);
    expect(findings[0].message).toMatch(new RegExp(`: ${blocks}$`));
  });

  it("says nothing of blocks when the recordsize is at most the smallest block, nor for writeback", () => {
    const directIo = zfsDatasetDirectIo("2.3", 512);
    expect(checkDiskSettings({ bus: "virtio", cache: "none", machine: "q35" }, { summary: "qcow2 on zfs", directIo })[0].message).not.toContain("measure the ARC");
    expect(checkDiskSettings({ bus: "virtio", cache: "writethrough", machine: "q35" }, { summary: "qcow2 on zfs", directIo })).toEqual([]);
  });

  it("reads the OpenZFS version as a study declares it or a host records it (/sys/module/zfs/version, `zfs version`)", () => {
    expect(["0.7", "2.2", "2.2.6-1", "zfs-2.2.6-1", "2.3", "2.3.2-1~bpo12+1", "zfs-2.3.2-1"].map((version) => zfsDatasetDirectIo(version).support)).toEqual([
      "no",
      "ignored",
      "ignored",
      "ignored",
      "aligned",
      "aligned",
      "aligned",
    ]);
  });

  it("refuses cache=none on storage without O_DIRECT (FUSE)", () => {
    const { stack, host } = newStack("sshfs-none-virtio");
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack, "sshfs", FUSE_FACTS), cache: "none" });
    expect(synthError(stack)).toContain(
      'scenario "sshfs-none-virtio", disk "data" (bus=virtio cache=none io=default machine=q35 on qcow2 file on sshfs): ' +
        "cache=none needs O_DIRECT, which qcow2 file on sshfs does not support: FUSE filesystems do not support O_DIRECT. " +
        "Fix: use cache=writeback or cache=writethrough on this storage",
    );
  });

  it("refuses cache=directsync there too", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack, "sshfs", FUSE_FACTS), cache: "directsync" });
    expect(synthError(stack)).toContain("cache=directsync needs O_DIRECT, which qcow2 file on sshfs does not support");
  });

  it("accepts cache=writethrough on storage without O_DIRECT", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack, "sshfs", FUSE_FACTS), cache: "writethrough" });
    const { json, warnings } = synthStudy(stack);
    expect(domainOf(json).devices.disks?.[0].driver?.cache).toBe("writethrough");
    expect(warnings).toEqual([]);
  });

  it("warns (does not fail) when the storage accepts O_DIRECT but ignores it (OpenZFS 0.8-2.2 datasets)", () => {
    const { stack, host } = newStack("zfs-qcow2-none-virtio");
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack, "zfs", OLD_ZFS_FACTS), cache: "none" });
    const { warnings } = synthStudy(stack);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].constructPath).toBe("zfs-qcow2-none-virtio/data");
    expect(warnings[0].message).toBe(
      'scenario "zfs-qcow2-none-virtio", disk "data" (bus=virtio cache=none io=default machine=q35 on qcow2 file on ZFS dataset tank/images): ' +
        "cache=none on qcow2 file on ZFS dataset tank/images: OpenZFS 2.1 accepts O_DIRECT on datasets but ignores it (the ARC still caches); " +
        "real direct I/O needs 2.3+; results will include host caching. " +
        "Fix: upgrade to OpenZFS 2.3+ (and declare it), or read these results as cached (a zvol does not avoid it: OpenZFS has no Direct I/O on zvols, their blocks go through the ARC).",
    );
  });

  it("neither fails nor warns for cache=none on storage with O_DIRECT", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), cache: "none" });
    expect(synthStudy(stack).warnings).toEqual([]);
  });
});

describe("IDE exists only on the pc machine", () => {
  it("refuses bus=ide on q35", () => {
    const { stack, host } = newStack("zvol-none-ide");
    const guest = new Guest(stack, "guest", { host, machine: "q35" });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), bus: "ide" });
    expect(synthError(stack)).toContain(
      'scenario "zvol-none-ide", disk "data" (bus=ide cache=none io=default machine=q35 on zvol tank/test): ' +
        "bus=ide on machine=q35: only the pc (i440fx) machine has an IDE controller. Fix: use machine=pc for IDE disks, or bus=sata on q35.",
    );
  });

  it("synthesizes bus=ide with machine pc", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host, machine: "pc" });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), bus: "ide" });
    const domain = domainOf(synthStudy(stack).json);
    expect(domain.os.type_machine).toBe("pc");
    expect(domain.devices.disks?.[0].target).toEqual({ dev: "hda", bus: "ide" });
  });
});

describe("at most four IDE devices", () => {
  function ideGuest(disks: number): ReturnType<typeof newStack> {
    const env = newStack("many-ide");
    const guest = new Guest(env.stack, "guest", { host: env.host, machine: "pc" });
    for (let i = 0; i < disks; i++) {
      new DiskAttachment(env.stack, `disk${i}`, { guest, backend: zvol(env.stack, `z${i}`), bus: "ide" });
    }
    return env;
  }

  it("refuses a fifth IDE disk", () => {
    expect(synthError(ideGuest(5).stack)).toContain(
      'scenario "many-ide", guest "guest": 5 IDE disks: the pc machine\'s IDE controller holds at most 4 devices (including CD-ROMs). ' +
        "Fix: attach the extra disks on virtio or sata.",
    );
  });

  it("accepts four IDE disks as hda..hdd", () => {
    const disks = domainOf(synthStudy(ideGuest(4).stack).json).devices.disks ?? [];
    expect(disks.map((d) => d.target.dev)).toEqual(["hda", "hdb", "hdc", "hdd"]);
  });
});

describe("volatile cache modes warn about host crash and power loss", () => {
  it.each([
    ["writeback", "cache=writeback keeps writes in host RAM until the guest flushes: a host crash or power loss can lose them"],
    ["unsafe", "cache=unsafe ignores the guest's flushes: a host crash or power loss loses data the guest believes is on disk"],
  ] as const)("warns for cache=%s", (cache, message) => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), cache });
    const { json, warnings } = synthStudy(stack);
    expect(domainOf(json).devices.disks?.[0].driver?.cache).toBe(cache);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining(`${message}. Fix: run the host on a UPS with a clean-shutdown daemon, or use cache=none`),
    ]);
  });

  it.each(["none", "writethrough", "directsync"] as const)("does not warn for cache=%s", (cache) => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), cache });
    expect(synthStudy(stack).warnings).toEqual([]);
  });
});

describe("disk serial", () => {
  it("refuses a serial the guest cannot carry", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), serial: "this serial is far too long" });
    expect(synthError(stack)).toContain('serial "this serial is far too long" is not 1 to 20 characters');
  });
});
