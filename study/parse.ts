/**
 * The entry points: parse and validate a study file, reporting every error at once, and
 * expand it into scenarios. A study with errors yields neither a study nor scenarios.
 */
import { readFileSync, statSync } from "node:fs";
import { LineCounter, Node, isMap, parseDocument } from "yaml";
import { ownValue } from "../domain/own-value";
import type { StudyError } from "./errors";
import { sortErrors, withValuesCut } from "./errors";
import type { ExplicitScenarioSpec, HostSpec, Study } from "./model";
import { NAME_EXPECTATION, isValidName } from "./names";
import { type FirstHostDevices, readBaseline, readBenchmark, readGuest } from "./parse-guest";
import { DEFAULT_HOST, checkHostOnlyDevices, readDevices, readHost, readHosts, type StudyDevices } from "./parse-host";
import { readExplicitScenarios, readMatrix } from "./parse-matrix";
import { type HostContext, declaredHostNames } from "./parse-placement";
import { readStorageSection } from "./parse-storage";
import { StudyPlan, completeScenarios, expandScenarios, planBaseline } from "./scenarios";
import { StudyReader, keyText } from "./yaml-reader";

/** What parsing a study gives: study and plan only when there are no errors. */
export interface StudyLoadResult {
  readonly study?: Study;
  readonly plan?: StudyPlan;
  /** Every problem found, in file order. */
  readonly errors: readonly StudyError[];
}

const TOP_LEVEL = {
  required: ["version", "name", "devices", "storage", "guest", "benchmark"],
  optional: ["host", "hosts", "baseline", "matrix", "scenarios"],
};
const STUDY_EXPECTATION = "a study mapping with version, name, host, devices, storage, guest, benchmark and matrix or scenarios";

/**
 * The largest study file kvmbench reads: a study of a hundred storage layouts is about ten KiB.
 * Above this, reading stops at once with an error (reading is linear in the file's size, and
 * the YAML parser takes about a second for this much).
 */
export const MAX_STUDY_BYTES = 256 * 1024;

export interface StudyLimits {
  /** @default MAX_STUDY_BYTES */
  readonly maxBytes?: number;
}

/** Reads a study file from disk. */
export function loadStudy(path: string, limits: StudyLimits = {}): StudyLoadResult {
  let text: string;
  try {
    const size = statSync(path).size;
    const maxBytes = limits.maxBytes ?? MAX_STUDY_BYTES;
    if (size > maxBytes) return { errors: [tooLarge(path, size, maxBytes)] };
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { errors: [{ file: path, line: 1, column: 1, path: "", message: `cannot read the study file: ${reason}`, expected: "a readable YAML study file" }] };
  }
  return parseStudy(text, path, limits);
}

function tooLarge(file: string, bytes: number, maxBytes: number): StudyError {
  return {
    file,
    line: 1,
    column: 1,
    path: "",
    message: `the study file is ${bytes} bytes, more than kvmbench reads (${maxBytes} bytes)`,
    expected: `a study of at most ${maxBytes} bytes (docs/study.md, "Limits"); split a larger sweep into several studies`,
  };
}

/**
 * Parses and validates study text; `fileName` is used in error positions and to resolve relative
 * image paths. Errors show at most SHOWN_VALUE_LENGTH characters of a value.
 */
export function parseStudy(text: string, fileName: string, limits: StudyLimits = {}): StudyLoadResult {
  const result = readStudy(text, fileName, limits);
  return result.errors.length === 0 ? result : { ...result, errors: result.errors.map(withValuesCut) };
}

