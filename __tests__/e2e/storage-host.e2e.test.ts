/**
 * ZFS and LVM for real: kvmbench's stacks deployed to the storage test host (a Debian VM with
 * OpenZFS 2.3 and device-mapper, docs/storage-host.md) as to a user's second KVM host, with
 * `host.ssh` (127.0.0.1, the VM's port, root, a key in ~/.ssh, a host key) and
 * `qemu+ssh://root@127.0.0.1:<port>/system`; the suite boots the VM and powers it off again.
 *
 * A benchmark guest cannot boot there (nested TCG is about 43 times slower), so the scenarios run
 * in check mode (`benchmark.mode: check`): the storage steps, the host's facts and the cache drop,
 * then the provider defines and starts each scenario's domain in the VM over qemu+ssh, the check
 * records the disk QEMU opened there (the zvol, the LV, the qcow2 on ext4/xfs on a zvol or on a
 * dataset, with the scenario's cache and io mode) and stops it, and the result file comes home.
 * The study runs through `kvmbench run` (the CLI's own entry point and deploy engine), which
 * deploys, collects and destroys each stack, stacks on different disks in parallel; a hook after
 * each deploy reads what it made in the VM (`zpool get`, `zfs get`, `lvs`, mounts) and after each
 * destroy that nothing of it is left and its disks are blank. The
 * guards (a disk with data, a disk another stack holds) go through `cdktf deploy` directly; the
 * baseline (host fio, no guest) measures in the run on a whole disk, and alone on a zvol and an LV.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../cli";
import { cdktfEngine, spawnCommandRunner, type DeployEngine, type DeployEngineOptions } from "../../orchestrate";
import { loadCheckResultFile } from "../../results/load-check-result-file";
import { loadResultFile, validateResultFile } from "../../results/load-result-file";
import { cacheRecordProblems, hostFactsProblems } from "../../results/host-records";
import type { CacheRecord, HostFacts, ResultFile, ZfsDatasetFacts } from "../../results/result-file";
import { assertTestHost, PROJECT_DIR } from "../../test-host/machine";
import { describeProvider, providerUnderTest } from "../../test-host/provider";
import { deploy, destroy, remoteStudy, synthesize, vmRunFile, type RemoteStudy } from "../../test-host/storage-host/remote-study";
import { onStorageHost, onStorageHostOk, storageHostDown, storageHostState, storageHostUp, type StorageHost } from "../../test-host/storage-host/storage-host";
import { trustStorageHost, type Trust } from "../../test-host/storage-host/trust";
import { diskProblems, kvmbenchLeftovers, stackLeftovers, VM_LOCK_DIR, zfsProperty } from "../../test-host/storage-host/vm-checks";

const POOL = (storage: string) => `kvmbench-${storage}`;
const ZPOOL = `{ devices: [zdisk1], ashift: 12, compression: "off" }`;
const RAIDZ1 = `{ devices: [zdisk1, zdisk2, zdisk3, zdisk4], topology: raidz1, ashift: 12, compression: "off" }`;
/** `zpool status -P` of a raidz1 of the four disks, given whole: ZFS partitions them (part 1 data, part 9 reserved). */
const RAIDZ1_STATUS = /raidz1-0\s+ONLINE\s+0\s+0\s+0(\s+\/dev\/vd[b-e]1\s+ONLINE\s+0\s+0\s+0){4}\s/;
/** `zpool status -P` of a pool on one disk (zdisk1 is /dev/vdb, zdisk5 /dev/vdf), given whole. */
const ONE_DISK_STATUS = (storage: string, disk: string) => new RegExp(`kvmbench-${storage}\\s+ONLINE\\s+0\\s+0\\s+0\\s+/dev/${disk}1\\s+ONLINE`);

