/**
 * Command line for the host: verified frames + configuration + host facts -> result file.
 *
 *   tsx runner/collect-cli.ts --serial-log F --scenario NAME (--result-file F | --results-dir DIR) \
 *     [--kind scenario|baseline] [--configuration cfg.json] [--host-facts facts.json] \
 *     [--caches caches.json] [--tool name=version ...]
 *
 * --result-file is where the result file goes (the stack's results_path); --results-dir writes
 * <DIR>/<NAME>.json instead.
 *
 * Exit status: 0 written (prints the path); 1 failed, corrupt or incomplete results (message on stderr).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { HostFacts, ResultFile } from "../results/result-file";
import { assembleResult, writeResultFile, writeResultFileAt } from "./collect";
import { readFramesFile, requireComplete } from "./read-frames";

function readJson<T>(path: string | undefined, fallback: T, what: string): T {
  if (path === undefined) return fallback;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    throw new Error(`cannot read ${what} from ${path}: ${(e as Error).message}`);
  }
}

/** Runs the CLI on `argv` (without node and script); returns the written path. */
export function collectMain(argv: readonly string[]): string {
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
    },
  });
  const serialLog = values["serial-log"];
  const scenario = values.scenario;
  const resultsDir = values["results-dir"];
  const resultFile = values["result-file"];
  if (!serialLog || !scenario || (resultsDir === undefined) === (resultFile === undefined)) {
    throw new Error("--serial-log, --scenario and one of --result-file or --results-dir are required");
  }
  const kind = values.kind ?? (scenario === "baseline" ? "baseline" : "scenario");
  if (kind !== "scenario" && kind !== "baseline") throw new Error(`--kind must be scenario or baseline, got ${kind}`);
  const tools: Record<string, string> = {};
  for (const t of values.tool ?? []) {
    const eq = t.indexOf("=");
    if (eq <= 0) throw new Error(`--tool ${t}: expected name=version`);
    tools[t.slice(0, eq)] = t.slice(eq + 1);
  }
  const result = assembleResult({
    scenario,
    kind,
    configuration: readJson<Record<string, unknown>>(values.configuration, {}, "configuration"),
    host: readJson<HostFacts>(values["host-facts"], {}, "host facts"),
    caches: readJson<ResultFile["caches"]>(values.caches, { pageCacheDropped: false }, "cache record"),
    scan: requireComplete(readFramesFile(serialLog), `serial log ${serialLog}`),
    tools,
  });
  if (resultFile !== undefined) return writeResultFileAt(resultFile, result);
  if (resultsDir !== undefined) return writeResultFile(resultsDir, result);
  throw new Error("--result-file or --results-dir is required");
}

if (require.main === module) {
  try {
    process.stdout.write(collectMain(process.argv.slice(2)) + "\n");
  } catch (e) {
    process.stderr.write(`kvmbench collect: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
