import { allocateTargets, DiskAttachment, targetName } from "../../constructs/attachment";
import { Volume } from "../../constructs/core/libvirt";
import { Guest } from "../../constructs/guest";
import { domainOf, FakeBackend, newStack, synthStudy, zvol, ZVOL_FACTS } from "./support";

describe("domain disk JSON for the study's bus x cache matrix", () => {
  const cases = (["virtio", "ide"] as const).flatMap((bus) =>
    (["none", "writethrough", "writeback"] as const).map((cache) => [bus, cache] as const),
  );

  it.each(cases)("bus=%s cache=%s", (bus, cache) => {
    const machine = bus === "ide" ? "pc" : "q35";
    const { stack, host } = newStack(`zvol-${cache}-${bus}`);
    const guest = new Guest(stack, "guest", { host, machine });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), bus, cache });
    const domain = domainOf(synthStudy(stack).json);
    expect(domain.os.type_machine).toBe(machine);
    expect(domain.devices.disks).toEqual([
      {
        driver: { name: "qemu", type: "raw", cache },
        source: { block: { dev: "/dev/zvol/tank/zvol" } },
        target: { dev: bus === "ide" ? "hda" : "vda", bus },
      },
    ]);
    expect(domain.devices.disks?.[0].driver).not.toHaveProperty("io");
  });

  it.each(["native", "threads", "io_uring"] as const)("io=%s lands in driver.io", (io) => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), io });
    expect(domainOf(synthStudy(stack).json).devices.disks?.[0].driver).toEqual({ name: "qemu", type: "raw", cache: "none", io });
  });

  it("sata on q35: sda with a sata controller", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), bus: "sata", cache: "writethrough" });
    const domain = domainOf(synthStudy(stack).json);
    expect(domain.os.type_machine).toBe("q35");
    expect(domain.devices.disks?.[0]).toMatchObject({ driver: { cache: "writethrough" }, target: { dev: "sda", bus: "sata" } });
    expect(domain.devices.controllers).toEqual([{ type: "sata", index: 0 }]);
  });

  it("virtio-scsi: an sd disk on the scsi bus and a virtio-scsi controller", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), bus: "virtio-scsi", cache: "none", discard: "unmap" });
    const domain = domainOf(synthStudy(stack).json);
    expect(domain.devices.disks?.[0]).toMatchObject({
      driver: { cache: "none", discard: "unmap" },
      target: { dev: "sda", bus: "scsi" },
    });
    expect(domain.devices.controllers).toEqual([{ type: "scsi", model: "virtio-scsi", index: 0 }]);
  });

  it("virtio and ide need no extra controller", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host, machine: "pc" });
    new DiskAttachment(stack, "a", { guest, backend: zvol(stack, "za") });
    new DiskAttachment(stack, "b", { guest, backend: zvol(stack, "zb"), bus: "ide" });
    expect(domainOf(synthStudy(stack).json).devices).not.toHaveProperty("controllers");
  });

  it("renders file and libvirt-volume sources, serial and read-only", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    const file = new FakeBackend(stack, "file", { type: "file", path: "/srv/img/test.qcow2" }, { ...ZVOL_FACTS, medium: "file", format: "qcow2" });
    const vol = new FakeBackend(stack, "vol", { type: "volume", pool: "bench", volume: "test.raw" }, ZVOL_FACTS);
    new DiskAttachment(stack, "f", { guest, backend: file, serial: "kvmbench-test" });
    new DiskAttachment(stack, "v", { guest, backend: vol, readOnly: true });
    const disks = domainOf(synthStudy(stack).json).devices.disks ?? [];
    expect(disks[0]).toMatchObject({ source: { file: { file: "/srv/img/test.qcow2" } }, driver: { type: "qcow2" }, serial: "kvmbench-test" });
    expect(disks[0]).not.toHaveProperty("read_only");
    expect(disks[1]).toMatchObject({ source: { volume: { pool: "bench", volume: "test.raw" } }, read_only: true });
  });

  it("production-like devices block (snapshot)", () => {
    const { stack, host } = newStack("prod");
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack), cache: "none", io: "native", discard: "unmap", serial: "data0" });
    const domain = domainOf(synthStudy(stack).json);
    expect(domain.devices.disks?.[0].driver).toEqual({ name: "qemu", type: "raw", cache: "none", io: "native", discard: "unmap" });
    expect(domain.devices).toMatchSnapshot();
  });
});

describe("target device names", () => {
  it("counts each family on its own, a..z then aa..", () => {
    const buses = ["virtio", "sata", "virtio", "virtio-scsi", "ide", "virtio"] as const;
    expect(allocateTargets(buses.map((bus) => ({ bus })))).toEqual(["vda", "sda", "vdb", "sdb", "hda", "vdc"]);
    expect([0, 25, 26, 27, 51, 52, 701, 702].map((i) => targetName("vd", i))).toEqual([
      "vda", "vdz", "vdaa", "vdab", "vdaz", "vdba", "vdzz", "vdaaa",
    ]);
  });

  it("keeps existing names when a disk is added, even one attached after the guest was built", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    const a = new DiskAttachment(stack, "a", { guest, backend: zvol(stack, "za") });
    const b = new DiskAttachment(stack, "b", { guest, backend: zvol(stack, "zb"), bus: "sata" });
    const c = new DiskAttachment(stack, "c", { guest, backend: zvol(stack, "zc") });
    const before = [a.targetDevice, b.targetDevice, c.targetDevice];
    const firstJson = domainOf(synthStudy(stack).json).devices.disks?.map((d) => d.target.dev);

    const d = new DiskAttachment(stack, "d", { guest, backend: zvol(stack, "zd"), bus: "virtio-scsi" });
    const e = new DiskAttachment(stack, "e", { guest, backend: zvol(stack, "ze") });
    const after = domainOf(synthStudy(stack).json).devices.disks?.map((x) => x.target.dev);

    expect(before).toEqual(["vda", "sda", "vdb"]);
    expect(firstJson).toEqual(before);
    expect(after).toEqual(["vda", "sda", "vdb", "sdb", "vdc"]);
    expect([d.targetDevice, e.targetDevice]).toEqual(["sdb", "vdc"]);
  });
});

describe("dependencies", () => {
  it("makes the domain depend on the backend's dependables", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host });
    const prepared = new Volume(stack, "prepared", { provider: host.provider, name: "x.raw", pool: "default", capacity: 1024 });
    const backend = new FakeBackend(stack, "vol", { type: "volume", pool: "default", volume: "x.raw" }, ZVOL_FACTS, [prepared]);
    new DiskAttachment(stack, "data", { guest, backend });
    expect(domainOf(synthStudy(stack).json).depends_on).toEqual(["libvirt_volume.prepared"]);
  });
});