/** The guards' study: a stack on zdisk1, the same with wipe: true, and one on all four disks (to meet the lock). */
const GUARD_STORAGE = {
  zvol: `{ kind: zvol, pool: ${ZPOOL}, size: 256MiB, volblocksize: 16K }`,
  "zvol-wipe": `{ kind: zvol, wipe: true, pool: ${ZPOOL}, size: 256MiB, volblocksize: 16K }`,
  raidz1: `{ kind: zvol, pool: ${RAIDZ1}, size: 256MiB }`,
};
const guardStack = (storage: keyof typeof GUARD_STORAGE) => `${storage}-writeback-virtio`;

/**
 * The run's study: every ZFS and LVM layout, each with its cache and io mode, on three sets of
 * disks that kvmbench run works through in parallel: the jokers' raidz1 of zdisk1..4, a pool on
 * zdisk5, and zdisk6 for the baseline (fio on the whole disk) and then LVM.
 */
const ZPOOL5 = `{ devices: [zdisk5], ashift: 12, compression: "off" }`;
const RUN_STORAGE = {
  zvol: { spec: `{ kind: zvol, pool: ${ZPOOL5}, size: 256MiB, volblocksize: 16K }`, cache: "writethrough" },
  // The seed's "jokers" (a RAIDZ1 of four disks on a second host): zvol-ext4-qcow2 and zfs-qcow2, writeback.
  "zvol-ext4-qcow2": {
    spec: `{ kind: image, format: qcow2, size: 128MiB, preallocation: full, filesystem: { type: ext4, zvol: { pool: ${RAIDZ1}, size: 256MiB, volblocksize: 16K } } }`,
    cache: "writeback",
  },
  // mkfs.xfs 6.1 wants 300 MiB at least; cache=none: QEMU opens the image with O_DIRECT on xfs on a zvol
  "zvol-xfs-qcow2": {
    spec: `{ kind: image, format: qcow2, size: 128MiB, preallocation: full, filesystem: { type: xfs, zvol: { pool: ${ZPOOL5}, size: 512MiB, volblocksize: 16K } } }`,
    cache: "none",
  },
  "zfs-qcow2": { spec: `{ kind: image, format: qcow2, size: 128MiB, preallocation: full, dataset: { pool: ${RAIDZ1}, recordsize: 64K } }`, cache: "writeback" },
  // Its volume group and libvirt pool are kvmbench-lvm-remote: a name no suite on this machine uses
  // (the state scrub of a killed run, test-host/earlier-runs.ts, removes local pools by name).
  "lvm-remote": { spec: "{ kind: lvm, device: zdisk6, size: 128MiB }", cache: "none", io: "native" },
} as const satisfies Record<string, { spec: string; cache: string; io?: string }>;
type RunStorage = keyof typeof RUN_STORAGE;
/** The disks (zdiskN, from 1) each run stack uses, the baseline's included: blank again after its destroy. */
const RUN_DISKS: Record<RunStorage | "baseline", readonly number[]> = {
  zvol: [5],
  "zvol-ext4-qcow2": [1, 2, 3, 4],
  "zvol-xfs-qcow2": [5],
  "zfs-qcow2": [1, 2, 3, 4],
  "lvm-remote": [6],
  baseline: [6],
};
const RUN_STORAGES = Object.keys(RUN_STORAGE) as RunStorage[];
const runStack = (storage: RunStorage): string => {
  const entry: { cache: string; io?: string } = RUN_STORAGE[storage];
  return [storage, entry.cache, "virtio", ...(entry.io ? [entry.io] : [])].join("-");
};

/** Made by hand for the lone baselines (a user's existing zvol and LV), on disks no scenario uses at the time. */
const BASE_ZVOL = "/dev/zvol/kvmtestbase/base";
const BASE_VG = "kvmtestbasevg";
const BASE_LV = `/dev/mapper/${BASE_VG}-base`;
const KEY_NAME = "kvmbench-e2e-storage-host";

/** Whether a Terraform state still holds resources (a destroyed stack's state is empty). */
function holdsResources(stateFile: string): boolean {
  if (!existsSync(stateFile)) return false;
  const state = JSON.parse(readFileSync(stateFile, "utf8")) as {
    resources?: unknown[];
  };
  return (state.resources?.length ?? 0) > 0;
}

