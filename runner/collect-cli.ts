/**
 * Command line for the host: verified frames + configuration + host facts -> result file.
 *
 *   tsx runner/collect-cli.ts --serial-log F --scenario NAME (--result-file F | --results-dir DIR) \
 *     [--kind scenario|baseline] [--configuration cfg.json] [--host-facts facts.json] \
 *     [--caches caches.json] [--tool name=version ...]
 *
 * A disk check (`--kind check`) takes its records instead of a serial log, judges them and
 * writes the result file, passed or failed:
 *
 *   tsx runner/collect-cli.ts --kind check --domain-xml F --block-list F --query-block F \
 *     --write-cache F --qemu-process F --expected-disk expected.json --scenario NAME ...
 *
 * --result-file is where the result file goes (the stack's results_path); --results-dir writes
 * <DIR>/<NAME>.json instead. A measurement's result file records kvmbench's own version
 * (`tools.kvmbench`) beside the tool's; --tool adds or overrides versions.
 *
 * Exit status: 0 written (prints the path); 1 failed, corrupt or incomplete results, or a disk
 * check that found the disk other than expected (message on stderr).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { resultFile as resultFileIn } from "../domain/locations";
import { KVMBENCH_VERSION } from "../domain/version";
import type { ExpectedDisk } from "../domain/disk-check";
import { cacheRecordProblems, hostFactsProblems } from "../results/host-records";
import { HostFacts, ResultFile } from "../results/result-file";
import { assembleResult, writeResultFile, writeResultFileAt } from "./collect";
import { assembleCheckResult, failedCheckMessage, passedCheckLine } from "./disk-check/check-result";
import { readFramesFile, requireComplete } from "./read-frames";

function readJson<T>(path: string | undefined, fallback: T, what: string, problems: (value: unknown) => string[] = () => []): T {
  if (path === undefined) return fallback;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`cannot read ${what} from ${path}: ${(e as Error).message}`);
  }
  const found = problems(value);
  if (found.length > 0) throw new Error(`the ${what} in ${path} is not what the host step writes: ${found.join("; ")}`);
  return value as T;
}

function readText(path: string | undefined, what: string): string {
  if (path === undefined) throw new Error(`--kind check needs --${what}`);
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read the disk check's ${what} record from ${path}: ${(e as Error).message}`);
  }
}

/**
 * Runs the CLI on `argv` (without node and script); returns the written path. `note` receives
 * what a passed disk check says.
 */
export function collectMain(argv: readonly string[], note: (line: string) => void = () => undefined): string {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "serial-log": { type: "string" },
      scenario: { type: "string" },
      "results-dir": { type: "string" },
      "result-file": { type: "string" },
      kind: { type: "string" },
      configuration: { type: "string" },
      "host-facts": { type: "string" },
      caches: { type: "string" },
      tool: { type: "string", multiple: true },
      "domain-xml": { type: "string" },
      "block-list": { type: "string" },
      "query-block": { type: "string" },
      "write-cache": { type: "string" },
      "qemu-process": { type: "string" },
      "expected-disk": { type: "string" },
    },
  });
  const serialLog = values["serial-log"];
  const scenario = values.scenario;
  const resultsDir = values["results-dir"];
  const resultFile = values["result-file"];
  const kind = values.kind ?? (scenario === "baseline" ? "baseline" : "scenario");
  if (kind !== "scenario" && kind !== "baseline" && kind !== "check") throw new Error(`--kind must be scenario, baseline or check, got ${kind}`);
  if ((kind !== "check" && !serialLog) || !scenario || (resultsDir === undefined) === (resultFile === undefined)) {
    throw new Error("--scenario, one of --result-file or --results-dir, and --serial-log (or a disk check's records) are required");
  }
  const configuration = readJson<Record<string, unknown>>(values.configuration, {}, "configuration");
  const host = readJson<HostFacts>(values["host-facts"], {}, "host facts", hostFactsProblems);
  const caches = readJson<ResultFile["caches"]>(values.caches, { pageCacheDropped: false }, "cache record", cacheRecordProblems);

  if (kind === "check") {
    const records = {
      domainXml: readText(values["domain-xml"], "domain-xml"),
      blockList: readText(values["block-list"], "block-list"),
      queryBlock: readText(values["query-block"], "query-block"),
      writeCache: readText(values["write-cache"], "write-cache"),
      qemuProcess: readText(values["qemu-process"], "qemu-process"),
    };
    const expected = readJson<ExpectedDisk | undefined>(values["expected-disk"], undefined, "expected disk");
    if (!expected) throw new Error("--kind check needs --expected-disk");
    const result = assembleCheckResult({ scenario, configuration, host, caches, expected, records });
    const path = writeResultFileAt(resultFile ?? resultFileIn(resultsDir as string, scenario), result);
    if (!result.check.ok) throw new Error(failedCheckMessage(result, path));
    note(passedCheckLine(result, expected));
    return path;
  }

  const tools: Record<string, string> = { kvmbench: KVMBENCH_VERSION };
  for (const t of values.tool ?? []) {
    const eq = t.indexOf("=");
    if (eq <= 0) throw new Error(`--tool ${t}: expected name=version`);
    tools[t.slice(0, eq)] = t.slice(eq + 1);
  }
  const result = assembleResult({
    scenario,
    kind,
    configuration,
    host,
    caches,
    scan: requireComplete(readFramesFile(serialLog as string), `serial log ${serialLog}`),
    tools,
  });
  if (resultFile !== undefined) return writeResultFileAt(resultFile, result);
  if (resultsDir !== undefined) return writeResultFile(resultsDir, result);
  throw new Error("--result-file or --results-dir is required");
}

if (require.main === module) {
  try {
    process.stdout.write(collectMain(process.argv.slice(2), (line) => process.stderr.write(`kvmbench collect: ${line}\n`)) + "\n");
  } catch (e) {
    process.stderr.write(`kvmbench collect: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
