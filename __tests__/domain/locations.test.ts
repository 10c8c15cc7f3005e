import { defaultResultsDirectory, hostMountpoint, hostResultsDirectory, kvmbenchDirectory, outputsFile, resultFile, runHostFiles, runLogFile, stateFile, synthSlotDirectory } from "../../domain/locations";
import { readResultsPath } from "../../orchestrate/stack-outputs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("locations", () => {
  it("on the KVM host: a study's logs under the workdir, a run's files by stack, mountpoints by storage", () => {
    expect(hostResultsDirectory("/var/lib/kvmbench", "seed-study")).toBe("/var/lib/kvmbench/results/seed-study");
    expect(hostResultsDirectory("/var/lib/kvmbench")).toBe("/var/lib/kvmbench/results");
    expect(runHostFiles("/var/lib/kvmbench/results/seed-study", "zvol-none-virtio")).toEqual({
      serialLog: "/var/lib/kvmbench/results/seed-study/zvol-none-virtio.serial.log",
      consoleLog: "/var/lib/kvmbench/results/seed-study/zvol-none-virtio.console.log",
      hostFacts: "/var/lib/kvmbench/results/seed-study/zvol-none-virtio.host.json",
      cacheRecord: "/var/lib/kvmbench/results/seed-study/zvol-none-virtio.caches.json",
      failed: "/var/lib/kvmbench/results/seed-study/zvol-none-virtio.failed.txt",
    });
    expect(hostMountpoint("/srv/kvmbench", "xfs-qcow2")).toBe("/srv/kvmbench/mnt/xfs-qcow2");
  });

  it("where Terraform runs: result files, state, outputs, synth slots and logs beside the results", () => {
    expect(defaultResultsDirectory("seed-study", "/home/me/.local/share")).toBe("/home/me/.local/share/kvmbench/results/seed-study");
    expect(resultFile("/r/seed", "baseline")).toBe("/r/seed/baseline.json");
    expect(kvmbenchDirectory("/r/seed")).toBe("/r/seed/.kvmbench");
    expect(stateFile("/r/seed", "raw-none-ide")).toBe("/r/seed/.kvmbench/state/raw-none-ide.tfstate");
    expect(outputsFile("/r/seed", "raw-none-ide")).toBe("/r/seed/.kvmbench/outputs/raw-none-ide.json");
    expect(synthSlotDirectory("/r/seed", 2)).toBe("/r/seed/.kvmbench/cdktf.out/slot-2");
    expect(runLogFile("/r/seed", "raw-none-ide")).toBe("/r/seed/logs/raw-none-ide.log");
    // a directory given with a trailing "/" makes the same paths
    expect(resultFile("/r/seed/", "baseline")).toBe("/r/seed/baseline.json");
  });

  it("the results_path output, read from what cdktf deploy --outputs-file writes", () => {
    const dir = mkdtempSync(join(tmpdir(), "kvmbench-outputs-"));
    const file = join(dir, "o.json");
    writeFileSync(file, JSON.stringify({ baseline: { baseline: { results: { results_path: "/r/seed/baseline.json" } } } }));
    expect(readResultsPath(file, "baseline")).toBe("/r/seed/baseline.json");
    expect(readResultsPath(file, "other")).toBeUndefined();
    expect(readResultsPath(join(dir, "missing.json"), "baseline")).toBeUndefined();
  });
});
