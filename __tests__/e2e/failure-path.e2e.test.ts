/**
 * The failure path for real: a guest that does not report within the study's timeout ends
 * `cdktf deploy` with a clear message, `<scenario>.failed.txt` and the guest's console log on the
 * host; `cdktf destroy` then leaves nothing behind.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deployStack } from "../../test-host/deploy";
import { assertTestHost, leftovers, tryWithoutKvm, type TryWithoutKvm } from "../../test-host/machine";
import { describeProvider, providerUnderTest } from "../../test-host/provider";

describe(`a guest that never reports in time (${describeProvider(providerUnderTest())}, TCG)`, () => {
  let host: TryWithoutKvm;
  const out = (): string => join(host.dir, "cdktf.out");
  const hostResults = (): string => join(host.workdir, "results", "try-without-kvm");
  beforeAll(() => {
    assertTestHost();
    host = tryWithoutKvm("kvmbench-e2e-failure", {
      scenarios: ["{ storage: raw, cache: none, bus: virtio }"],
      // Booting alone takes longer than this under TCG.
      replace: { "repeats: 1, install: false": "repeats: 1, install: false, timeout: 20s" },
    });
  });
  afterAll(() => host?.cleanUp());

  it("ends the deploy with the reason, failed.txt and the console log", () => {
    const deploy = deployStack("deploy", "raw-none-virtio", host.env, out());
    expect(deploy.status).not.toBe(0);
    expect(deploy.output).toContain("kvmbench wait: scenario raw-none-virtio: timed out after 20s waiting for results");
    expect(deploy.output).toContain(`guest console: ${hostResults()}/raw-none-virtio.console.log`);
    expect(readFileSync(join(hostResults(), "raw-none-virtio.failed.txt"), "utf8")).toContain("timed out after 20s");
    expect(existsSync(join(hostResults(), "raw-none-virtio.console.log"))).toBe(true);
  }, 15 * 60_000);

  it("is destroyed without a trace", () => {
    const destroy = deployStack("destroy", "raw-none-virtio", host.env, out());
    if (destroy.status !== 0) throw new Error(destroy.output.slice(-6000));
    expect(leftovers("raw-none-virtio", { workdir: host.workdir, devices: host.disks })).toEqual([]);
  }, 15 * 60_000);
});
