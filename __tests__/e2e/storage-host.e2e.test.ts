/**
 * ZFS and LVM for real: kvmbench's stacks deployed to the storage test host (a Debian VM with
 * OpenZFS 2.3 and device-mapper, docs/storage-host.md) as to a user's second KVM host, with
 * `host.ssh` (127.0.0.1, the VM's port, root, a key in ~/.ssh, a host key) and
 * `qemu+ssh://root@127.0.0.1:<port>/system`; the suite boots the VM and powers it off again.
 *
 * Scenario stacks cannot boot their benchmark guest there (nested TCG is about 43 times slower),
 * so each is applied with `terraform apply -target=<the run's prepare step>`: its storage steps
 * (and for LVM the libvirt `logical` pool, through the provider over qemu+ssh) and the step that
 * records the host's facts and drops its caches, nothing after. `cdktf destroy` removes them. The
 * baseline (host fio, no guest) is deployed whole with `cdktf deploy`, on a zvol and on an LV.
 * Once check mode (`benchmark.mode: check`: start the domain, record the disk QEMU opened, stop)
 * is in, the scenarios go through a whole `cdktf deploy` with `mode: check` instead
 * (`deployScenario` below).
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadResultFile, validateResultFile } from "../../results/load-result-file";
import { cacheRecordProblems, hostFactsProblems } from "../../results/host-records";
import type { CacheRecord, HostFacts, ResultFile, ZfsDatasetFacts } from "../../results/result-file";
import { assertTestHost } from "../../test-host/machine";
import { describeProvider, providerUnderTest } from "../../test-host/provider";
import { applyStorage, deploy, destroy, remoteStudy, synthesize, vmRunFile, type RemoteStudy } from "../../test-host/storage-host/remote-study";
import { onStorageHost, onStorageHostOk, storageHostDown, storageHostState, storageHostUp, type StorageHost } from "../../test-host/storage-host/storage-host";
import { trustStorageHost, type Trust } from "../../test-host/storage-host/trust";
import { diskProblems, kvmbenchLeftovers, VM_LOCK_DIR, zfsProperty } from "../../test-host/storage-host/vm-checks";

const POOL = (storage: string) => `kvmbench-${storage}`;
const ZPOOL = `{ devices: [zdisk1], ashift: 12, compression: "off" }`;
const RAIDZ1 = `{ devices: [zdisk1, zdisk2, zdisk3, zdisk4], topology: raidz1, ashift: 12, compression: "off" }`;
/** `zpool status -P` of a raidz1 of the four disks, given whole: ZFS partitions them (part 1 data, part 9 reserved). */
const RAIDZ1_STATUS = /raidz1-0\s+ONLINE\s+0\s+0\s+0(\s+\/dev\/vd[b-e]1\s+ONLINE\s+0\s+0\s+0){4}\s/;
const STORAGE = {
  zvol: `{ kind: zvol, pool: ${ZPOOL}, size: 256MiB, volblocksize: 16K }`,
  "zvol-wipe": `{ kind: zvol, wipe: true, pool: ${ZPOOL}, size: 256MiB, volblocksize: 16K }`,
  // The seed's "jokers" (a RAIDZ1 of four disks on a second host): zvol-ext4-qcow2 and zfs-qcow2, writeback.
  "zvol-ext4-qcow2": `{ kind: image, format: qcow2, size: 128MiB, preallocation: full, filesystem: { type: ext4, zvol: { pool: ${RAIDZ1}, size: 256MiB, volblocksize: 16K } } }`,
  // mkfs.xfs 6.1 wants 300 MiB at least
  "zvol-xfs-qcow2": `{ kind: image, format: qcow2, size: 128MiB, preallocation: full, filesystem: { type: xfs, zvol: { pool: ${ZPOOL}, size: 512MiB, volblocksize: 16K } } }`,
  "zfs-qcow2": `{ kind: image, format: qcow2, size: 128MiB, preallocation: full, dataset: { pool: ${RAIDZ1}, recordsize: 64K } }`,
  // Its volume group and libvirt pool are kvmbench-lvm-remote: a name no suite on this machine uses
  // (the state scrub of a killed run, test-host/earlier-runs.ts, removes local pools by name).
  "lvm-remote": "{ kind: lvm, device: zdisk2, size: 128MiB }",
};
const stackOf = (storage: keyof typeof STORAGE) => `${storage}-writeback-virtio`;
/** Made by hand for the baselines (a user's existing zvol and LV), on disks no scenario here uses at the time. */
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

