/**
 * Disk checks' result files for the orchestrator and report tests, judged from records of a real
 * domain (__tests__/fixtures/disk-check/block-none-sata): a passed check, or a failed one (the
 * scenario expected cache=writethrough where QEMU opened the disk with cache=none).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ExpectedDisk } from "../../domain/disk-check";
import type { CheckResultFile } from "../../results/check-result-file";
import { assembleCheckResult } from "../../runner/disk-check/check-result";
import { FIXTURES } from "./capture-disk-check-fixtures";

const CASE = join(FIXTURES, "block-none-sata");
const read = (file: string) => readFileSync(join(CASE, file), "utf8");

/** The result file of a check of `scenario`: passed, or failed on its cache mode. */
export function checkResult(scenario: string, outcome: "passed" | "failed", configuration: Record<string, unknown> = {}): CheckResultFile {
  const expected = JSON.parse(read("expected-disk.json")) as ExpectedDisk;
  return assembleCheckResult({
    scenario,
    configuration,
    host: { hostname: "test-host", qemu: "7.2.22", libvirt: "9.0.0" },
    caches: { pageCacheDropped: true },
    expected: outcome === "passed" ? expected : { ...expected, cache: "writethrough" },
    records: { domainXml: read("domain.xml"), blockList: read("domblklist.txt"), queryBlock: read("query-block.json"), writeCache: read("write-cache.txt"), qemuProcess: read("qemu-process.txt") },
  });
}

/** Writes `checkResult(...)` at `path` and returns the path. */
export function writeCheckResult(path: string, scenario: string, outcome: "passed" | "failed", configuration: Record<string, unknown> = {}): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(checkResult(scenario, outcome, configuration), null, 2)}\n`);
  return path;
}