/** The baseline's result file: its four tests parse, and the file itself (host facts, caches). */
function baselineResult(results: string): ResultFile {
  const path = join(results, "baseline.json");
  expect([...loadResultFile(path, "baseline").tests.keys()].sort()).toEqual(["rand-read-4k", "rand-write-4k", "seq-read", "seq-write"]);
  return validateResultFile(JSON.parse(readFileSync(path, "utf8")), path);
}

/**
 * The most the ARC may hold after a shrink with no other stack on the host: no more than before,
 * but an ARC already below the lowered zfs_arc_max (just above c_min) is not shrunk and may grow
 * up to it meanwhile (the pool's own metadata: seen once, 952 bytes on an ARC of 2.4 MB).
 */
function arcCeilingAfterShrink(before: number, zfsArc: string | undefined): number {
  const lowered = Number(/zfs_arc_max lowered to (\d+)/.exec(zfsArc ?? "")?.[1] ?? 0);
  return Math.max(before, lowered);
}

/**
 * The end of each failed stack's deploy log (kvmbench run's summary lists them as "<stack> on
 * <host>: ..."): the test folder goes in afterAll, and the log with it.
 */
function failedStackLogs(study: RemoteStudy, output: string): string {
  const logs = join(study.results, "logs");
  if (!existsSync(logs)) return "";
  return readdirSync(logs)
    .filter((file) => file.endsWith(".log") && new RegExp(`^\\s+${file.slice(0, -".log".length)} on \\S+: `, "m").test(output))
    .map((file) => `\n--- the end of ${file} ---\n${readFileSync(join(logs, file), "utf8").slice(-6000)}`)
    .join("");
}