function readStudy(text: string, fileName: string, limits: StudyLimits): StudyLoadResult {
  const maxBytes = limits.maxBytes ?? MAX_STUDY_BYTES;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes) return { errors: [tooLarge(fileName, bytes, maxBytes)] };
  const lineCounter = new LineCounter();
  let document: ReturnType<typeof parseDocument>;
  try {
    // Repeated keys are found by the reader: the yaml library's own check is quadratic in the size of a mapping.
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { errors: [{ file: fileName, line: 1, column: 1, path: "", message: "the study is nested too deeply to read", expected: "a study nested a few levels deep, as in docs/study.md" }] };
  }
  if (document.errors.length > 0) {
    return {
      errors: sortErrors(
        document.errors.map((error) => {
          const start = lineCounter.linePos(error.pos[0]);
          const message = error.message.split("\n")[0].replace("; please use YAML.parseAllDocuments()", "");
          return { file: fileName, line: start.line, column: start.col, path: "", message: `YAML syntax: ${message}`, expected: "well-formed YAML" };
        }),
      ),
    };
  }
  const reader = new StudyReader(fileName, lineCounter, document, maxBytes);
  const root = document.contents as Node | null;
  if (!root || !isMap(root)) {
    reader.error(root, "", root ? "the study is not a mapping" : "the study is empty", STUDY_EXPECTATION);
    return { errors: reader.errors };
  }
  const top = reader.map(root, "", TOP_LEVEL, STUDY_EXPECTATION);
  if (!top) return { errors: reader.errors };

  const version = top.has("version") ? reader.integer(top.value("version"), "version", 1, 1, "1 (the only study format version)") : undefined;
  const name = top.has("name") ? reader.string(top.value("name"), "name", NAME_EXPECTATION) : undefined;
  if (name !== undefined && !isValidName(name)) reader.error(top.value("name"), "name", `invalid study name "${name}"`, NAME_EXPECTATION);

  const studyDevices = top.has("devices") ? readDevices(reader, top.value("devices")) : { paths: {}, hostOnly: new Map<string, Node>() };
  const devices = studyDevices.paths;
  // References are checked against every declared name: a device whose path is wrong is
  // reported once, not again as undefined wherever it is used.
  const deviceNames = declaredNames(reader, top.value("devices"));
  const storage = top.has("storage") ? readStorageSection(reader, top.value("storage"), { devices: deviceNames }) : { specs: new Map(), declared: [] };

  let hosts: HostSpec[] | undefined = [DEFAULT_HOST];
  if (top.has("host") && top.has("hosts")) {
    reader.error(top.keyNode("hosts"), "hosts", 'both "host" and "hosts" are given', '"host" for one host or "hosts" for several, not both');
    hosts = undefined;
  } else if (top.has("host")) {
    const host = readHost(reader, top.value("host"), top.keyNode("host"));
    hosts = host ? [host] : undefined;
  } else if (top.has("hosts")) {
    hosts = readHosts(reader, top.value("hosts"), deviceNames, devices);
  }
  const several = top.has("hosts");
  checkHostOnlyDevices(reader, studyDevices, hosts, several);
  const hostContext: HostContext = {
    names: several ? declaredHostNames(reader, top.value("hosts")) : [DEFAULT_HOST.name],
    several,
    ...(hosts ? { hosts } : {}),
    storage: storage.specs,
    hasStudyPath: (device) => !studyDevices.hostOnly.has(device),
  };

  const guest = top.has("guest") ? readGuest(reader, top.value("guest"), fileName, top.keyNode("guest")) : undefined;
  const benchmark = top.has("benchmark") ? readBenchmark(reader, top.value("benchmark"), guest?.os, top.keyNode("benchmark")) : undefined;
  const baseline = top.has("baseline") ? readBaseline(reader, top.value("baseline"), deviceNames, firstHostDevices(hosts, studyDevices), top.keyNode("baseline")) : undefined;
  const matrix = top.has("matrix") ? readMatrix(reader, top.value("matrix"), storage.declared, hostContext, top.keyNode("matrix")) : undefined;
  const scenarios = top.has("scenarios") ? readExplicitScenarios(reader, top.value("scenarios"), storage.declared, hostContext) : [];
  if (!top.has("matrix") && !top.has("scenarios")) {
    reader.error(root, "matrix", "the study has neither a matrix nor scenarios", '"matrix: { storage, cache, bus }" or a "scenarios:" list');
  }

  const expansion = expandScenarios({
    file: fileName,
    hosts: hosts ?? [],
    devices,
    storage: storage.specs,
    ...(guest?.machine ? { guestMachine: guest.machine } : {}),
    ...(matrix ? { matrix } : {}),
    scenarios,
    hasBaseline: top.has("baseline"),
    hostOnlyDevices: new Set(studyDevices.hostOnly.keys()),
  });
  const errors = sortErrors([...reader.errors, ...expansion.errors]);
  if (errors.length > 0 || version !== 1 || !name || !hosts || !guest || !benchmark) {
    return { errors };
  }
  const study: Study = {
    version,
    name,
    file: fileName,
    hosts,
    devices,
    storage: Object.fromEntries(storage.specs),
    guest,
    benchmark,
    ...(baseline ? { baseline } : {}),
    ...(matrix ? { matrix } : {}),
    scenarios: scenarios.filter((s): s is ExplicitScenarioSpec => s !== undefined),
  };
  const planBaselineResult = planBaseline(study);
  const plan: StudyPlan = {
    study,
    scenarios: completeScenarios(expansion.scenarios, guest, benchmark),
    excluded: expansion.excluded,
    ...(planBaselineResult ? { baseline: planBaselineResult } : {}),
  };
  return { study, plan, errors: [] };
}

/**
 * Every device name the study declares, valid or not, so that a storage using a device whose
 * path is wrong is not also reported as using an undefined device.
 */
function declaredNames(reader: StudyReader, node: Node | null | undefined): string[] {
  const resolved = reader.resolve(node);
  if (!resolved || !isMap(resolved)) return [];
  return resolved.items.map((item) => keyText(item.key as Node | null)).filter((name): name is string => name !== undefined && name !== "");
}

/**
 * The baseline runs on the first host: the devices it has there (a device written `~` only
 * when that host gives its path). Undefined when the hosts have errors (nothing is judged).
 */
function firstHostDevices(hosts: readonly HostSpec[] | undefined, devices: StudyDevices): FirstHostDevices | undefined {
  const first = hosts?.[0];
  if (!first) return undefined;
  return { name: first.name, has: (device) => !devices.hostOnly.has(device) || ownValue(first.devices, device) !== undefined };
}
