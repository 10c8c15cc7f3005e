import { basename, extname } from "node:path";
import { parseFioOutput, readFioDocument } from "./fio-parser";
import { readInputFile } from "./read-input-file";
import { fioDocumentVersion } from "./provenance";
import { summarizePoints, summarizeRepeats, type ScenarioResults } from "./scenario-results";
import { settingsFromName } from "./scenario-settings";
import type { StudyResults } from "./study-results";
import { ResultInputError } from "./errors";

const EXPECTED = "the output of `fio --output-format=json` (fio 3.x)";

/** The scenario name of a raw tool output file: its file name without the extension. */
export function scenarioNameOfFile(path: string): string {
  return basename(path, extname(path));
}

/** Loads one raw fio JSON file as a scenario (or the baseline) with a single repeat. */
export function loadFioFile(path: string, kind: "scenario" | "baseline"): ScenarioResults {
  const document = readFioDocument(readInputFile(path, EXPECTED), path);
  const run = parseFioOutput(document, path);
  const repeats = [{ repeat: 1, run }];
  const tool = fioDocumentVersion(document);
  const name = kind === "baseline" ? "baseline" : scenarioNameOfFile(path);
  return {
    name,
    kind,
    settings: kind === "baseline" ? {} : settingsFromName(name),
    configuration: {},
    accelerator: "kvm",
    source: path,
    tests: summarizeRepeats(repeats),
    points: summarizePoints(repeats),
    provenance: tool === undefined ? {} : { tool },
    warnings: run.warnings,
  };
}

/**
 * Loads raw fio JSON files: a baseline and scenarios named after their files (`xfs-qcow2-writeback-virtio.json`
 * becomes scenario `xfs-qcow2-writeback-virtio`, with settings guessed from that name).
 */
export function loadFioFiles(baselinePath: string, scenarioPaths: readonly string[]): StudyResults {
  if (scenarioPaths.length === 0) throw new ResultInputError(`no scenario files given besides the baseline ${baselinePath}; expected fio JSON files to compare`);
  const names = scenarioPaths.map(scenarioNameOfFile);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new ResultInputError(`two scenario files are both named "${duplicate}"; scenario names come from file names and must differ`);
  const baseline = loadFioFile(baselinePath, "baseline");
  const scenarios = scenarioPaths.map((path) => loadFioFile(path, "scenario"));
  return { baseline, scenarios, warnings: [baseline, ...scenarios].flatMap((scenario) => scenario.warnings) };
}
