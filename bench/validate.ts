/**
 * Validation benchmark (issue 12, finding 10): how long `kvmbench validate` takes to read a
 * study, for studies of growing size (storage layouts, each a flow mapping of about 110 bytes,
 * the kind of line a generated sweep has). The size limit is lifted here to show the growth
 * beyond it: time per KiB stays flat when reading is linear in the input.
 *
 * Usage: npm run bench:validate [-- --runs N]
 *
 * Performance claims live here, never in timed tests.
 */
import { parseStudy } from "../study";

function studyOf(storages: number): string {
  const lines = ["version: 1", "name: wide", "devices: { ssd: /dev/disk/by-id/ata-BENCH }", "storage:"];
  for (let i = 0; i < storages; i++) {
    lines.push(`  s${i}: { kind: image, format: qcow2, size: 10GiB, filesystem: { type: xfs, device: ssd, mkfsOptions: ["-K"] } }`);
  }
  lines.push("guest: { os: linux, image: https://example.org/a.qcow2 }", "benchmark: { profile: quick, size: 32MiB }");
  lines.push(`matrix: { storage: [${Array.from({ length: Math.min(storages, 1000) }, (_, i) => `s${i}`).join(", ")}], cache: [none], bus: [virtio] }`);
  return lines.join("\n") + "\n";
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const runsIndex = process.argv.indexOf("--runs");
const runs = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 3;
console.log("| storages | KiB | validate ms (median of " + runs + ") | ms per KiB |");
console.log("|---:|---:|---:|---:|");
for (const storages of [1000, 2000, 4000, 8000, 16000, 32000]) {
  const text = studyOf(storages);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const result = parseStudy(text, "wide.yaml", { maxBytes: Number.POSITIVE_INFINITY });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.errors.length > 0) throw new Error(`bench study has errors: ${result.errors[0].message}`);
  }
  const kib = Buffer.byteLength(text) / 1024;
  console.log(`| ${storages} | ${kib.toFixed(0)} | ${median(times).toFixed(0)} | ${(median(times) / kib).toFixed(2)} |`);
}
