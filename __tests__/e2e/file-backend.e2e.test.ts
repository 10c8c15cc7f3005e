/**
 * `kind: file` deployed for real on this host, under TCG: a qcow2 image in a directory the study
 * names, on a filesystem kvmbench did not make (here an xfs data disk the test mounts, as a
 * sysadmin's data mount would be). Deploy must end with a complete result file; destroy must
 * remove the image it made and nothing else: the directory, a file of the user's beside the
 * image, the filesystem and its mount stay.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadResultFile } from "../../results/load-result-file";
import { deployStack, expectEmptyPlan } from "../../test-host/deploy";
import { signaturesOn, unmountBelow } from "../../test-host/loop-devices";
import { assertTestHost, leftovers, sharedTempDir, tryWithoutKvm, type TryWithoutKvm } from "../../test-host/machine";
import { describeProvider, providerUnderTest } from "../../test-host/provider";

const STACK = "data-mount-none-virtio";

describe(`kind: file deployed on this host (${describeProvider(providerUnderTest())}, TCG)`, () => {
  // The directory lives on the second loop device, formatted and mounted by the test (not by kvmbench).
  let dir: string;
  let directory: string;
  let host: TryWithoutKvm;
  let dataDisk: string;
  const out = (): string => join(host.dir, "cdktf.out");

  beforeAll(() => {
    assertTestHost();
    dir = sharedTempDir("kvmbench-e2e-file-data");
    directory = join(dir, "images");
    host = tryWithoutKvm("kvmbench-e2e-file", {
      replace: { "storage:\n": `storage:\n  data-mount: { kind: file, directory: ${directory}, filesystem: xfs, format: qcow2, size: 256MiB }\n` },
      scenarios: ["{ storage: data-mount, cache: none, bus: virtio }"],
    });
    dataDisk = host.disks[1];
    execFileSync("mkfs.xfs", ["-q", "-f", dataDisk]);
    mkdirSync(directory);
    execFileSync("mount", [dataDisk, directory]);
    writeFileSync(join(directory, "keep-me.txt"), "the user's file\n");
  });
  afterAll(() => {
    if (dir) {
      unmountBelow(dir);
      rmSync(dir, { recursive: true, force: true });
    }
    host?.cleanUp();
  });

  it(
    `${STACK}: deploy measures a qcow2 made in the named directory; destroy removes only that image`,
    () => {
      try {
        const deploy = deployStack("deploy", STACK, host.env, out());
        if (deploy.status !== 0) throw new Error(`cdktf deploy ${STACK} failed (${deploy.status}):\n${deploy.output.slice(-6000)}`);
        expectEmptyPlan(STACK, host.env, out());
        expect(readdirSync(directory).sort()).toEqual(["keep-me.txt", "kvmbench-data-mount.qcow2"]);
        const result = loadResultFile(join(host.results, `${STACK}.json`), "scenario");
        expect([...result.tests.keys()].sort()).toEqual(["rand-read-4k", "rand-write-4k", "seq-read", "seq-write"]);
        for (const summary of result.tests.values()) expect(summary.statistics.mbPerSecond?.median).toBeGreaterThan(0);
        const file = JSON.parse(readFileSync(join(host.results, `${STACK}.json`), "utf8")) as { configuration: Record<string, unknown> };
        expect(JSON.stringify(file.configuration)).toContain(`"directory":"${directory}"`);
      } finally {
        const destroy = deployStack("destroy", STACK, host.env, out());
        if (destroy.status !== 0) throw new Error(`cdktf destroy ${STACK} failed (${destroy.status}):\n${destroy.output.slice(-6000)}`);
      }
      expect(leftovers(STACK, { workdir: host.workdir, devices: [host.disks[0]] })).toEqual([]);
      expect(readdirSync(directory).filter((name) => name !== "lost+found")).toEqual(["keep-me.txt"]);
      expect(existsSync(join(directory, "keep-me.txt"))).toBe(true);
      expect(signaturesOn(dataDisk)).toMatch(/^xfs/);
      expect(execFileSync("findmnt", ["-n", "-o", "SOURCE", "--target", directory], { encoding: "utf8" }).trim()).toBe(dataDisk);
    },
    20 * 60_000,
  );
});
