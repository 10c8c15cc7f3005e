import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Construct } from "constructs";
import { App, TerraformStack, Testing, Tokenization } from "cdktf";
import {
  CloudinitDisk,
  CloudinitDiskConfig,
  LibvirtCloudinitDisk,
  LibvirtPool,
  LibvirtProvider,
  LibvirtVolume,
  Pool,
  PoolConfig,
  Volume,
  VolumeConfig,
} from "../../constructs/core/libvirt";
import { withoutUndefined } from "../../constructs/core/lean-resource";
import { TerraformData } from "../../constructs/core/terraform-data";

/** The libvirt resource classes a test stack is built with: the generated ones or the lean ones. */
interface Kinds {
  readonly volume: new (scope: Construct, id: string, config: VolumeConfig) => Volume | LibvirtVolume;
  readonly pool: new (scope: Construct, id: string, config: PoolConfig) => Pool | LibvirtPool;
  readonly cloudinit: new (scope: Construct, id: string, config: CloudinitDiskConfig) => CloudinitDisk | LibvirtCloudinitDisk;
}

const GENERATED: Kinds = { volume: Volume, pool: Pool, cloudinit: CloudinitDisk };
const LEAN: Kinds = { volume: LibvirtVolume, pool: LibvirtPool, cloudinit: LibvirtCloudinitDisk };

/** Every shape kvmbench's constructs give these resources, with references between them. */
function buildStack(stack: TerraformStack, kinds: Kinds): void {
  const provider = new LibvirtProvider(stack, "libvirt", { uri: "qemu:///system" });
  const step = new TerraformData(stack, "vg", { input: { VG: "kvmbench" } });
  const dirPool = new kinds.pool(stack, "dir-pool", { provider, name: "kvmbench-images", type: "dir", target: { path: "/mnt/images" }, dependsOn: [step] });
  const lvmPool = new kinds.pool(stack, "lvm-pool", {
    provider,
    name: "kvmbench",
    type: "logical",
    source: { name: "kvmbench", device: [{ path: "/dev/sdb" }, { path: "/dev/sdc" }] },
    target: { path: "/dev/kvmbench" },
    dependsOn: [step],
  });
  const image = new kinds.volume(stack, "image", {
    provider,
    name: "guest-boot-image.qcow2",
    pool: "default",
    target: { format: { type: "qcow2" } },
    create: { content: { url: "https://example.org/debian.qcow2" } },
  });
  const boot = new kinds.volume(stack, "boot", {
    provider,
    name: "guest-boot.qcow2",
    pool: "default",
    capacity: 21474836480,
    target: { format: { type: "qcow2" } },
    backingStore: { path: image.path, format: { type: "qcow2" } },
  });
  const cidata = new kinds.cloudinit(stack, "cidata", {
    provider,
    name: "guest-cidata",
    userData: "#cloud-config\n",
    metaData: "instance-id: guest\n",
    networkConfig: undefined,
  });
  const iso = new kinds.volume(stack, "cidata-volume", {
    provider,
    name: "guest-cidata.iso",
    pool: "default",
    target: { format: { type: "raw" } },
    create: { content: { url: cidata.path } },
    dependsOn: [dirPool, lvmPool],
  });
  // Attribute reads and depends_on entries pointing at the resources, as the guest and runner make them.
  new TerraformData(stack, "after", { input: { BOOT: boot.name, ISO: iso.name, POOL: dirPool.name }, dependsOn: [boot, iso, cidata, lvmPool] });
}

function synthWith(kinds: Kinds): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), "lean");
  buildStack(stack, kinds);
  return JSON.parse(Testing.synth(stack)) as Record<string, unknown>;
}

describe("lean libvirt resources", () => {
  it("synthesize exactly what the generated Volume, Pool and CloudinitDisk do", () => {
    const lean = synthWith(LEAN);
    expect(lean).toEqual(synthWith(GENERATED));
    // and the comparison is not vacuous
    expect(JSON.stringify(lean)).toContain('"backing_store":{"format":{"type":"qcow2"},"path":"${libvirt_volume.image.path}"}');
    expect(JSON.stringify(lean)).toContain('"depends_on":["libvirt_pool.dir-pool","libvirt_pool.lvm-pool"]');
  });

  it("write the same file as the generated classes through a full app synth", () => {
    const files = [GENERATED, LEAN].map((kinds) => {
      const outdir = mkdtempSync(join(tmpdir(), "kvmbench-lean-"));
      const app = new App({ outdir, stackTraces: false });
      buildStack(new TerraformStack(app, "lean"), kinds);
      app.synth();
      return readFileSync(join(outdir, "stacks", "lean", "cdk.tf.json"), "utf8");
    });
    expect(files[1]).toBe(files[0]);
  });

  it("resolve a reference from another stack as cdktf does (output plus remote state)", () => {
    const synthTwoStacks = (kinds: Kinds): string => {
      const outdir = mkdtempSync(join(tmpdir(), "kvmbench-lean-"));
      const app = new App({ outdir, stackTraces: false });
      const origin = new TerraformStack(app, "origin");
      const provider = new LibvirtProvider(origin, "libvirt", {});
      const image = new kinds.volume(origin, "image", { provider, name: "base.qcow2", pool: "default" });
      const consumer = new TerraformStack(app, "consumer");
      const consumerProvider = new LibvirtProvider(consumer, "libvirt", {});
      new kinds.volume(consumer, "layer", { provider: consumerProvider, name: "layer.qcow2", pool: "default", backingStore: { path: image.path } });
      app.synth();
      return ["origin", "consumer"].map((s) => readFileSync(join(outdir, "stacks", s, "cdk.tf.json"), "utf8")).join("\n");
    };
    const lean = synthTwoStacks(LEAN);
    expect(lean).toBe(synthTwoStacks(GENERATED));
    expect(lean).toContain("terraform_remote_state");
  });

  it("make their reference tokens without capturing stack traces", () => {
    const stack = new TerraformStack(Testing.app(), "lean");
    const volume = new LibvirtVolume(stack, "v", { name: "v.raw", pool: "default" });
    const [token] = Tokenization.reverseString(volume.path).tokens;
    expect(token.creationStack).toEqual([]);
    const [fqn] = Tokenization.reverseString(volume.fqn).tokens;
    expect(fqn.creationStack).toEqual([]);
  });
});

describe("withoutUndefined", () => {
  it("drops undefined entries at every depth and keeps everything else", () => {
    const token = Tokenization.reverseString(new LibvirtVolume(new TerraformStack(Testing.app(), "s"), "v", { name: "v", pool: "p" }).path).tokens[0];
    expect(withoutUndefined({ a: undefined, b: { c: undefined, d: 1, e: [undefined, { f: undefined, g: "x" }] }, h: {}, i: null, j: token })).toEqual({
      b: { d: 1, e: [{ g: "x" }] },
      h: {},
      i: null,
      j: token,
    });
    expect(withoutUndefined({ j: token }).j).toBe(token);
  });
});
