/** A result file's host facts and cache record: what the host steps write passes, anything else is named. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheRecordProblems, hostFactsProblems } from "../../results/host-records";
import { validateResultFile } from "../../results/load-result-file";
import { collectMain } from "../../runner/collect-cli";

describe("host facts and cache records", () => {
  it("accept what host-facts.sh and drop-caches.sh write on a ZFS host", () => {
    expect(hostFactsProblems({ hostname: "kvm1", zfs: "2.3.2", memoryBytes: 4103237632, zfsDataset: { name: "tank/vm", type: "volume", volblocksize: 16384, compression: "off", sync: "standard" } })).toEqual([]);
    expect(hostFactsProblems({ zfsDataset: { name: "tank/images", type: "filesystem", direct: "standard", recordsize: 131072 } })).toEqual([]);
    expect(cacheRecordProblems({ pageCacheDropped: true, zfsArc: "shrunk from 9 to 8 bytes", zfsArcBytes: { before: 9, after: 8 } })).toEqual([]);
    expect(cacheRecordProblems({ pageCacheDropped: true })).toEqual([]);
  });

  it("name each field of the wrong type", () => {
    expect(hostFactsProblems({ memoryBytes: "4G", zfsDataset: { name: "tank/vm", type: "snapshot", volblocksize: "16K" } })).toEqual([
      'host.memoryBytes must be a whole number of bytes, not "4G"',
      'host.zfsDataset.volblocksize must be a whole number of bytes, not "16K"',
      'host.zfsDataset.type must be "filesystem" or "volume", not "snapshot"',
    ]);
    expect(hostFactsProblems({ zfsDataset: { recordsize: 131072 } })).toEqual(['host.zfsDataset must be an object with a name (pool/name), not {"recordsize":131072}']);
    expect(cacheRecordProblems({ pageCacheDropped: true, zfsArcBytes: { before: -1, after: 2 } })).toEqual(['caches.zfsArcBytes must be { before, after } in whole bytes, not {"before":-1,"after":2}']);
    expect(cacheRecordProblems({ zfsArc: "x" })).toHaveLength(1);
  });

  it("are checked when a result file is loaded", () => {
    const dir = mkdtempSync(join(tmpdir(), "kvmbench-host-records-"));
    try {
      const file = join(dir, "zvol.json");
      const document = { format: "kvmbench-result", version: 1, scenario: "zvol", runs: [{ repeat: 1, tool: "fio", output: {} }], caches: { pageCacheDropped: true, zfsArcBytes: { before: "big", after: 1 } } };
      writeFileSync(file, JSON.stringify(document));
      expect(() => validateResultFile(document, file)).toThrow(/zvol\.json: caches\.zfsArcBytes must be/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are checked by the collector, for a measurement and for a disk check", () => {
    const dir = mkdtempSync(join(tmpdir(), "kvmbench-host-records-"));
    try {
      const facts = join(dir, "facts.json");
      const caches = join(dir, "caches.json");
      writeFileSync(facts, JSON.stringify({ zfsDataset: { name: "tank/vm", volblocksize: "16K" } }));
      writeFileSync(caches, JSON.stringify({ pageCacheDropped: true, zfsArcBytes: { before: 1 } }));
      const common = ["--scenario", "zvol", "--results-dir", dir];
      for (const kind of [["--serial-log", join(dir, "serial.log")], ["--kind", "check"]]) {
        expect(() => collectMain([...common, ...kind, "--host-facts", facts])).toThrow(/the host facts in .*facts\.json is not what the host step writes: host\.zfsDataset\.volblocksize must be/);
        expect(() => collectMain([...common, ...kind, "--caches", caches])).toThrow(/the cache record in .*caches\.json is not what the host step writes: caches\.zfsArcBytes must be/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
