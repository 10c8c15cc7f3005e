import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { resultFile } from "../domain/locations";
import {
  BenchmarkRun,
  GuestFacts,
  HostFacts,
  RESULT_FORMAT,
  RESULT_FORMAT_VERSION,
  ResultFile,
} from "../results/result-file";
import type { AnyResultFile } from "../results/check-result-file";
import type { BenchmarkTool } from "../benchmark-tools/benchmark-tool";
import { TOOL_NAMES, toolNamed, type ToolName } from "../benchmark-tools/registry";
import { FRAME_NAMES } from "./framing";
import { CompleteScan, Frame } from "./read-frames";

/** The `info` frame the runner writes last: what it ran, on what, when. */
export interface GuestInfo {
  readonly format: "kvmbench-guest-info";
  readonly version: 1;
  readonly tool: ToolName;
  readonly toolVersion?: string;
  readonly kernel?: string;
  readonly os?: string;
  readonly serial?: string;
  readonly device?: string;
  readonly deviceBytes?: number | null;
  readonly pageCacheDropped?: boolean;
  readonly repeats?: number | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly runs?: ReadonlyArray<{ repeat: number; startedAt: string; finishedAt: string; exitCode: number }>;
}

/** Everything besides the frames that goes into a result file. */
export interface CollectInput {
  /** Stack name of the scenario, or "baseline". */
  readonly scenario: string;
  readonly kind: "scenario" | "baseline";
  readonly configuration: Record<string, unknown>;
  readonly host: HostFacts;
  readonly caches: ResultFile["caches"];
  /** A complete scan from `scanFrames`/`readFramesFile`. */
  readonly scan: CompleteScan;
  /** Versions to record besides the runner's tool and guest kernel, e.g. { kvmbench: "0.1.0" }. */
  readonly tools?: Readonly<Record<string, string>>;
}

const SCENARIO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RUN_FRAME = /^run-(\d+)(?:-(.+))?$/;

function frameText(frame: Frame): string {
  return frame.payload.toString("utf8");
}

/** Parses and checks the `info` frame. */
export function parseGuestInfo(frame: Frame): GuestInfo {
  let doc: unknown;
  try {
    doc = JSON.parse(frameText(frame));
  } catch (e) {
    throw new Error(`info frame ${frame.seq}: not valid JSON: ${(e as Error).message}`);
  }
  const info = doc as Partial<GuestInfo> | null;
  if (!info || info.format !== "kvmbench-guest-info" || typeof info.tool !== "string" || !toolNamed(info.tool)) {
    throw new Error(`info frame ${frame.seq}: not a kvmbench-guest-info document with tool ${TOOL_NAMES.join(" or ")}`);
  }
  if (typeof info.startedAt !== "string" || typeof info.finishedAt !== "string") {
    throw new Error(`info frame ${frame.seq}: startedAt/finishedAt missing`);
  }
  return info as GuestInfo;
}

/** A `run-<repeat>[-<test>]` frame as its tool keeps it in the result file. */
function runOf(frame: Frame, tool: BenchmarkTool): BenchmarkRun {
  const m = RUN_FRAME.exec(frame.name);
  if (!m) throw new Error(`frame ${frame.seq} (${frame.name}) is not a run frame`);
  return tool.runOf(Number(m[1]), m[2], frameText(frame), `frame ${frame.seq} (${frame.name})`);
}

function guestFacts(info: GuestInfo): GuestFacts {
  const facts: Record<string, string | number | boolean> = {};
  if (info.kernel) facts.kernel = info.kernel;
  if (info.os) facts.os = info.os;
  if (info.serial) facts.diskSerial = info.serial;
  if (info.device) facts.diskDevice = info.device;
  if (typeof info.deviceBytes === "number") facts.diskBytes = info.deviceBytes;
  if (typeof info.pageCacheDropped === "boolean") facts.pageCacheDropped = info.pageCacheDropped;
  return facts as GuestFacts;
}

/**
 * Builds the result file from a complete, successful scan.
 * @throws when the runner reported failure (the message carries its `error` frame), when the
 *   `info` frame is missing, or when a run frame's output does not parse or repeats are missing.
 */
export function assembleResult(input: CollectInput): ResultFile {
  if (!SCENARIO_NAME.test(input.scenario)) {
    throw new Error(`scenario name "${input.scenario}" is not a stack name (letters, digits, '.', '_', '-')`);
  }
  const { scan } = input;
  if (scan.status === "failed") {
    const error = scan.frames.find((f) => f.name === FRAME_NAMES.error);
    throw new Error(
      `the benchmark of ${input.scenario} failed: ${error ? frameText(error).trim() : "no error frame was written"}`,
    );
  }
  const infoFrame = scan.frames.find((f) => f.name === FRAME_NAMES.info);
  if (!infoFrame) throw new Error(`the results of ${input.scenario} have no info frame`);
  const info = parseGuestInfo(infoFrame);
  const tool = toolNamed(info.tool);
  if (!tool) throw new Error(`the results of ${input.scenario} come from tool ${info.tool}, which kvmbench does not know`);
  const runs = scan.frames.filter((f) => RUN_FRAME.test(f.name)).map((f) => runOf(f, tool));
  const repeats = new Set(runs.map((r) => r.repeat));
  const expected = typeof info.repeats === "number" ? info.repeats : repeats.size;
  for (let r = 1; r <= expected; r++) {
    if (!repeats.has(r)) throw new Error(`the results of ${input.scenario} have no output for repeat ${r} of ${expected}`);
  }
  const tools: Record<string, string> = { ...input.tools };
  if (info.toolVersion) tools[info.tool] = info.toolVersion;
  if (info.kernel) tools[input.kind === "baseline" ? "hostKernel" : "guestKernel"] = info.kernel;
  return {
    format: RESULT_FORMAT,
    version: RESULT_FORMAT_VERSION,
    scenario: input.scenario,
    kind: input.kind,
    configuration: input.configuration,
    host: input.host,
    tools,
    caches: input.caches,
    guest: guestFacts(info),
    startedAt: info.startedAt,
    finishedAt: info.finishedAt,
    runs,
  };
}

/** Writes the result file (a measurement's or a disk check's) at `path`, creating its directory, and returns the path. */
export function writeResultFileAt(path: string, result: AnyResultFile): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(result, null, 2) + "\n");
  return path;
}

/** Writes the scenario's result file in `resultsDir` (`<resultsDir>/<scenario>.json`, domain/locations.ts) and returns its path. */
export function writeResultFile(resultsDir: string, result: ResultFile): string {
  if (!SCENARIO_NAME.test(result.scenario)) {
    throw new Error(`scenario name "${result.scenario}" cannot be a file name`);
  }
  return writeResultFileAt(resultFile(resultsDir, result.scenario), result);
}
