/**
 * PoolVolume: a guest disk libvirt makes as a volume in a storage pool, most often one that is
 * already on the host (`DirectoryPool.fromName`). Synthesized through the schema conformance
 * check, so the `libvirt_volume` has what provider 0.9.7 requires.
 */
import { DiskAttachment } from "../../constructs/attachment";
import { TerraformStack } from "../../constructs/core/cdktf";
import { Guest } from "../../constructs/guest";
import { Host } from "../../constructs/host/host";
import { BlockDevice, DirectoryPool, type DiskFormat, Filesystem, PoolVolume } from "../../constructs/storage";
import { domainOf, newStack, synthError, synthStudy } from "../attachment/support";
import { SSD, validationErrors } from "./support/stacks";

/** The libvirt_volume resources of a stack by logical id, without the cdktf metadata. */
function volumesOf(json: ReturnType<typeof synthStudy>["json"]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(json.resource.libvirt_volume ?? {}).map(([id, { ["//"]: _metadata, ...volume }]) => [id, volume]));
}

function guestWithDataDisk(stack: TerraformStack, host: Host, data: PoolVolume, cache: "none" | "writeback" = "none"): DiskAttachment {
  const guest = new Guest(stack, "db1", { host });
  return new DiskAttachment(stack, "attachment", { guest, backend: data, cache, serial: "db1-data" });
}

describe("PoolVolume in an existing libvirt pool", () => {
  it("a guest's data disk: a libvirt_volume in pool default, and a domain disk with that volume as its source", () => {
    const { stack, host } = newStack("prod");
    const pool = DirectoryPool.fromName(stack, "default", { host, name: "default" });
    const data = new PoolVolume(stack, "data-volume", { pool, name: "db1-data.qcow2", size: "100GiB" });
    guestWithDataDisk(stack, host, data);
    const { json, warnings } = synthStudy(stack);
    expect(warnings).toEqual([]);
    const volumes = volumesOf(json);
    expect(Object.values(volumes)).toEqual([
      { name: "db1-data.qcow2", pool: "default", capacity: 100 * 1024 ** 3, target: { format: { type: "qcow2" } }, provider: "libvirt" },
    ]);
    expect(json.resource.libvirt_pool).toBeUndefined();
    expect(json.resource.terraform_data).toBeUndefined();
    const domain = domainOf(json);
    expect(domain.devices.disks).toEqual([
      {
        source: { volume: { pool: "default", volume: "db1-data.qcow2" } },
        target: { dev: "vda", bus: "virtio" },
        driver: { name: "qemu", type: "qcow2", cache: "none" },
        serial: "db1-data",
      },
    ]);
    expect(domain.depends_on).toEqual(Object.keys(volumes).map((id) => `libvirt_volume.${id}`));
    expect(data.source).toEqual({ type: "volume", pool: "default", volume: "db1-data.qcow2" });
    expect(data.facts.summary).toBe("qcow2 volume db1-data.qcow2 (100GiB) in libvirt pool default on ext4");
  });

  it("a raw volume is raw in the pool and in the domain", () => {
    const { stack, host } = newStack();
    const data = new PoolVolume(stack, "data", { pool: DirectoryPool.fromName(stack, "p", { host, name: "vms" }), name: "db1.img", size: "8GiB", format: "raw" });
    guestWithDataDisk(stack, host, data);
    const { json } = synthStudy(stack);
    expect(Object.values(volumesOf(json))).toEqual([expect.objectContaining({ pool: "vms", target: { format: { type: "raw" } } })]);
    expect(domainOf(json).devices.disks?.[0].driver?.type).toBe("raw");
  });

  it("is judged by the filesystem the pool is declared on: cache=none on a ZFS pool of OpenZFS 2.2 warns", () => {
    const { stack } = newStack();
    const host = new Host(stack, "zfs-host", { openZfsVersion: "2.2" });
    const pool = DirectoryPool.fromName(stack, "p", { host, name: "tank-images", filesystem: "zfs" });
    const data = new PoolVolume(stack, "data", { pool, name: "db1.qcow2", size: "8GiB" });
    guestWithDataDisk(stack, host, data);
    const { warnings } = synthStudy(stack);
    expect(data.facts).toMatchObject({ filesystem: "zfs", onZfs: true });
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("cache=none on qcow2 volume db1.qcow2 (8GiB) in libvirt pool tank-images on zfs: OpenZFS 2.2 accepts O_DIRECT on datasets but ignores it"),
    ]);
  });

  it("fails synth on a bad name, format or size, naming the volume and the fix", () => {
    const { stack, host } = newStack();
    const pool = DirectoryPool.fromName(stack, "p", { host, name: "default" });
    new PoolVolume(stack, "a", { pool, name: "../../etc/shadow", size: "1GiB" });
    new PoolVolume(stack, "b", { pool, name: "b.vmdk", size: "1GiB", format: "vmdk" as unknown as DiskFormat });
    new PoolVolume(stack, "c", { pool, name: "c.qcow2", size: "10GB" });
    new PoolVolume(stack, "d", { pool, name: "d.qcow2", size: "1000" });
    const errors = validationErrors(stack);
    expect(errors).toContain('[test-stack/a] libvirt volume name "../../etc/shadow" may only hold letters, digits and _ . : + -');
    expect(errors).toContain('[test-stack/b] volume b.vmdk in libvirt pool default: format "vmdk" must be qcow2 or raw');
    expect(errors).toContain("[test-stack/c] volume c.qcow2 in libvirt pool default: size \"10GB\" has an unknown unit \"GB\" (SI units are not accepted; write GiB for binary)");
    expect(errors).toContain("[test-stack/d] volume d.qcow2 in libvirt pool default: size 1000 must be a positive multiple of 512 bytes");
  });
});

describe("PoolVolume in a DirectoryPool kvmbench defines", () => {
  it("waits for the filesystem and the pool, and takes its facts from what is underneath", () => {
    const { stack, host } = newStack();
    const fs = new Filesystem(stack, "fs", { device: new BlockDevice(stack, "ssd", { host, path: SSD }), type: "xfs" });
    const pool = new DirectoryPool(stack, "images", { location: fs });
    const data = new PoolVolume(stack, "data", { pool, name: "db1.qcow2", size: "8GiB" });
    guestWithDataDisk(stack, host, data);
    const { json } = synthStudy(stack);
    const [volume] = Object.values(volumesOf(json));
    expect(volume).toMatchObject({ pool: "kvmbench-images", depends_on: [expect.stringMatching(/^terraform_data\.fs_create_/), expect.stringMatching(/^libvirt_pool\.images_pool_/)] });
    expect(data.facts).toMatchObject({ filesystem: "xfs", onZfs: false, hostDevices: [SSD] });
    expect(domainOf(json).devices.disks?.[0].source).toEqual({ volume: { pool: "kvmbench-images", volume: "db1.qcow2" } });
  });

  it("is refused by the rules where its pool is: cache=none on ZFS before OpenZFS 0.8", () => {
    const { stack } = newStack();
    const host = new Host(stack, "old-host", { openZfsVersion: "0.7" });
    const pool = DirectoryPool.fromName(stack, "p", { host, name: "tank", filesystem: "zfs" });
    guestWithDataDisk(stack, host, new PoolVolume(stack, "data", { pool, name: "db1.qcow2", size: "8GiB" }));
    expect(synthError(stack)).toContain("cache=none needs O_DIRECT, which qcow2 volume db1.qcow2 (8GiB) in libvirt pool tank on zfs does not support");
  });
});
