/**
 * The disk check's judging, on records captured from real domains of this machine's libvirt 9.0
 * and QEMU 7.2 (__tests__/fixtures/disk-check/, by __tests__/support/capture-disk-check-fixtures.ts):
 * qcow2 files and loop devices with cache=none, writeback and unsafe on virtio, IDE, SATA and
 * virtio-scsi; and what it says when the disk is not as expected.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExpectedDisk } from "../../domain/disk-check";
import type { DiskCheckRecords } from "../../results/check-result-file";
import { assembleCheckResult, failedCheckMessage, passedCheckLine } from "../../runner/disk-check/check-result";
import { judgeDiskCheck } from "../../runner/disk-check/judge";
import { qemuBlockDevices } from "../../runner/disk-check/query-block";
import { writeCacheByAlias } from "../../runner/disk-check/write-cache";
import { FIXTURES } from "../support/capture-disk-check-fixtures";

interface Fixture {
  readonly expected: ExpectedDisk;
  readonly records: DiskCheckRecords;
}

function fixture(name: string): Fixture {
  const read = (file: string) => readFileSync(join(FIXTURES, name, file), "utf8");
  return {
    expected: JSON.parse(read("expected-disk.json")) as ExpectedDisk,
    records: {
      domainXml: read("domain.xml"),
      blockList: read("domblklist.txt"),
      queryBlock: read("query-block.json"),
      writeCache: read("write-cache.txt"),
      qemuProcess: read("qemu-process.txt"),
    },
  };
}

const differing = (expected: ExpectedDisk, records: DiskCheckRecords) =>
  judgeDiskCheck(expected, records)
    .findings.filter((f) => !f.ok)
    .map(({ what, expected: wanted, found }) => `${what}: expected ${wanted}, found ${found}`);

describe("judging records of real domains", () => {
  const cases = readdirSync(FIXTURES).sort();

  it("has the captured cases: files and block devices, cache none, writeback and unsafe, four buses", () => {
    expect(cases).toEqual(["block-none-sata", "block-writeback-virtio", "file-none-virtio-native", "file-unsafe-scsi", "file-writeback-ide"]);
  });

  it.each(cases)("%s: every check passes against the disk the domain was started with", (name) => {
    const { expected, records } = fixture(name);
    const { domain, findings } = judgeDiskCheck(expected, records);
    expect(domain).toBe(`check-dev-${name}`);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(findings).toHaveLength(15);
  });

  it("file-none-virtio-native: what each check compared (the qcow2 on O_DIRECT, native AIO, write cache on)", () => {
    const { expected, records } = fixture("file-none-virtio-native");
    const findings = judgeDiskCheck(expected, records).findings.map(({ what, found }) => `${what}: ${found}`.replace(/\/var\/tmp\/kvmbench-check-fixtures-\w+/g, "DIR"));
    expect(findings).toMatchSnapshot();
    expect(findings).toContain("O_DIRECT on QEMU's open file (fdinfo; cache=none): on");
    expect(findings).toContain("io in the domain XML: native");
  });

  it("unsafe drops flushes and keeps the host's page cache; a block device is checked by its node", () => {
    const unsafe = judgeDiskCheck(fixture("file-unsafe-scsi").expected, fixture("file-unsafe-scsi").records).findings;
    expect(unsafe).toContainEqual({ what: "flushes dropped: cache.no-flush (query-block; cache=unsafe)", expected: "on", found: "on", ok: true });
    expect(unsafe).toContainEqual({ what: "O_DIRECT in QEMU: cache.direct (query-block; cache=unsafe)", expected: "off", found: "off", ok: true });
    const block = fixture("block-none-sata");
    expect(judgeDiskCheck(block.expected, block.records).findings).toContainEqual(
      expect.objectContaining({ what: `QEMU has ${block.expected.source.path} open`, expected: "read-write", found: "read-write", ok: true }),
    );
  });

  it("takes the guest's write cache from the device's write-cache property, not query-block's writeback, which the guest switches", () => {
    // The boot disk (virtio-disk0, cache=writeback) is the disk the firmware booted from: SeaBIOS
    // turned its write cache off, as query-block reports; the property the cache mode set is on.
    const { records } = fixture("block-none-sata");
    const boot = qemuBlockDevices(records.queryBlock).find((d) => d.qdev === "/machine/peripheral/virtio-disk0/virtio-backend");
    expect(boot).toMatchObject({ writeback: false, direct: false });
    expect(records.domainXml).toMatch(/<driver name='qemu' type='qcow2' cache='writeback'\/>\s*<source file='[^']*boot.qcow2'/);
    expect(writeCacheByAlias(records.writeCache).get("virtio-disk0")).toBe("on");
  });
});

describe("what a check says when the disk is not as expected", () => {
  it("another cache mode: the XML, QEMU's cache.direct and the open file's O_DIRECT differ", () => {
    const { expected, records } = fixture("file-none-virtio-native");
    expect(differing({ ...expected, cache: "writeback", io: undefined }, records)).toEqual([
      "cache in the domain XML: expected writeback, found none",
      "io in the domain XML: expected the hypervisor's default (no io attribute), found native",
      "O_DIRECT in QEMU: cache.direct (query-block; cache=writeback): expected off, found on",
      "O_DIRECT on QEMU's open file (fdinfo; cache=writeback): expected off, found on",
    ]);
    expect(differing({ ...expected, cache: "directsync" }, records)).toEqual([
      "cache in the domain XML: expected directsync, found none",
      "the guest's write cache: the device's write-cache (qom-get; cache=directsync): expected off, found on",
    ]);
  });

  it("another source, format or bus", () => {
    const { expected, records } = fixture("block-writeback-virtio");
    expect(differing({ ...expected, source: { type: "block", path: "/dev/zvol/tank/vm" }, format: "qcow2", bus: "sata" }, records)).toEqual([
      `source in the domain XML: expected block /dev/zvol/tank/vm, found block ${expected.source.path}`,
      "format in the domain XML: expected qcow2, found raw",
      "bus in the domain XML: expected sata, found virtio",
      `QEMU's image file (query-block): expected /dev/zvol/tank/vm, found ${expected.source.path}`,
      "QEMU's format driver (query-block): expected qcow2, found raw",
    ]);
  });

  it("a missing disk: no disk carries the serial, and the domain's disks are listed", () => {
    const { expected, records } = fixture("file-writeback-ide");
    const withoutSerial = { ...records, domainXml: records.domainXml.replace("<serial>kvmbench-dut</serial>", "") };
    const { findings } = judgeDiskCheck(expected, withoutSerial);
    expect(findings).toEqual([
      {
        what: "the disk with serial kvmbench-dut in the domain XML",
        expected: "one disk",
        found: expect.stringMatching(/^none; the domain's disks: hda \(file \S+boot.qcow2, serial none\), hdc \(file \S+file-writeback-ide.qcow2, serial none\)$/),
        ok: false,
      },
    ]);
  });

  it("QEMU without the disk: no block device on its alias, no process, or the file not open", () => {
    const { expected, records } = fixture("block-writeback-virtio");
    const noDevice = { ...records, queryBlock: records.queryBlock.replace(/virtio-disk1/g, "virtio-disk9") };
    expect(differing(expected, noDevice)).toEqual([
      "QEMU's block device of virtio-disk1: expected in query-block, found absent; query-block lists /machine/peripheral/virtio-disk0/virtio-backend, /machine/peripheral/virtio-disk9/virtio-backend",
    ]);
    const noProcess = { ...records, qemuProcess: records.qemuProcess.replace(/^pid \d+$/m, "pid none (no pid in /run/libvirt/qemu/x.pid)") };
    expect(differing(expected, noProcess)).toEqual([`QEMU has ${expected.source.path} open: expected read-write, found no QEMU process: none (no pid in /run/libvirt/qemu/x.pid)`]);
    const notOpen = { ...records, qemuProcess: records.qemuProcess.replace(new RegExp(`^fd \\d+ \\d+ ${expected.source.path}$`, "m"), "") };
    expect(differing(expected, notOpen)).toEqual([expect.stringMatching(new RegExp(`^QEMU has ${expected.source.path} open: expected read-write, found not open in process \\d+$`))]);
  });

  it("follows a source that is a link (a zvol's /dev/zvol/... name) to the node QEMU holds", () => {
    const { expected, records } = fixture("block-none-sata");
    const node = expected.source.path;
    const zvol = { ...expected, source: { type: "block" as const, path: "/dev/zvol/tank/vm" } };
    const linked: DiskCheckRecords = {
      ...records,
      domainXml: records.domainXml.replace(`<source dev='${node}'`, "<source dev='/dev/zvol/tank/vm'"),
      queryBlock: records.queryBlock.split(`"${node}"`).join('"/dev/zvol/tank/vm"'),
      qemuProcess: records.qemuProcess.replace(`source ${node} ${node}`, `source /dev/zvol/tank/vm ${node}`),
    };
    expect(differing(zvol, linked)).toEqual([]);
    expect(judgeDiskCheck(zvol, linked).findings).toContainEqual(expect.objectContaining({ what: `QEMU has /dev/zvol/tank/vm (${node}) open`, ok: true }));
  });

  it("an architecture whose O_DIRECT bit kvmbench does not know fails rather than guesses", () => {
    const { expected, records } = fixture("file-none-virtio-native");
    const sparc = { ...records, qemuProcess: records.qemuProcess.replace("arch x86_64", "arch sparc64") };
    expect(differing(expected, sparc)).toEqual(["O_DIRECT on QEMU's open file (fdinfo; cache=none): expected on, found unknown: O_DIRECT's bit on sparc64 is not known to kvmbench"]);
  });
});

describe("the check's result file and messages", () => {
  const input = (f: Fixture) => ({ scenario: "raw-none-sata", configuration: { attachment: { cache: "none" } }, host: { qemu: "7.2.22" }, caches: { pageCacheDropped: true }, ...f });

  it("a passed check: kind check, the configuration, host facts, caches, every finding and the records", () => {
    const f = fixture("block-none-sata");
    const result = assembleCheckResult(input(f));
    expect(result).toMatchObject({ format: "kvmbench-result", version: 1, kind: "check", scenario: "raw-none-sata", configuration: { attachment: { cache: "none" } }, host: { qemu: "7.2.22" }, caches: { pageCacheDropped: true }, checkedAt: "2026-12-06T07:32:52Z" });
    expect(result.check).toMatchObject({ domain: "check-dev-block-none-sata", ok: true, records: f.records });
    expect(passedCheckLine(result, f.expected)).toBe(
      `disk check of raw-none-sata passed (15 checks): QEMU opened block ${f.expected.source.path} (raw) on sata, cache=none (O_DIRECT, write cache on), io=default; domain check-dev-block-none-sata stopped, no benchmark ran`,
    );
  });

  it("a failed check names each difference and where every finding is", () => {
    const f = fixture("block-none-sata");
    const result = assembleCheckResult(input({ ...f, expected: { ...f.expected, cache: "writethrough" } }));
    expect(result.check.ok).toBe(false);
    expect(failedCheckMessage(result, "/results/raw-none-sata.json")).toBe(
      [
        "the disk check of raw-none-sata failed: 4 of 15 checks differ from the scenario:",
        "  cache in the domain XML: expected writethrough, found none",
        "  O_DIRECT in QEMU: cache.direct (query-block; cache=writethrough): expected off, found on",
        "  the guest's write cache: the device's write-cache (qom-get; cache=writethrough): expected off, found on",
        "  O_DIRECT on QEMU's open file (fdinfo; cache=writethrough): expected off, found on",
        "every check and the records it judged are in /results/raw-none-sata.json",
      ].join("\n"),
    );
  });
});
