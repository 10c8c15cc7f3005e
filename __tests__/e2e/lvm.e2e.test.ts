/**
 * An LVM scenario as far as this kernel allows: it has no device-mapper, so logical volumes
 * cannot be activated and the deploy stops at lvcreate. Up to there it is real: the tagged
 * volume group on a loop device, and the libvirt `logical` pool over it, which must neither
 * build the group again (the deploy would fail at the pool) nor delete it on destroy (the
 * group's own tag-guarded step removes it, leaving the disk blank).
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deployStack } from "../../test-host/deploy";
import { LoopDevices } from "../../test-host/loop-devices";
import { assertTestHost, cleanUp, leftovers, sharedTempDir, terraformEnv, URI } from "../../test-host/machine";
import { describeProvider, providerUnderTest } from "../../test-host/provider";

const VG = "kvmbench-lvm";

function vgTags(): string | undefined {
  const vgs = spawnSync("lvm", ["vgs", "--noheadings", "-o", "vg_tags", VG], { encoding: "utf8" });
  return vgs.status === 0 ? vgs.stdout.trim() : undefined;
}

describe(`an LVM scenario on a kernel without device-mapper (${describeProvider(providerUnderTest())})`, () => {
  let dir: string;
  let loops: LoopDevices;
  let disks: string[];
  let env: Record<string, string>;
  const workdir = (): string => join(dir, "host");
  const out = (): string => join(dir, "cdktf.out");

  beforeAll(() => {
    assertTestHost();
    dir = sharedTempDir("kvmbench-e2e-lvm");
    loops = new LoopDevices(dir);
    disks = [loops.create("disk1", 256 * 1024 * 1024)];
    const study = join(dir, "study.yaml");
    writeFileSync(
      study,
      [
        "version: 1",
        "name: lvm-check",
        `host: { accelerator: tcg, workdir: ${workdir()} }`,
        `devices: { disk1: ${disks[0]} }`,
        "storage: { lvm: { kind: lvm, device: disk1, size: 64MiB } }",
        "guest: { os: linux, imageDirectory: /var/cache/kvmbench-test-host/guest, image: /var/cache/kvmbench-test-host/guest/guest.qcow2, network: none }",
        "benchmark: { profile: quick, size: 32MiB, repeats: 1, install: false }",
        "matrix: { storage: [lvm], cache: [none], bus: [virtio] }",
        "",
      ].join("\n"),
    );
    env = { KVMBENCH_STUDY: study, KVMBENCH_RESULTS: join(dir, "results"), ...terraformEnv(dir) };
  });
  afterAll(() => {
    if (!dir) return;
    spawnSync("lvm", ["vgremove", "-y", VG]);
    spawnSync("lvm", ["pvremove", "-y", disks[0]]);
    cleanUp(dir, loops);
  });

  it("makes the tagged group and a started pool over it, then stops at lvcreate", () => {
    const deploy = deployStack("deploy", "lvm-none-virtio", env, out());
    expect(deploy.status).not.toBe(0);
    expect(deploy.output).not.toMatch(/already (built|formatted)/i);
    expect(deploy.output).toMatch(/device-mapper|lvcreate/);
    expect(vgTags()).toBe("kvmbench:owner=lvm-none-virtio");
    const pool = spawnSync("virsh", ["-q", "-c", URI, "pool-info", VG], { encoding: "utf8" });
    expect(pool.stdout).toMatch(/State:\s+running/);
  }, 15 * 60_000);

  it("destroy removes the pool without touching the group, then the group's own step removes it", () => {
    const destroy = deployStack("destroy", "lvm-none-virtio", env, out());
    if (destroy.status !== 0) throw new Error(destroy.output.slice(-6000));
    expect(destroy.output).toMatch(/kvmbench\[lvm-none-virtio\].*(removing|removed) volume group/i);
    expect(vgTags()).toBeUndefined();
    expect(spawnSync("virsh", ["-q", "-c", URI, "pool-info", VG]).status).not.toBe(0);
    expect(leftovers("lvm-none-virtio", { workdir: workdir(), devices: disks })).toEqual([]);
  }, 15 * 60_000);
});