describe(`ZFS and LVM on the storage test host, reached over SSH (${describeProvider(providerUnderTest())})`, () => {
  let host: StorageHost;
  let trust: Trust | undefined;
  let startedHere = false;
  let study: RemoteStudy;
  let lvStudy: RemoteStudy;
  const sh = (command: string): string => onStorageHostOk(host, command);

  beforeAll(() => {
    assertTestHost();
    startedHere = storageHostState() === undefined;
    host = storageHostUp();
    trust = trustStorageHost(host, KEY_NAME);
    expect(kvmbenchLeftovers(host, "/var/lib/kvmbench-e2e")).toEqual([]);
    for (const disk of host.disks) expect(diskProblems(host, disk)).toEqual([]);
    study = remoteStudy(host, trust.privateKeyFile, {
      name: "storage-host-e2e",
      storage: STORAGE,
      scenarios: Object.keys(STORAGE).map((storage) => `{ storage: ${storage}, cache: writeback, bus: virtio }`),
      devices: { base: BASE_ZVOL },
      baseline: "base",
    });
    lvStudy = remoteStudy(host, trust.privateKeyFile, {
      name: "storage-host-e2e-lv",
      storage: { raw: "{ kind: block, device: zdisk4 }" },
      scenarios: ["{ storage: raw, cache: none, bus: virtio }"],
      devices: { base: BASE_LV },
      baseline: "base",
    });
    synthesize(study);
    synthesize(lvStudy);
  }, 20 * 60_000);

  afterAll(() => {
    try {
      // What a failed test left: each stack that still has state is destroyed, then the VM's disks are blanked by hand.
      for (const s of [study, lvStudy]) {
        if (!s) continue;
        for (const stack of [...Object.keys(STORAGE).map((storage) => stackOf(storage as keyof typeof STORAGE)), "baseline", "raw-none-virtio"]) {
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

  /** A scenario's storage and host-facts/drop-caches steps; with check mode, a whole `cdktf deploy` (see the file comment). */
  function deployScenario(s: RemoteStudy, stack: string): { status: number | null; output: string } {
    return applyStorage(s, stack);
  }

  function deployed(s: RemoteStudy, stack: string): string {
    const run = deployScenario(s, stack);
    if (run.status !== 0) throw new Error(`deploying ${stack} on the storage host failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
    return run.output;
  }

  /** cdktf destroy, then: nothing of kvmbench on the VM, and every disk blank (pvcreate and zpool create take it). */
  function destroyedLeavingNothing(s: RemoteStudy, stack: string): void {
    destroy(s, stack);
    expect(kvmbenchLeftovers(host, s.workdir)).toEqual([]);
    for (const disk of host.disks) expect(diskProblems(host, disk)).toEqual([]);
  }

  /** Deploys a scenario, runs its checks, and destroys it whatever they found (so the next test finds blank disks). */
  function deployedThen(s: RemoteStudy, stack: string, checks: () => void): void {
    let failed = true;
    try {
      deployed(s, stack);
      checks();
      failed = false;
    } finally {
      if (failed) destroy(s, stack);
      else destroyedLeavingNothing(s, stack);
    }
  }

  /** The drop-caches step's record for a stack: the ARC was shrunk, in words and in bytes (valid as a result file's `caches`). */
  function expectArcShrunk(s: RemoteStudy, stack: string): void {
    const record: unknown = JSON.parse(sh(`cat ${vmRunFile(s, stack, "caches.json")}`));
    expect(cacheRecordProblems(record)).toEqual([]);
    const { pageCacheDropped, zfsArc, zfsArcBytes } = record as CacheRecord;
    expect(pageCacheDropped).toBe(true);
    expect(zfsArc).toMatch(/^shrunk from \d+ to \d+ bytes: zfs_arc_max lowered to \d+/);
    expect(zfsArcBytes?.after).toBeLessThanOrEqual(zfsArcBytes?.before ?? -1);
    expect(zfsArc).toContain(`shrunk from ${zfsArcBytes?.before} to ${zfsArcBytes?.after} bytes`);
  }

  /** The host-facts step's record of the ZFS object under the disk (valid as a result file's `host`). */
  function zfsDatasetFacts(s: RemoteStudy, stack: string): ZfsDatasetFacts | undefined {
    const facts: unknown = JSON.parse(sh(`cat ${vmRunFile(s, stack, "host.json")}`));
    expect(hostFactsProblems(facts)).toEqual([]);
    return (facts as HostFacts).zfsDataset;
  }

  function expectPool(storage: string, topology: RegExp): void {
    expect(zfsProperty(host, "zpool", "ashift", POOL(storage))).toBe("12");
    expect(zfsProperty(host, "zfs", "compression", POOL(storage))).toBe("off");
    expect(zfsProperty(host, "zfs", "kvmbench:owner", POOL(storage))).toBe(stackOf(storage as keyof typeof STORAGE));
    expect(sh(`zpool status -P ${POOL(storage)}`)).toMatch(topology);
  }

  it(
    "refuses a disk that carries data without wipe: true, takes it with wipe: true, and refuses a second stack on the disk it holds",
    () => {
      sh(`mkfs.ext4 -q -F ${host.disks[0]}`);
      const refused = deployScenario(study, stackOf("zvol"));
      expect(refused.status).not.toBe(0);
      expect(refused.output).toMatch(/refusing to use \/dev\/disk\/by-id\/virtio-zdisk1: it already carries data \(ext4/);
      expect(sh("zpool list -H -o name").trim()).toBe("");
      expect(sh(`find ${VM_LOCK_DIR} -type f -name '*.lock' 2>/dev/null || true`).trim()).toBe("");
      expect(sh(`blkid -p -o value -s TYPE ${host.disks[0]}`).trim()).toBe("ext4");

      const output = deployed(study, stackOf("zvol-wipe"));
      expect(output).toMatch(/wipe: true: erasing the signatures on \/dev\/disk\/by-id\/virtio-zdisk1/);
      expectPool("zvol-wipe", /kvmbench-zvol-wipe\s+ONLINE\s+0\s+0\s+0\s+\/dev\/vdb1\s+ONLINE/);
      expect(zfsProperty(host, "zfs", "volblocksize", `${POOL("zvol-wipe")}/vm`)).toBe("16K");
      expect(zfsProperty(host, "zfs", "volsize", `${POOL("zvol-wipe")}/vm`)).toBe("256M");
      expectArcShrunk(study, stackOf("zvol-wipe"));
      // OpenZFS 2.3 has no `direct` on a zvol: it is left out.
      expect(zfsDatasetFacts(study, stackOf("zvol-wipe"))).toEqual({
        name: `${POOL("zvol-wipe")}/vm`,
        type: "volume",
        volblocksize: 16384,
        compression: "off",
        sync: "standard",
      });

      const locked = deployScenario(study, stackOf("zvol-ext4-qcow2"));
      expect(locked.status).not.toBe(0);
      expect(locked.output).toMatch(/device \/dev\/disk\/by-id\/virtio-zdisk1 is in use by stack 'zvol-wipe-writeback-virtio'/);
      destroy(study, stackOf("zvol-ext4-qcow2"));
      expect(zfsProperty(host, "zfs", "kvmbench:owner", POOL("zvol-wipe"))).toBe(stackOf("zvol-wipe"));
      destroyedLeavingNothing(study, stackOf("zvol-wipe"));
    },
    20 * 60_000,
  );

  it.each([
    ["zvol-ext4-qcow2", "ext4", "raidz1 of the four disks (the jokers' pool)", RAIDZ1_STATUS],
    ["zvol-xfs-qcow2", "xfs", "one disk", /kvmbench-zvol-xfs-qcow2\s+ONLINE\s+0\s+0\s+0\s+\/dev\/vdb1\s+ONLINE/],
  ] as const)(
    "%s (the seed's winner's layout): a zvol with volblocksize 16K, %s on it, mounted, and a fully preallocated qcow2, on a pool of %s",
    (storage, fs, _pool, topology) => {
      deployedThen(study, stackOf(storage), () => {
        expectPool(storage, topology);
        expect(zfsProperty(host, "zfs", "volblocksize", `${POOL(storage)}/vm`)).toBe("16K");
        const mount = sh(`findmnt -rn -o SOURCE,FSTYPE,TARGET | grep -F ' ${study.workdir}/'`).trim().split(" ");
        expect(mount[1]).toBe(fs);
        expect(sh(`readlink -f /dev/zvol/${POOL(storage)}/vm`).trim()).toBe(mount[0]);
        const image = sh(`find ${mount[2]} -name '*.qcow2'`).trim();
        const info = JSON.parse(sh(`qemu-img info --output=json ${image}`)) as {
          format: string;
          "virtual-size": number;
          "actual-size": number;
        };
        expect(info).toMatchObject({
          format: "qcow2",
          "virtual-size": 128 * 1024 * 1024,
        });
        expect(info["actual-size"]).toBeGreaterThanOrEqual(128 * 1024 * 1024);
        expectArcShrunk(study, stackOf(storage));
        expect(zfsDatasetFacts(study, stackOf(storage))).toMatchObject({
          name: `${POOL(storage)}/vm`,
          type: "volume",
          volblocksize: 16384,
        });
      });
    },
    20 * 60_000,
  );

  it(
    "zfs-qcow2 (the jokers' layout): a raidz1 pool over the four disks, a dataset with recordsize 64K, a qcow2 in it",
    () => {
      deployedThen(study, stackOf("zfs-qcow2"), () => {
        expectPool("zfs-qcow2", RAIDZ1_STATUS);
        const dataset = sh(`zfs list -H -o name -r ${POOL("zfs-qcow2")} | tail -n +2`).trim();
        expect(dataset).toMatch(new RegExp(`^${POOL("zfs-qcow2")}/\\S+$`));
        expect(zfsProperty(host, "zfs", "recordsize", dataset)).toBe("64K");
        expect(zfsProperty(host, "zfs", "compression", dataset)).toBe("off");
        const image = sh(`find $(zfs get -H -o value mountpoint ${dataset}) -name '*.qcow2'`).trim();
        expect(JSON.parse(sh(`qemu-img info --output=json ${image}`))).toMatchObject({ format: "qcow2", "virtual-size": 128 * 1024 * 1024 });
        expectArcShrunk(study, stackOf("zfs-qcow2"));
        expect(zfsDatasetFacts(study, stackOf("zfs-qcow2"))).toEqual({
          name: dataset,
          type: "filesystem",
          direct: "standard",
          recordsize: 65536,
          compression: "off",
          sync: "standard",
        });
      });
    },
    20 * 60_000,
  );

  it(
    "lvm-remote: a tagged volume group, a logical volume of the study's size, and the libvirt logical pool over it (through the provider over qemu+ssh)",
    () => {
      deployedThen(study, stackOf("lvm-remote"), () => {
        const [vg, tags] = sh("lvm vgs --noheadings -o vg_name,vg_tags").trim().split(/\s+/);
        expect(vg).toBe("kvmbench-lvm-remote");
        expect(tags).toBe(`kvmbench:owner=${stackOf("lvm-remote")}`);
        expect(sh(`lvm lvs --noheadings --units b --nosuffix -o lv_name,lv_size ${vg}`).trim().split(/\s+/)).toEqual(["vm", String(128 * 1024 * 1024)]);
        expect(sh(`lvm pvs --noheadings -o pv_name`).trim()).toBe(sh(`readlink -f ${host.disks[1]}`).trim());
        expect(sh(`virsh -q -c qemu:///system pool-info ${vg}`)).toMatch(/State:\s+running/);
        expect(sh(`virsh -c qemu:///system pool-dumpxml ${vg}`)).toMatch(/<pool type='logical'>/);
      });
    },
    20 * 60_000,
  );

  it(
    "the baseline on a zvol: host fio over SSH, its result file brought home with the host's facts and the ARC shrink",
    () => {
      sh(
        `zpool create -o ashift=12 -O compression=off kvmtestbase ${host.disks[2]} && zfs create -V 256M -o volblocksize=16K kvmtestbase/base && udevadm settle && test -b ${BASE_ZVOL}`,
      );
      try {
        const run = deploy(study, "baseline");
        if (run.status !== 0) throw new Error(`cdktf deploy baseline failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
        const result = baselineResult(study.results);
        expect(result.host.hostname).toBe("kvmbench-storage");
        expect(result.host.zfs).toMatch(/^2\.3\./);
        expect(result.caches.zfsArc).toMatch(/^shrunk from \d+ to \d+ bytes/);
        expect(result.caches.zfsArcBytes?.before).toBeGreaterThan(0);
        expect(result.host.zfsDataset).toEqual({
          name: "kvmtestbase/base",
          type: "volume",
          volblocksize: 16384,
          compression: "off",
          sync: "standard",
        });
        expect(loadResultFile(join(study.results, "baseline.json"), "baseline").zfs?.dataset?.name).toBe("kvmtestbase/base");
        destroy(study, "baseline");
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
        const run = deploy(lvStudy, "baseline");
        if (run.status !== 0) throw new Error(`cdktf deploy baseline failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
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
