/**
 * Captures the disk check's fixtures (__tests__/fixtures/disk-check/<case>/) from real domains on
 * this machine: for each case, a tiny domain whose disk under test is a qcow2 file or a loop
 * device with the case's bus, cache and io, the DiskCheck's synthesized inspect step run against
 * it, and its records copied with the expected disk the collector would get. As root, with
 * libvirtd running (QEMU 7.2 and libvirt 9.0 here):
 *
 *   npx tsx __tests__/support/capture-disk-check-fixtures.ts
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { DiskAttachment } from "../../constructs/attachment/disk-attachment";
import { Guest } from "../../constructs/guest/guest";
import { Host } from "../../constructs/host/host";
import { DiskCheck } from "../../constructs/runner/disk-check";
import type { StorageFacts } from "../../constructs/storage/disk-backend";
import type { Bus, CacheMode, IoMode } from "../../domain/disk-settings";
import { LoopDevices } from "../../test-host/loop-devices";
import { sharedTempDir } from "../../test-host/machine";
import { FakeBackend } from "../attachment/support";
import { localExec, runStep, stepNamed, type SynthesizedJson } from "../host/support/steps";
import { qcow2Image, removeDevDomain, startDevDomain } from "./check-dev-domains";
import { synthConforming } from "./synth";

export const FIXTURES = join(__dirname, "..", "fixtures", "disk-check");

interface Case {
  readonly name: string;
  readonly medium: "file" | "block";
  readonly bus: Bus;
  readonly cache: CacheMode;
  readonly io?: IoMode;
  /** The guest-side name libvirt gives the disk under test, after the boot disk. */
  readonly target: string;
}

const CASES: readonly Case[] = [
  { name: "file-none-virtio-native", medium: "file", bus: "virtio", cache: "none", io: "native", target: "vdb" },
  { name: "file-writeback-ide", medium: "file", bus: "ide", cache: "writeback", target: "hdc" },
  { name: "block-none-sata", medium: "block", bus: "sata", cache: "none", target: "sda" },
  { name: "block-writeback-virtio", medium: "block", bus: "virtio", cache: "writeback", target: "vdb" },
  { name: "file-unsafe-scsi", medium: "file", bus: "virtio-scsi", cache: "unsafe", io: "threads", target: "sda" },
];

/** The inspect and collect steps of a DiskCheck on a disk like the case's, as a stack synthesizes them. */
function synthCheck(dir: string, domain: string, disk: { type: "file" | "block"; path: string; format: "raw" | "qcow2" }, c: Case): SynthesizedJson {
  const stack = new TerraformStack(Testing.app(), c.name);
  const host = new Host(stack, "host", { workdir: join(dir, "host") });
  const guest = new Guest(stack, "guest", { host, name: domain, machine: c.bus === "ide" ? "pc" : "q35", accelerator: "tcg" });
  const facts: StorageFacts = { medium: disk.type, format: disk.format, onZfs: false, directIo: { support: "yes" }, hostDevices: [], summary: `${disk.format} ${disk.path}` };
  const backend = new FakeBackend(stack, "storage", { type: disk.type, path: disk.path }, facts);
  const attached = new DiskAttachment(stack, "disk-under-test", { guest, backend, bus: c.bus, cache: c.cache, io: c.io, serial: "kvmbench-dut", dedicatedController: true });
  new DiskCheck(stack, "disk-check", { guest, disk: attached, configuration: {}, resultsDir: join(dir, "results") });
  return synthConforming(stack) as unknown as SynthesizedJson;
}

function capture(): void {
  const dir = sharedTempDir("kvmbench-check-fixtures");
  const loops = new LoopDevices(dir);
  process.env.KVMBENCH_LOCK_DIR = join(dir, "locks"); // the steps' runner wants one; the inspect step locks nothing
  try {
    const bootImage = qcow2Image(join(dir, "boot.qcow2"));
    for (const c of CASES) {
      const domain = `check-dev-${c.name}`;
      const disk =
        c.medium === "file"
          ? { type: "file" as const, path: qcow2Image(join(dir, `${c.name}.qcow2`)), format: "qcow2" as const }
          : { type: "block" as const, path: loops.create(c.name, 64 * 1024 * 1024), format: "raw" as const };
      const json = synthCheck(dir, domain, disk, c);
      const inspect = stepNamed(json, "disk-check_inspect");
      const collect = stepNamed(json, "disk-check_results_collect");
      try {
        startDevDomain(domain, dir, bootImage, { serial: "kvmbench-dut", source: { type: disk.type, path: disk.path }, format: disk.format, bus: c.bus === "virtio-scsi" ? "scsi" : c.bus, cache: c.cache, io: c.io, target: c.target });
        const run = runStep(inspect, "create");
        if (run.status !== 0) throw new Error(`${c.name}: the inspect step failed:\n${run.stderr}`);
      } finally {
        removeDevDomain(domain);
      }
      const out = join(FIXTURES, c.name);
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      const { DOMAIN_XML, BLOCK_LIST, QUERY_BLOCK, WRITE_CACHE, QEMU_PROCESS } = inspect.input;
      copyFileSync(DOMAIN_XML, join(out, "domain.xml"));
      copyFileSync(BLOCK_LIST, join(out, "domblklist.txt"));
      copyFileSync(QUERY_BLOCK, join(out, "query-block.json"));
      copyFileSync(WRITE_CACHE, join(out, "write-cache.txt"));
      copyFileSync(QEMU_PROCESS, join(out, "qemu-process.txt"));
      const expected = JSON.parse(localExec(collect, "create").environment.EXPECTED_DISK ?? "{}") as unknown;
      writeFileSync(join(out, "expected-disk.json"), `${JSON.stringify(expected, null, 2)}\n`);
      process.stdout.write(`captured ${out}\n`);
    }
  } finally {
    loops.detachAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) capture();
