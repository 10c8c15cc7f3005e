/**
 * The fast suite's temporary files go to one folder of its own, removed when the suite ends
 * (private-tmpdir-teardown.ts): the tests' mkdtemp folders and what libraries make there without
 * removing it (cdktf's Testing.app leaves a `cdktf.outdir.*` per app, thousands per run). jest
 * starts its workers after this, with this TMPDIR. The end-to-end suite keeps the machine's:
 * libvirt's QEMU reads the cloud-init ISOs the provider writes under TMPDIR.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): void {
  const dir = mkdtempSync(join(tmpdir(), "kvmbench-jest-"));
  process.env.KVMBENCH_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
}
