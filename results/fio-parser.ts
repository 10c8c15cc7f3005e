import { describeBlockSize, identifyTest, type Direction, type TestId } from "./benchmark-tests";
import { ResultInputError } from "./errors";
import type { ParsedRun, PointFigures, TestFigures } from "./figures";
import { fioBlockSize, fioLoadPoint, parseFioWorkload, type FioOptions } from "./fio-options";
import { combineFigures, type WeightedFigures } from "./combine-figures";
import { loadPointKey, type LoadPoint } from "./load-points";
import { parsedRun } from "./parsed-run";

/** The parts of fio's per-direction statistics (`jobs[].read` / `jobs[].write`) the report uses. */
interface FioDirectionStats {
  readonly io_bytes?: number;
  readonly bw_bytes?: number;
  readonly iops?: number;
  readonly total_ios?: number;
  readonly lat_ns?: FioLatency;
  readonly clat_ns?: FioLatency;
}

/** fio's latency statistics, in nanoseconds. */
interface FioLatency {
  readonly mean?: number;
  readonly max?: number;
  readonly percentile?: Record<string, number>;
}

/** fio's `steadystate` object of a job that ran with steady-state detection. */
interface FioSteadyState {
  /** The criterion, e.g. "bw_slope:2.000000%". */
  readonly ss?: string;
  /** 1 when the criterion held over the window and fio ended the job. */
  readonly attained?: number;
}

interface FioJob {
  readonly jobname?: string;
  readonly error?: number;
  /** How long the job ran, in milliseconds. */
  readonly job_runtime?: number;
  readonly steadystate?: FioSteadyState;
  readonly "job options"?: Record<string, unknown>;
  readonly read?: FioDirectionStats;
  readonly write?: FioDirectionStats;
}

const EXPECTED = 'expected the output of `fio --output-format=json` (fio 3.x): an object with "fio version" and "jobs"';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOptions(value: unknown): FioOptions {
  if (!isRecord(value)) return {};
  const options: Record<string, string> = {};
  for (const [key, option] of Object.entries(value)) options[key] = String(option);
  return options;
}

/**
 * fio's JSON document in its output text (`--output-format=json`): the one reader of fio output,
 * for the collector (which keeps the document in the result file) and the report. fio sometimes
 * prints notes before the document on stdout (e.g. "note: both iodepth >= 1 and synchronous I/O
 * engine are selected"); they are skipped.
 * @throws ResultInputError when the text holds no fio JSON document
 */
export function readFioDocument(text: string, source: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const start = text.search(/^\{/m);
    try {
      if (start < 0) throw error;
      document = JSON.parse(text.slice(start));
    } catch (secondError) {
      const reason = secondError instanceof Error ? secondError.message : String(secondError);
      throw new ResultInputError(`${source}: not fio JSON output (${reason}); ${EXPECTED}`);
    }
  }
  if (!isFioOutput(document)) throw new ResultInputError(`${source}: not fio JSON output; ${EXPECTED}`);
  return document;
}

/** Figures per test from fio's JSON text (see readFioDocument and parseFioOutput). */
export function parseFioJsonText(text: string, source: string): ParsedRun {
  return parseFioOutput(readFioDocument(text, source), source);
}

/** True when `document` looks like fio's JSON output. */
export function isFioOutput(document: unknown): boolean {
  return isRecord(document) && typeof document["fio version"] === "string" && Array.isArray(document["jobs"]);
}

function percentileMs(stats: FioDirectionStats, percentile: string): number | undefined {
  const value = stats.lat_ns?.percentile?.[percentile] ?? stats.clat_ns?.percentile?.[percentile];
  return typeof value === "number" ? value / 1e6 : undefined;
}

/** The slowest I/O: total latency (submission and completion) when fio reports it, else completion latency. */
function maxMs(stats: FioDirectionStats): number | undefined {
  const value = stats.lat_ns?.max ?? stats.clat_ns?.max;
  return typeof value === "number" ? value / 1e6 : undefined;
}

/**
 * fio reports a percentile as the upper edge of its histogram bin, which can lie a few per cent
 * above the slowest I/O it measured: such a percentile is the maximum.
 */
