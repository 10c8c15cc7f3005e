import { TerraformStack, Testing } from "../constructs/core/cdktf";
import { buildApp } from "../stacks/app";
import { synthConforming } from "./support/synth";

describe("the default app (what `npx cdktf synth` writes)", () => {
  const app = buildApp(Testing.app());
  const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);

  it("has stacks", () => {
    expect(stacks.map((s) => s.node.id)).toContain("example");
  });

  it.each(stacks.map((s) => [s.node.id, s] as const))("stack %s conforms to the libvirt schema", (_id, stack) => {
    expect(() => synthConforming(stack)).not.toThrow();
  });
});

describe("example stack", () => {
  const stack = buildApp(Testing.app()).node.findChild("example") as TerraformStack;
  const json = synthConforming(stack) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const domain = json.resource.libvirt_domain.guest as { devices: { disks: unknown[] } };

  it("has a dir pool and a qcow2 volume in it", () => {
    expect(json.resource.libvirt_pool.pool).toMatchObject({ type: "dir", target: { path: "/var/lib/kvmbench/example" } });
    expect(json.resource.libvirt_volume.disk).toMatchObject({
      pool: "${libvirt_pool.pool.name}",
      target: { format: { type: "qcow2" } },
    });
  });

  it("attaches the volume on virtio with cache=writeback", () => {
    expect(domain.devices.disks).toEqual([
      {
        driver: { cache: "writeback", name: "qemu", type: "qcow2" },
        source: { volume: { pool: "${libvirt_pool.pool.name}", volume: "${libvirt_volume.disk.name}" } },
        target: { bus: "virtio", dev: "vda" },
      },
    ]);
  });
});
