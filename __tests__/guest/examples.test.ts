import { Testing } from "../../constructs/core/cdktf";
import { ExistingPoolGuestStack } from "../../examples/existing-pool-guest";
import { ProductionGuestStack } from "../../examples/production-guest";
import { WindowsGuestStack } from "../../examples/windows-guest";
import { domainOf, synthStudy } from "../attachment/support";

describe("examples", () => {
  it("production guest: zvol on virtio, cache=none, io=native, discard=unmap, no warnings", () => {
    const stack = new ProductionGuestStack(Testing.app(), "production");
    const { json, warnings } = synthStudy(stack);
    const domain = domainOf(json);
    expect(warnings).toEqual([]);
    expect(domain).toMatchObject({ name: "db1", vcpu: 4, memory: 8192, autostart: true, os: { firmware: "efi", type_machine: "q35" } });
    expect(domain.devices.disks?.find((d) => d.serial === "db1-data")).toEqual({
      source: { block: { dev: "/dev/zvol/tank/db1-data" } },
      target: { dev: "vdb", bus: "virtio" },
      driver: { name: "qemu", type: "raw", cache: "none", io: "native", discard: "unmap" },
      serial: "db1-data",
    });
    expect(stack.data.targetDevice).toBe("vdb");
  });

  it("guest with its data disk in the host's existing pool: a volume in pool default, the pool left alone, no warnings", () => {
    const stack = new ExistingPoolGuestStack(Testing.app(), "app");
    const { json, warnings } = synthStudy(stack);
    expect(warnings).toEqual([]);
    expect(json.resource.libvirt_pool).toBeUndefined();
    expect(json.resource.terraform_data).toBeUndefined();
    const volumes = Object.values(json.resource.libvirt_volume ?? {});
    expect(volumes.map((v) => v.pool)).toEqual(["default", "default", "default", "default"]);
    expect(volumes.find((v) => v.name === "app1-data.qcow2")).toMatchObject({ capacity: 100 * 1024 ** 3, target: { format: { type: "qcow2" } } });
    expect(domainOf(json).devices.disks?.find((d) => d.serial === "app1-data")).toEqual({
      source: { volume: { pool: "default", volume: "app1-data.qcow2" } },
      target: { dev: "vdb", bus: "virtio" },
      driver: { name: "qemu", type: "qcow2", cache: "none", io: "native", discard: "unmap" },
      serial: "app1-data",
    });
  });

  it("windows guest: Hyper-V, local time, virtio-win CD-ROM, zvol data disk", () => {
    const stack = new WindowsGuestStack(Testing.app(), "windows");
    const domain = domainOf(synthStudy(stack).json);
    expect(domain.features?.hyper_v).toBeDefined();
    expect(domain.clock).toMatchObject({ offset: "localtime" });
    expect(domain.devices.disks?.map((d) => [d.device ?? "disk", d.target.dev, d.target.bus])).toEqual([
      ["disk", "sda", "sata"],
      ["cdrom", "sdb", "sata"],
      ["disk", "vda", "virtio"],
      ["cdrom", "sdc", "sata"],
    ]);
  });
});
