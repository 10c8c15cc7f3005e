/**
 * The storage constructs that make something on the host share one base: a construct with one
 * host step that makes and unmakes one marked object. Sizes reach them as a value type.
 */
import { Construct } from "constructs";
import type { Host } from "../../constructs/host/host";
import { shellJoin } from "../../constructs/host/script";
import { BlockDevice, DiskImage, Filesystem, HostObject, LogicalVolume, LvmVolumeGroup, RawDisk, ZfsDataset, ZfsPool, Zvol } from "../../constructs/storage";
import { stepNamed, type SynthesizedJson } from "../host/support/steps";
import { synthConforming } from "../support/synth";
import { HDD, studyStack, validationErrors } from "./support/stacks";

describe("HostObject", () => {
  it("is what every storage construct that makes something on the host is: one step, which is what waits on it", () => {
    const { stack, host, ssd } = studyStack("s");
    const hdd = new BlockDevice(stack, "hdd", { host, path: HDD });
    const pool = new ZfsPool(stack, "pool", { devices: [ssd] });
    const dataset = new ZfsDataset(stack, "dataset", { pool });
    const zvol = new Zvol(stack, "zvol", { pool, size: "10GiB" });
    const fs = new Filesystem(stack, "fs", { device: zvol, type: "xfs" });
    const group = new LvmVolumeGroup(stack, "vg", { devices: [hdd], libvirtPool: false });
    const lv = new LogicalVolume(stack, "lv", { volumeGroup: group, size: "1GiB" });
    const image = new DiskImage(stack, "image", { location: fs, size: "1GiB" });
    const other = studyStack("t");
    const raw = new RawDisk(other.stack, "raw", { device: other.ssd });
    const objects: HostObject[] = [pool, dataset, zvol, fs, group, lv, image, raw];
    for (const object of objects) {
      expect(object).toBeInstanceOf(HostObject);
      expect(object.dependables).toEqual([object.step.resource]);
      expect(object.node.children.filter((c) => c === object.step)).toHaveLength(1);
    }
    expect(raw.step.node.id).toBe("claim");
    expect(image.step.node.id).toBe("create");
    // each step waits for what its object is made on
    const json = synthConforming(stack) as unknown as SynthesizedJson;
    expect(stepNamed(json, "image_create").depends_on).toEqual([expect.stringMatching(/^terraform_data\.fs_create_step/)]);
    expect(stepNamed(json, "fs_create").depends_on).toEqual([expect.stringMatching(/^terraform_data\.zvol_create_step/)]);
    expect(stepNamed(json, "lv_create").depends_on).toEqual([expect.stringMatching(/^terraform_data\.vg_create_step/)]);
  });

  it("has one step, created by the subclass, and reports what checkProps finds at synth", () => {
    class Marker extends HostObject {
      constructor(scope: Construct, id: string, host: Host, private readonly problem?: string) {
        super(scope, id, host);
        this.createStep({ script: "disk-image.sh", environment: { IMAGE_PATH: "/var/lib/kvmbench/x.img", CREATE_COMMAND: "true" } });
      }
      public again(): void {
        this.createStep({ script: "disk-image.sh", environment: {} });
      }
      protected checkProps(): string[] {
        return this.problem ? [this.problem] : [];
      }
    }
    const { stack, host } = studyStack("s");
    const marker = new Marker(stack, "m", host, "marker: something is wrong");
    expect(() => marker.again()).toThrow("s/m: a HostObject has one host step");
    expect(validationErrors(stack)).toContain("marker: something is wrong");
  });
});

describe("sizes as a value type", () => {
  it("a Size and its text give the same host commands and facts", () => {
    const fromText = studyStack("s");
    const fromSize = studyStack("s");
    const build = (ctx: ReturnType<typeof studyStack>, size: string | { text: string; bytes: number }) => {
      const pool = new ZfsPool(ctx.stack, "pool", { devices: [ctx.ssd], recordsize: typeof size === "string" ? "64K" : { text: "64KiB", bytes: 65536 } });
      return { pool, zvol: new Zvol(ctx.stack, "zvol", { pool, size }) };
    };
    const { pool: poolA, zvol: a } = build(fromText, "100GiB");
    const { pool: poolB, zvol: b } = build(fromSize, { text: "100GiB", bytes: 100 * 1024 ** 3 });
    expect(shellJoin(b.createCommand)).toBe(shellJoin(a.createCommand));
    expect(shellJoin(poolB.createCommand)).toBe(shellJoin(poolA.createCommand));
    expect(b.facts).toEqual(a.facts);
    expect(b.size).toEqual({ text: "100GiB", bytes: 107374182400 });
    expect(shellJoin(a.createCommand)).toBe("zfs create -V 100G -o volblocksize=16K -o kvmbench:owner=s kvmbench/vm");
  });

  it("a size that is not one leaves the zvol without a size (not NaN) and fails synth with the reason", () => {
    const { stack, ssd } = studyStack("s");
    const pool = new ZfsPool(stack, "pool", { devices: [ssd] });
    const zvol = new Zvol(stack, "zvol", { pool, size: "lots" });
    expect(zvol.size).toBeUndefined();
    expect(shellJoin(zvol.createCommand)).toContain("-V lots");
    expect(validationErrors(stack)).toContain('zvol kvmbench/vm: size "lots" is not a size; write e.g. 100GiB, 16K or 512');
  });
});