/** Runs `check`, and records what it threw instead of throwing (kvmbench run would only log it). */
function recordFailure(failures: string[], what: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

describe(`ZFS and LVM on the storage test host, reached over SSH (${describeProvider(providerUnderTest())})`, () => {
  let host: StorageHost;
  let trust: Trust | undefined;
  let startedHere = false;
  let guards: RemoteStudy;
  let run: RemoteStudy;
  let zvolStudy: RemoteStudy;
  let lvStudy: RemoteStudy;
  const sh = (command: string): string => onStorageHostOk(host, command);

  beforeAll(() => {
    assertTestHost();
    startedHere = storageHostState() === undefined;
    host = storageHostUp();
    trust = trustStorageHost(host, KEY_NAME);
    expect(kvmbenchLeftovers(host, "/var/lib/kvmbench-e2e")).toEqual([]);
    for (const disk of host.disks) expect(diskProblems(host, disk)).toEqual([]);
    const checking = { benchmark: ["mode: check"] };
    guards = remoteStudy(host, trust.privateKeyFile, {
      name: "storage-host-e2e-guards",
      storage: GUARD_STORAGE,
      scenarios: Object.keys(GUARD_STORAGE).map((storage) => `{ storage: ${storage}, cache: writeback, bus: virtio }`),
      ...checking,
    });
    run = remoteStudy(host, trust.privateKeyFile, {
      name: "storage-host-e2e-run",
      storage: Object.fromEntries(RUN_STORAGES.map((storage) => [storage, RUN_STORAGE[storage].spec])),
      scenarios: RUN_STORAGES.map((storage) => {
        const entry: { cache: string; io?: string } = RUN_STORAGE[storage];
        return `{ storage: ${storage}, cache: ${entry.cache}, bus: virtio${entry.io ? `, io: ${entry.io}` : ""} }`;
      }),
      baseline: "zdisk6",
      ...checking,
    });
    // A study needs a scenario: these two have one they never deploy.
    const privateKeyFile = trust.privateKeyFile;
    const loneBaseline = (name: string, device: string): RemoteStudy =>
      remoteStudy(host, privateKeyFile, {
        name,
        storage: { raw: "{ kind: block, device: zdisk4 }" },
        scenarios: ["{ storage: raw, cache: none, bus: virtio }"],
        devices: { base: device },
        baseline: "base",
      });
    zvolStudy = loneBaseline("storage-host-e2e-zvol", BASE_ZVOL);
    lvStudy = loneBaseline("storage-host-e2e-lv", BASE_LV);
    for (const s of [guards, zvolStudy, lvStudy]) synthesize(s);
  }, 20 * 60_000);

  afterAll(() => {
    try {
      // What a failed test left: each stack that still has state is destroyed (the VM's disks go with the VM).
      const stacks = [...Object.keys(GUARD_STORAGE).map((storage) => guardStack(storage as keyof typeof GUARD_STORAGE)), ...RUN_STORAGES.map(runStack), "baseline"];
      for (const s of [guards, run, zvolStudy, lvStudy]) {
        if (!s) continue;
        for (const stack of stacks) {
          if (holdsResources(join(s.results, ".kvmbench", "state", `${stack}.tfstate`))) {
            try {
              destroy(s, stack);
            } catch (error) {
              console.error(error);
            }
          }
        }
        rmSync(s.dir, { recursive: true, force: true });
      }
    } finally {
      trust?.undo();
      if (host && startedHere) storageHostDown();
    }
  }, 30 * 60_000);

  /** Nothing of kvmbench on the VM, and every disk blank (pvcreate and zpool create take it). */
  function leftNothing(workdir: string): void {
    expect(kvmbenchLeftovers(host, workdir)).toEqual([]);
    for (const disk of host.disks) expect(diskProblems(host, disk)).toEqual([]);
  }

  /**
   * The drop-caches step's record for a stack, in the VM and in the result file brought home: the
   * shrink ran (zfs_arc_max lowered, then restored) and its words match its bytes. `alone`: no
   * other stack ran on the host meanwhile, so the ARC did not grow and zfs_arc_max is back. In a
   * run, stacks on other disks write meanwhile and may grow it (drop-caches.sh then says so), and
   * one of them may be shrinking it when this is read.
   */
  function expectArcShrinkRecorded(s: RemoteStudy, stack: string, alone: boolean): void {
    const record: unknown = JSON.parse(sh(`cat ${vmRunFile(s, stack, "caches.json")}`));
    expect(cacheRecordProblems(record)).toEqual([]);
    expect(loadCheckResultFile(join(s.results, `${stack}.json`)).caches).toEqual(record);
    const { pageCacheDropped, zfsArc, zfsArcBytes } = record as CacheRecord;
    expect(pageCacheDropped).toBe(true);
    const { before = -1, after = -1 } = zfsArcBytes ?? {};
    const outcome = after < before ? `shrunk from ${before} to ${after} bytes` : after === before ? `left at ${before} bytes` : `grew from ${before} to ${after} bytes while it was shrunk`;
    expect(zfsArc).toMatch(new RegExp(`^${outcome}.*: zfs_arc_max lowered to \\d+ \\(c_min \\d+\\), then restored to (\\d+)$`));
    if (!alone) return;
    expect(after).toBeLessThanOrEqual(arcCeilingAfterShrink(before, zfsArc));
    expect(sh("cat /sys/module/zfs/parameters/zfs_arc_max").trim()).toBe(/then restored to (\d+)$/.exec(zfsArc ?? "")?.[1]);
  }

  /** The host-facts step's record of the ZFS object under the disk, as the result file brought home holds it. */
  function zfsDatasetFacts(s: RemoteStudy, stack: string): ZfsDatasetFacts | undefined {
    const facts: unknown = JSON.parse(sh(`cat ${vmRunFile(s, stack, "host.json")}`));
    expect(hostFactsProblems(facts)).toEqual([]);
    expect(loadCheckResultFile(join(s.results, `${stack}.json`)).host).toEqual(facts);
    return (facts as HostFacts).zfsDataset;
  }

  /** What a passed check found for `what` (a finding of runner/disk-check/judge.ts). */
  function found(s: RemoteStudy, stack: string, what: string): string | undefined {
    return loadCheckResultFile(join(s.results, `${stack}.json`)).check.findings.find((finding) => finding.what === what)?.found;
  }

  /** A check's result file: passed, QEMU opened `medium` with the scenario's cache and io mode, the domain stopped but defined. */
  function expectCheckPassed(s: RemoteStudy, stack: string, medium: "block" | "file", cache: string, io = "the hypervisor's default (no io attribute)"): void {
    const result = loadCheckResultFile(join(s.results, `${stack}.json`));
    expect(result).toMatchObject({ kind: "check", scenario: stack, check: { domain: `kvmbench-${stack}`, ok: true }, host: { hostname: "kvmbench-storage" } });
    expect(result.check.findings.filter((finding) => !finding.ok)).toEqual([]);
    expect(result.check.findings.length).toBeGreaterThan(10);
    expect(found(s, stack, "source in the domain XML")).toMatch(new RegExp(`^${medium} `));
    expect(found(s, stack, "cache in the domain XML")).toBe(cache);
    expect(found(s, stack, "io in the domain XML")).toBe(io);
    expect(sh(`virsh -c qemu:///system dumpxml --inactive kvmbench-${stack}`)).toContain(`cache='${cache}'`);
    expect(sh(`virsh -q -c qemu:///system domstate kvmbench-${stack}`).trim()).toBe("shut off");
  }

  function expectPool(storage: string, owner: string, topology: RegExp): void {
    expect(zfsProperty(host, "zpool", "ashift", POOL(storage))).toBe("12");
    expect(zfsProperty(host, "zfs", "compression", POOL(storage))).toBe("off");
    expect(zfsProperty(host, "zfs", "kvmbench:owner", POOL(storage))).toBe(owner);
    expect(sh(`zpool status -P ${POOL(storage)}`)).toMatch(topology);
  }

  /** A zvol with ext4/xfs on it, mounted in the workdir, holding a fully preallocated qcow2 of 128 MiB. */
  function expectImageOnZvolFilesystem(storage: RunStorage, fs: "ext4" | "xfs"): void {
    expect(zfsProperty(host, "zfs", "volblocksize", `${POOL(storage)}/vm`)).toBe("16K");
    const mount = sh(`findmnt -rn -o SOURCE,FSTYPE,TARGET | grep -F ' ${run.workdir}/mnt/${storage}'`).trim().split(" ");
    expect(mount[1]).toBe(fs);
    expect(sh(`readlink -f /dev/zvol/${POOL(storage)}/vm`).trim()).toBe(mount[0]);
    const image = sh(`find ${mount[2]} -name '*.qcow2'`).trim();
    const info = JSON.parse(sh(`qemu-img info --output=json ${image}`)) as { format: string; "virtual-size": number; "actual-size": number };
    expect(info).toMatchObject({ format: "qcow2", "virtual-size": 128 * 1024 * 1024 });
    expect(info["actual-size"]).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(zfsDatasetFacts(run, runStack(storage))).toMatchObject({ name: `${POOL(storage)}/vm`, type: "volume", volblocksize: 16384 });
  }

  /** What each run stack made in the VM, read right after its deploy (before kvmbench run destroys it). */
  const AFTER_DEPLOY: Record<RunStorage, () => void> = {
    zvol: () => {
      expectCheckPassed(run, runStack("zvol"), "block", "writethrough");
      expectPool("zvol", runStack("zvol"), ONE_DISK_STATUS("zvol", "vdf"));
      expect(zfsProperty(host, "zfs", "volsize", `${POOL("zvol")}/vm`)).toBe("256M");
      // OpenZFS 2.3 has no `direct` on a zvol: it is left out.
      expect(zfsDatasetFacts(run, runStack("zvol"))).toEqual({ name: `${POOL("zvol")}/vm`, type: "volume", volblocksize: 16384, compression: "off", sync: "standard" });
      expectArcShrinkRecorded(run, runStack("zvol"), false);
    },
    "zvol-ext4-qcow2": () => {
      expectCheckPassed(run, runStack("zvol-ext4-qcow2"), "file", "writeback");
      expectPool("zvol-ext4-qcow2", runStack("zvol-ext4-qcow2"), RAIDZ1_STATUS);
      expectImageOnZvolFilesystem("zvol-ext4-qcow2", "ext4");
      expectArcShrinkRecorded(run, runStack("zvol-ext4-qcow2"), false);
    },
    "zvol-xfs-qcow2": () => {
      expectCheckPassed(run, runStack("zvol-xfs-qcow2"), "file", "none");
      expectPool("zvol-xfs-qcow2", runStack("zvol-xfs-qcow2"), ONE_DISK_STATUS("zvol-xfs-qcow2", "vdf"));
      expectImageOnZvolFilesystem("zvol-xfs-qcow2", "xfs");
    },
    "zfs-qcow2": () => {
      const stack = runStack("zfs-qcow2");
      expectCheckPassed(run, stack, "file", "writeback");
      expectPool("zfs-qcow2", stack, RAIDZ1_STATUS);
      const dataset = sh(`zfs list -H -o name -r ${POOL("zfs-qcow2")} | tail -n +2`).trim();
      expect(dataset).toMatch(new RegExp(`^${POOL("zfs-qcow2")}/\\S+$`));
      expect(zfsProperty(host, "zfs", "recordsize", dataset)).toBe("64K");
      expect(zfsProperty(host, "zfs", "compression", dataset)).toBe("off");
      const image = sh(`find $(zfs get -H -o value mountpoint ${dataset}) -name '*.qcow2'`).trim();
      expect(JSON.parse(sh(`qemu-img info --output=json ${image}`))).toMatchObject({ format: "qcow2", "virtual-size": 128 * 1024 * 1024 });
      expect(sh(`cat ${run.workdir}/results/${run.name}/${stack}.check-domain.xml`)).toContain(`<source file='${image}'`);
      expectArcShrinkRecorded(run, stack, false);
      expect(zfsDatasetFacts(run, stack)).toEqual({ name: dataset, type: "filesystem", direct: "standard", recordsize: 65536, compression: "off", sync: "standard" });
    },
    "lvm-remote": () => {
      const stack = runStack("lvm-remote");
      expectCheckPassed(run, stack, "block", "none", "native");
      const [vg, tags] = sh("lvm vgs --noheadings -o vg_name,vg_tags").trim().split(/\s+/);
      expect(vg).toBe("kvmbench-lvm-remote");
      expect(tags).toBe(`kvmbench:owner=${stack}`);
      expect(sh(`lvm lvs --noheadings --units b --nosuffix -o lv_name,lv_size ${vg}`).trim().split(/\s+/)).toEqual(["vm", String(128 * 1024 * 1024)]);
      expect(sh(`lvm pvs --noheadings -o pv_name`).trim()).toBe(sh(`readlink -f ${host.disks[5]}`).trim());
      expect(sh(`virsh -q -c qemu:///system pool-info ${vg}`)).toMatch(/State:\s+running/);
      expect(sh(`virsh -c qemu:///system pool-dumpxml ${vg}`)).toMatch(/<pool type='logical'>/);
    },
  };

  it(
    "refuses a disk that carries data without wipe: true, takes it with wipe: true, and refuses a second stack on the disk it holds",
    () => {
      const held: string[] = [];
      try {
        sh(`mkfs.ext4 -q -F ${host.disks[0]}`);
        held.push(guardStack("zvol"));
        const refused = deploy(guards, guardStack("zvol"));
        expect(refused.status).not.toBe(0);
        expect(refused.output).toMatch(/refusing to use \/dev\/disk\/by-id\/virtio-zdisk1: it already carries data \(ext4/);
        expect(sh("zpool list -H -o name").trim()).toBe("");
        expect(sh(`find ${VM_LOCK_DIR} -type f -name '*.lock' 2>/dev/null || true`).trim()).toBe("");
        expect(sh(`blkid -p -o value -s TYPE ${host.disks[0]}`).trim()).toBe("ext4");
        destroy(guards, guardStack("zvol"));
        held.pop();

        held.push(guardStack("zvol-wipe"));
        const taken = deploy(guards, guardStack("zvol-wipe"));
        if (taken.status !== 0) throw new Error(`cdktf deploy ${guardStack("zvol-wipe")} failed (exit ${taken.status}):\n${taken.output.slice(-6000)}`);
        expect(taken.output).toMatch(/wipe: true: erasing the signatures on \/dev\/disk\/by-id\/virtio-zdisk1/);
        expectCheckPassed(guards, guardStack("zvol-wipe"), "block", "writeback");
        expectPool("zvol-wipe", guardStack("zvol-wipe"), ONE_DISK_STATUS("zvol-wipe", "vdb"));
        expectArcShrinkRecorded(guards, guardStack("zvol-wipe"), true);

        held.push(guardStack("raidz1"));
        const locked = deploy(guards, guardStack("raidz1"));
        expect(locked.status).not.toBe(0);
        expect(locked.output).toMatch(/device \/dev\/disk\/by-id\/virtio-zdisk1 is in use by stack 'zvol-wipe-writeback-virtio'/);
        destroy(guards, guardStack("raidz1"));
        held.pop();
        expect(zfsProperty(host, "zfs", "kvmbench:owner", POOL("zvol-wipe"))).toBe(guardStack("zvol-wipe"));
      } finally {
        for (const stack of held.reverse()) destroy(guards, stack);
      }
      leftNothing(guards.workdir);
    },
    20 * 60_000,
  );

  it(
    "kvmbench run of a study on the storage host: the baseline measures, each ZFS and LVM scenario's guest starts with its disk as the study says and stops, every disk blank after",
    async () => {
      let output = "";
      const streams = { stdout: (text: string) => void (output += text), stderr: (text: string) => void (output += text) };
      const failures: string[] = [];
      const deployed: string[] = [];
      const engine = (options: DeployEngineOptions): DeployEngine => {
        const cdktf = cdktfEngine(options);
        return {
          deploy: async (request) => {
            await cdktf.deploy(request);
            deployed.push(request.stack);
            const storage = RUN_STORAGES.find((name) => runStack(name) === request.stack);
            if (storage) recordFailure(failures, `after deploying ${request.stack}`, AFTER_DEPLOY[storage]);
          },
          // Stacks on other disks may be deployed meanwhile: what this one made must be gone, and its disks blank.
          destroy: async (request) => {
            await cdktf.destroy(request);
            const storage = RUN_STORAGES.find((name) => runStack(name) === request.stack);
            recordFailure(failures, `after destroying ${request.stack}`, () => {
              expect(stackLeftovers(host, run.workdir, request.stack, storage)).toEqual([]);
              for (const n of RUN_DISKS[storage ?? "baseline"]) expect(diskProblems(host, host.disks[n - 1] as string)).toEqual([]);
            });
          },
        };
      };
      const { KVMBENCH_STUDY: _study, KVMBENCH_RESULTS: _results, ...terraform } = run.env;
      const saved = { ...process.env };
      // what a user's shell would have: the Terraform CLI configuration naming the provider's mirror
      Object.assign(process.env, terraform);
      let code: number;
      try {
        code = await runCli(["node", "kvmbench", "run", run.file, "--results", run.results], streams, {
          engine,
          commandRunner: spawnCommandRunner,
          onInterrupt: () => () => undefined,
        });
      } finally {
        process.env = saved;
      }
      if (code !== 0) throw new Error(`kvmbench run exited ${code}:\n${output.slice(-8000)}\n${failures.join("\n")}${failedStackLogs(run, output)}`);
      expect(failures).toEqual([]);
      expect(deployed.sort()).toEqual(["baseline", ...RUN_STORAGES.map(runStack)].sort());
      const baseline = baselineResult(run.results);
      expect(baseline.host.hostname).toBe("kvmbench-storage");
      expect(baseline.host.zfs).toMatch(/^2\.3\./);

      const report = spawnSync(process.execPath, [join(PROJECT_DIR, "bin", "kvmbench.js"), "report", run.results], { encoding: "utf8" });
      expect(report.status).toBe(0);
      expect(`${report.stdout}${report.stderr}`).toContain(`${RUN_STORAGES.length} of ${RUN_STORAGES.length} disk checks passed`);
      leftNothing(run.workdir);
    },
    60 * 60_000,
  );

  it(
    "the baseline on a zvol: host fio over SSH, its result file brought home with the host's facts and the ARC shrink",
    () => {
      sh(
        `zpool create -o ashift=12 -O compression=off kvmtestbase ${host.disks[2]} && zfs create -V 256M -o volblocksize=16K kvmtestbase/base && udevadm settle && test -b ${BASE_ZVOL}`,
      );
      try {
        const deployed = deploy(zvolStudy, "baseline");
        if (deployed.status !== 0) throw new Error(`cdktf deploy baseline failed (exit ${deployed.status}):\n${deployed.output.slice(-6000)}`);
        const result = baselineResult(zvolStudy.results);
        expect(result.host.hostname).toBe("kvmbench-storage");
        expect(result.host.zfs).toMatch(/^2\.3\./);
        expect(result.caches.zfsArc).toMatch(/^(shrunk from \d+ to \d+|left at \d+) bytes: zfs_arc_max lowered to/);
        expect(result.caches.zfsArcBytes?.after).toBeLessThanOrEqual(arcCeilingAfterShrink(result.caches.zfsArcBytes?.before ?? -1, result.caches.zfsArc));
        expect(result.caches.zfsArcBytes?.before).toBeGreaterThan(0);
        expect(result.host.zfsDataset).toEqual({
          name: "kvmtestbase/base",
          type: "volume",
          volblocksize: 16384,
          compression: "off",
          sync: "standard",
        });
        expect(loadResultFile(join(zvolStudy.results, "baseline.json"), "baseline").zfs?.dataset?.name).toBe("kvmtestbase/base");
        destroy(zvolStudy, "baseline");
        expect(sh(`wipefs -n ${BASE_ZVOL}`)).toBe("");
        expect(sh(`find ${VM_LOCK_DIR} -type f -name '*.lock' 2>/dev/null || true`).trim()).toBe("");
      } finally {
        onStorageHost(host, `zpool destroy kvmtestbase; for p in ${host.disks[2]}-part*; do [ -e "$p" ] && wipefs -a -q "$p"; done; wipefs -a -q ${host.disks[2]}`);
      }
      expect(diskProblems(host, host.disks[2])).toEqual([]);
    },
    20 * 60_000,
  );

  it(
    "the baseline on an LV: host fio over SSH on /dev/mapper/<vg>-<lv>, its result file brought home",
    () => {
      sh(
        `lvm pvcreate -q ${host.disks[3]} && lvm vgcreate -q ${BASE_VG} ${host.disks[3]} && lvm lvcreate -q -y -L 256M -n base ${BASE_VG} && udevadm settle && test -b ${BASE_LV}`,
      );
      try {
        const deployed = deploy(lvStudy, "baseline");
        if (deployed.status !== 0) throw new Error(`cdktf deploy baseline failed (exit ${deployed.status}):\n${deployed.output.slice(-6000)}`);
        expect(baselineResult(lvStudy.results).caches.pageCacheDropped).toBe(true);
        destroy(lvStudy, "baseline");
        expect(sh(`wipefs -n ${BASE_LV}`)).toBe("");
      } finally {
        onStorageHost(host, `lvm vgremove -q -y -f ${BASE_VG}; lvm pvremove -q -y ${host.disks[3]}; wipefs -a -q ${host.disks[3]}`);
      }
      expect(kvmbenchLeftovers(host, lvStudy.workdir)).toEqual([]);
      expect(diskProblems(host, host.disks[3])).toEqual([]);
    },
    20 * 60_000,
  );
});
