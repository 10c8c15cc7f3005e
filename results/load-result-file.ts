import { basename } from "node:path";
import { TOOL_NAMES, toolNamed } from "../benchmark-tools/registry";
import { ResultInputError } from "./errors";
import { isCheckDocument } from "./load-check-result-file";
import { cacheRecordProblems, hostFactsProblems } from "./host-records";
import { isFioOutput } from "./fio-parser";
import { parseRepeats } from "./parse-run";
import { RESULT_FORMAT, RESULT_FORMAT_VERSION, type BenchmarkRun, type ResultFile } from "./result-file";
import { fioDocumentVersion, resultFileProvenance } from "./provenance";
import { acceleratorOf, summarizePoints, summarizeRepeats, type ScenarioResults, type ZfsRecord } from "./scenario-results";
import { scenarioSettings } from "./scenario-settings";
import { readJsonInputFile } from "./read-input-file";

const EXPECTED = `a kvmbench result file: a JSON object with "format": "${RESULT_FORMAT}", "version": ${RESULT_FORMAT_VERSION}, "scenario" and "runs"`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks the parts of a ResultFile the report relies on, with an error naming the file. */
export function validateResultFile(document: unknown, path: string): ResultFile {
  if (!isRecord(document) || document["format"] !== RESULT_FORMAT) {
    const hint = isFioOutput(document) ? " (this is raw fio JSON: use `kvmbench report --baseline BASE.json A.json ...`)" : "";
    throw new ResultInputError(`${path}: not a kvmbench result file${hint}; expected ${EXPECTED}`);
  }
  if (isCheckDocument(document)) {
    throw new ResultInputError(`${path}: a disk check's result (kind "check": the disk was checked, no benchmark ran), not measurements; expected ${EXPECTED}`);
  }
  if (document["version"] !== RESULT_FORMAT_VERSION) {
    throw new ResultInputError(`${path}: result format version ${JSON.stringify(document["version"])} is not supported; expected ${RESULT_FORMAT_VERSION}`);
  }
  if (typeof document["scenario"] !== "string" || !Array.isArray(document["runs"])) {
    throw new ResultInputError(`${path}: missing "scenario" (a string) or "runs" (an array); expected ${EXPECTED}`);
  }
  (document["runs"] as unknown[]).forEach((run, index) => {
    if (!isRecord(run) || typeof run["repeat"] !== "number" || typeof run["tool"] !== "string" || !toolNamed(run["tool"])) {
      throw new ResultInputError(`${path}: runs[${index}] must be {repeat: number, tool: ${TOOL_NAMES.map((name) => JSON.stringify(name)).join(" | ")}, output}`);
    }
  });
  if (document["runs"].length === 0) throw new ResultInputError(`${path}: "runs" is empty; the scenario has no measurements`);
  // Older files and raw tools may lack them; when present they must be what the host steps write.
  const hostProblems = [...(document["host"] !== undefined ? hostFactsProblems(document["host"]) : []), ...(document["caches"] !== undefined ? cacheRecordProblems(document["caches"]) : [])];
  if (hostProblems.length > 0) throw new ResultInputError(`${path}: ${hostProblems.join("; ")}`);
  return document as unknown as ResultFile;
}

function zfsRecordOf(file: ResultFile): { zfs?: ZfsRecord } {
  const dataset = file.host?.zfsDataset;
  const arcBytes = file.caches?.zfsArcBytes;
  return dataset || arcBytes ? { zfs: { ...(dataset ? { dataset } : {}), ...(arcBytes ? { arcBytes } : {}) } } : {};
}

/** Loads one result file (`<scenario>.json` or `baseline.json`) into a scenario's results. */
export function loadResultFile(path: string, kind: "scenario" | "baseline"): ScenarioResults {
  const file = validateResultFile(readJsonInputFile(path, EXPECTED), path);
  const repeats = parseRepeats(file.runs as readonly BenchmarkRun[], path);
  const configuration = isRecord(file.configuration) ? file.configuration : {};
  const name = kind === "baseline" ? file.scenario || basename(path, ".json") : file.scenario;
  return {
    name,
    kind,
    settings: kind === "baseline" ? {} : scenarioSettings(name, configuration),
    configuration,
    accelerator: acceleratorOf(configuration),
    source: path,
    tests: summarizeRepeats(repeats),
    points: summarizePoints(repeats),
    provenance: resultFileProvenance(file, file.runs[0]?.tool, fioDocumentVersion(file.runs[0]?.output)),
    warnings: repeats.flatMap((repeat) => repeat.run.warnings),
    ...zfsRecordOf(file),
  };
}
