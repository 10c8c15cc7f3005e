/**
 * `cdktf deploy` and `cdktf destroy` of check-mode scenarios (`benchmark.mode: check`) for real on
 * this host, under TCG, on loop devices: the provider defines and starts the guest, the DiskCheck
 * records the disk QEMU opened and stops the guest without a benchmark (a deploy takes under a
 * minute), and the collector's result file says the disk is as the scenario says; the next plan
 * is empty and destroy leaves nothing. A raw device with cache=directsync and io=native on virtio,
 * and a qcow2 on ext4 with writeback on IDE.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCheckResultFile } from "../../results/load-check-result-file";
import { deployStack, expectEmptyPlan } from "../../test-host/deploy";
import { assertTestHost, leftovers, tryWithoutKvm, URI, type TryWithoutKvm } from "../../test-host/machine";
import { describeProvider, providerUnderTest } from "../../test-host/provider";

const MEASURING = "benchmark: { profile: quick, size: 32MiB, repeats: 1, install: false }";
const CHECKING = "benchmark: { profile: quick, size: 32MiB, repeats: 1, install: false, mode: check }";

describe(`a check-mode deploy and destroy on this host (${describeProvider(providerUnderTest())}, TCG)`, () => {
  let host: TryWithoutKvm;
  const out = (): string => join(host.dir, "cdktf.out");
  beforeAll(() => {
    assertTestHost();
    host = tryWithoutKvm("kvmbench-e2e-check", {
      // Named apart from the other suites' stacks, whose guests (kvmbench-<stack>), volumes, pools
      // and locks may be there meanwhile: no name here contains another suite's, or is contained in one.
      scenarios: ["{ storage: raw, cache: directsync, bus: virtio, io: native, name: check-raw-directsync-virtio-native }", "{ storage: ext4-qcow2, cache: writeback, bus: ide, name: check-ext4-qcow2-writeback-ide }"],
      replace: { [MEASURING]: CHECKING },
    });
  });
  afterAll(() => host?.cleanUp());

  it.each([
    ["check-raw-directsync-virtio-native", "block", "cache=directsync (O_DIRECT, write cache off), io=native"],
    ["check-ext4-qcow2-writeback-ide", "file", "cache=writeback (host page cache, write cache on), io=default"],
  ])(
    "%s: the deploy starts the guest, checks its %s disk and stops it; the result file is a passed check; destroy leaves nothing",
    (stack, medium, cache) => {
      const domain = `kvmbench-${stack}`;
      try {
        const started = Date.now();
        const deploy = deployStack("deploy", stack, host.env, out());
        if (deploy.status !== 0) throw new Error(`cdktf deploy ${stack} failed (${deploy.status}):\n${deploy.output.slice(-6000)}`);
        expect(Date.now() - started).toBeLessThan(5 * 60_000);
        expect(deploy.output).toContain(`kvmbench collect: disk check of ${stack} passed (15 checks): QEMU opened ${medium} `);
        expect(deploy.output).toContain(cache);
        expect(deploy.output).toContain(`results_path = "${join(host.results, `${stack}.json`)}"`);
        expect(execFileSync("virsh", ["-q", "-c", URI, "domstate", domain], { encoding: "utf8" }).trim()).toBe("shut off");

        const result = loadCheckResultFile(join(host.results, `${stack}.json`));
        expect(result).toMatchObject({ kind: "check", scenario: stack, check: { domain, ok: true }, caches: { pageCacheDropped: true } });
        expect(result.check.findings.filter((f) => !f.ok)).toEqual([]);
        expect(result.host.qemu).toBeDefined();
        const logs = join(host.workdir, "results", "try-without-kvm");
        for (const record of ["check-domain.xml", "check-domblklist.txt", "check-query-block.json", "check-write-cache.txt", "check-qemu-process.txt"]) {
          expect(existsSync(join(logs, `${stack}.${record}`))).toBe(true);
        }
        expect(readFileSync(join(logs, `${stack}.check-domain.xml`), "utf8")).toContain("<serial>kvmbench-dut</serial>");
        expectEmptyPlan(stack, host.env, out());
      } finally {
        const destroy = deployStack("destroy", stack, host.env, out());
        if (destroy.status !== 0) throw new Error(`cdktf destroy ${stack} failed (${destroy.status}):\n${destroy.output.slice(-6000)}`);
        expect(leftovers(stack, { workdir: host.workdir, devices: host.disks })).toEqual([]);
      }
    },
    15 * 60_000,
  );
});
