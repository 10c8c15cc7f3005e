/** A disk check's result file from its records, and what the collector says of it. */
import { CACHE_BEHAVIOUR } from "../../domain/cache-modes";
import type { ExpectedDisk } from "../../domain/disk-check";
import type { CheckResultFile, DiskCheckRecords } from "../../results/check-result-file";
import { RESULT_FORMAT, RESULT_FORMAT_VERSION, type HostFacts, type ResultFile } from "../../results/result-file";
import { judgeDiskCheck } from "./judge";
import { parseQemuProcess } from "./qemu-process";

export interface CheckCollectInput {
  /** Stack name of the scenario. */
  readonly scenario: string;
  readonly configuration: Record<string, unknown>;
  readonly host: HostFacts;
  readonly caches: ResultFile["caches"];
  readonly expected: ExpectedDisk;
  readonly records: DiskCheckRecords;
}

/** The result file, passed or failed: its `check.ok` says which. */
export function assembleCheckResult(input: CheckCollectInput): CheckResultFile {
  const { domain, findings } = judgeDiskCheck(input.expected, input.records);
  const checkedAt = parseQemuProcess(input.records.qemuProcess).checkedAt;
  return {
    format: RESULT_FORMAT,
    version: RESULT_FORMAT_VERSION,
    scenario: input.scenario,
    kind: "check",
    configuration: input.configuration,
    host: input.host,
    caches: input.caches,
    ...(checkedAt ? { checkedAt } : {}),
    check: { domain, ok: findings.every((f) => f.ok), findings, records: input.records },
  };
}

/** "block /dev/loop0 (raw) on ide, cache=none (O_DIRECT, write cache on), io=native". */
export function describeExpectedDisk(expected: ExpectedDisk): string {
  const { direct, writeCache, noFlush } = CACHE_BEHAVIOUR[expected.cache];
  const cache = [direct ? "O_DIRECT" : "host page cache", `write cache ${writeCache ? "on" : "off"}`, ...(noFlush ? ["flushes dropped"] : [])].join(", ");
  return `${expected.source.type} ${expected.source.path} (${expected.format}) on ${expected.bus}, cache=${expected.cache} (${cache}), io=${expected.io ?? "default"}`;
}

/** What a passed check prints. */
export function passedCheckLine(result: CheckResultFile, expected: ExpectedDisk): string {
  return `disk check of ${result.scenario} passed (${result.check.findings.length} checks): QEMU opened ${describeExpectedDisk(expected)}; domain ${result.check.domain} stopped, no benchmark ran`;
}

/** What a failed check says: each finding that differed, and where every finding is. */
export function failedCheckMessage(result: CheckResultFile, resultPath: string): string {
  const differing = result.check.findings.filter((f) => !f.ok);
  return [
    `the disk check of ${result.scenario} failed: ${differing.length} of ${result.check.findings.length} checks differ from the scenario:`,
    ...differing.map((f) => `  ${f.what}: expected ${f.expected}, found ${f.found}`),
    `every check and the records it judged are in ${resultPath}`,
  ].join("\n");
}