function atMost(value: number | undefined, max: number | undefined): number | undefined {
  return value === undefined || max === undefined ? value : Math.min(value, max);
}

function figuresOf(job: FioJob, stats: FioDirectionStats): TestFigures {
  const meanNs = stats.lat_ns?.mean ?? stats.clat_ns?.mean ?? 0;
  const { steadystate } = job;
  const max = maxMs(stats);
  return {
    mbPerSecond: (stats.bw_bytes ?? 0) / 1e6,
    iops: stats.iops ?? 0,
    meanLatencyMs: meanNs / 1e6,
    p50LatencyMs: atMost(percentileMs(stats, "50.000000"), max),
    p99LatencyMs: atMost(percentileMs(stats, "99.000000"), max),
    p999LatencyMs: atMost(percentileMs(stats, "99.900000"), max),
    maxLatencyMs: max,
    ...(typeof job.job_runtime === "number" ? { seconds: job.job_runtime / 1000 } : {}),
    ...(isRecord(steadystate) && typeof steadystate.ss === "string"
      ? { steadyState: { attained: steadystate.attained === 1, criterion: steadystate.ss } }
      : {}),
  };
}

/**
 * Turns fio's JSON output (fio 3.x) into figures per test. Tests are recognised from each job's
 * `rw` and `bs` (the job's options over the global options, fio's defaults otherwise), never
 * from job names, and its load point from `iodepth` and `numjobs` (fio's default 1 each). Jobs
 * matching none of the profile's tests are skipped with a warning; several jobs matching one test
 * at one load point (numjobs without group_reporting) are combined: throughput and IOPS add up,
 * mean latency is weighted by I/O count, percentiles take the worst job. Each test also
 * records how long it ran (`job_runtime`) and, when fio ran it with steady-state detection,
 * whether it ended steady (the job's `steadystate.attained`).
 */
export function parseFioOutput(document: unknown, source: string): ParsedRun {
  if (!isFioOutput(document) || !isRecord(document)) {
    throw new ResultInputError(`${source}: not fio JSON output; ${EXPECTED}`);
  }
  const globalOptions = stringOptions(document["global options"]);
  const jobs = document["jobs"] as readonly FioJob[];
  const warnings: string[] = [];
  const collected = new Map<string, { test: TestId; point: LoadPoint; parts: WeightedFigures[] }>();

  jobs.forEach((job, index) => {
    const jobName = `job ${index + 1}${job.jobname ? ` "${job.jobname}"` : ""}`;
    if (job.error) {
      warnings.push(`${source}: ${jobName} reported fio error ${job.error}; skipped`);
      return;
    }
    const options: FioOptions = { ...globalOptions, ...stringOptions(job["job options"]) };
    const workload = parseFioWorkload(options);
    if (workload.kind !== "single") {
      warnings.push(`${source}: ${jobName} has rw=${workload.value}, not a single read or write test; skipped`);
      return;
    }
    const direction: Direction = workload.direction;
    const blockSize = fioBlockSize(options, direction);
    if (blockSize === undefined) {
      warnings.push(`${source}: ${jobName} has an unreadable bs=${options["bs"] ?? options["blocksize"]}; skipped`);
      return;
    }
    const test = identifyTest(direction, workload.pattern, blockSize);
    if (test === undefined) {
      warnings.push(`${source}: ${jobName} is a random ${direction} at ${describeBlockSize(blockSize)}, not a profile test; skipped`);
      return;
    }
    const stats = job[direction];
    if (!stats || !stats.io_bytes) {
      warnings.push(`${source}: ${jobName} (${test}) did no ${direction} I/O; skipped`);
      return;
    }
    const point = fioLoadPoint(options);
    const key = `${test} ${loadPointKey(point)}`;
    const entry = collected.get(key) ?? { test, point, parts: [] };
    entry.parts.push({ figures: figuresOf(job, stats), weight: stats.total_ios ?? 1 });
    collected.set(key, entry);
  });

  const points: PointFigures[] = [...collected.values()].map(({ test, point, parts }) => ({ test, point, figures: combineFigures(parts) }));
  return parsedRun(points, warnings);
}
