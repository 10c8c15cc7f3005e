/**
 * `cdktf deploy <stack>` and `cdktf destroy <stack>` for real on this host, under TCG, as a user
 * runs them: the baseline, a raw loop device with io=native, and a qcow2 on ext4 with writeback,
 * both on virtio (so on q35, where Debian's cloud kernel has no AHCI driver: the guest reads its
 * cloud-init data only because it comes on a virtio disk).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadResultFile } from "../../results/load-result-file";
import { deployStack, expectEmptyPlan } from "../../test-host/deploy";
import { assertTestHost, GUEST, leftovers, tryWithoutKvm, type TryWithoutKvm } from "../../test-host/machine";
import { describeProvider, providerUnderTest } from "../../test-host/provider";

describe(`cdktf deploy and destroy on this host (${describeProvider(providerUnderTest())}, TCG)`, () => {
  let host: TryWithoutKvm;
  const out = (): string => join(host.dir, "cdktf.out");
  beforeAll(() => {
    assertTestHost();
    host = tryWithoutKvm("kvmbench-e2e-cdktf", {
      scenarios: ["{ storage: raw, cache: none, bus: virtio, io: native }", "{ storage: ext4-qcow2, cache: writeback, bus: virtio }"],
    });
  });
  afterAll(() => host?.cleanUp());

  function deployed(stack: string): void {
    const deploy = deployStack("deploy", stack, host.env, out());
    if (deploy.status !== 0) throw new Error(`cdktf deploy ${stack} failed (${deploy.status}):\n${deploy.output.slice(-6000)}`);
    expect(deploy.output).toContain(`results_path = "${join(host.results, `${stack}.json`)}"`);
    expectEmptyPlan(stack, host.env, out());
  }

  function destroyedLeavingNothing(stack: string): void {
    const destroy = deployStack("destroy", stack, host.env, out());
    if (destroy.status !== 0) throw new Error(`cdktf destroy ${stack} failed (${destroy.status}):\n${destroy.output.slice(-6000)}`);
    expect(leftovers(stack, { workdir: host.workdir, devices: host.disks })).toEqual([]);
  }

  it.each(["baseline", "raw-none-virtio-native", "ext4-qcow2-writeback-virtio"])(
    "%s: deploy ends with a complete, verified result file and an empty next plan; destroy leaves no domain, volume, lock, marker or signature",
    (stack) => {
      try {
        deployed(stack);
        const result = loadResultFile(join(host.results, `${stack}.json`), stack === "baseline" ? "baseline" : "scenario");
        expect([...result.tests.keys()].sort()).toEqual(["rand-read-4k", "rand-write-4k", "seq-read", "seq-write"]);
        for (const summary of result.tests.values()) expect(summary.statistics.mbPerSecond?.median).toBeGreaterThan(0);
      } finally {
        destroyedLeavingNothing(stack);
      }
    },
    20 * 60_000,
  );

  it("ran the guest on q35 with Debian's cloud kernel, which read its user-data from the virtio disk", () => {
    const file = JSON.parse(readFileSync(join(host.results, "raw-none-virtio-native.json"), "utf8")) as {
      configuration: { attachment: { machine: string; io?: string } };
      guest?: { kernel?: string };
    };
    expect(file.configuration.attachment).toMatchObject({ machine: "q35", io: "native" });
    const console = join(host.workdir, "results", "try-without-kvm", "raw-none-virtio-native.console.log");
    expect(existsSync(console)).toBe(true);
    const log = readFileSync(console, "utf8");
    expect(log).toMatch(/Linux version \S+-cloud-amd64/);
    expect(log).toContain("kvmbench: disk under test: /dev/vd");
    expect(GUEST.kernel).toMatch(/vmlinuz$/);
  });
});
