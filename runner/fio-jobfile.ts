import { fioOptionLine } from "./fio-allowlist";
import { formatBlockSize, plannedTests, type PlannedTest, type ResolvedBenchmark } from "../domain/profiles";

/**
 * The environment variable the job file reads its target from (fio expands `${VAR}`).
 * The runner scripts set it to the disk they found by serial; the job file names no device.
 */
export const TARGET_VARIABLE = "KVMBENCH_TARGET";

/** Options the profile or the runner owns; `fioOptions` may not set them (and only those of fio-allowlist.ts at all). */
export const RESERVED_FIO_OPTIONS: readonly string[] = [
  "filename",
  "filename_format",
  "directory",
  "opendir",
  "rw",
  "readwrite",
  "bs",
  "blocksize",
  "stonewall",
  "wait_for_previous",
  "output",
  "direct",
  "buffered",
  "ioengine",
  "iodepth",
  "size",
  "runtime",
  "steadystate",
  "ss",
  "steadystate_duration",
  "ss_dur",
  "steadystate_ramp_time",
  "ss_ramp",
];

/** The percentiles the report reads (p50, p99, p99.9); fio's default list has them all. */
export const REPORT_PERCENTILES: readonly number[] = [50, 99, 99.9];
/** fio takes at most this many percentiles. */
const MAX_PERCENTILES = 20;

/**
 * A study's `percentile_list` with the report's percentiles added (fio's own default list has
 * them; a list of the study's own replaces it). Beyond fio's 20, the study's highest are dropped.
 */
export function percentileList(studyList: string): string {
  const own = studyList.split(":").map(Number);
  const missing = REPORT_PERCENTILES.filter((percentile) => !own.includes(percentile));
  const kept = [...own].sort((a, b) => a - b).slice(0, MAX_PERCENTILES - missing.length);
  return [...new Set([...kept, ...missing])].sort((a, b) => a - b).join(":");
}

/** Reserved options that have a field of their own in `BenchmarkOptions`. */
const OWN_FIELD: Readonly<Record<string, string>> = {
  ioengine: "ioengine",
  iodepth: "iodepth",
  size: "size",
  runtime: "runtime",
  steadystate: "steadyState",
  ss: "steadyState",
  steadystate_duration: "steadyState",
  ss_dur: "steadyState",
  steadystate_ramp_time: "steadyState",
  ss_ramp: "steadyState",
};

function optionLine(key: string, value: string | number | boolean): string {
  if (key === "percentile_list") return fioOptionLine(key, percentileList(String(value)));
  if (RESERVED_FIO_OPTIONS.includes(key)) {
    const field = OWN_FIELD[key];
    throw new Error(
      field
        ? `fio option "${key}" cannot be set in fioOptions: set benchmark.${field} instead`
        : `fio option "${key}" cannot be set by the study: the profile and runner own it`,
    );
  }
  return fioOptionLine(key, value);
}

/**
 * The fio job file (ini text) for a resolved benchmark: a [global] section (target from
 * `${KVMBENCH_TARGET}`, direct=1, ioengine, iodepth, numjobs, size, runtime, the steady-state
 * options when on, then the study's extra options) and one job per profile test, each with
 * explicit `rw` and `bs` and `stonewall` so the tests run one after another. A load sweep runs
 * the profile's tests at each point in turn, each job with its own `iodepth` and `numjobs`;
 * several jobs report as one (`group_reporting`), so their latency percentiles are exact.
 */
export function fioJobFile(benchmark: ResolvedBenchmark): string {
  const global = [
    `; kvmbench profile ${benchmark.profile.name}: ${benchmark.profile.description}`,
    "[global]",
    `filename=\${${TARGET_VARIABLE}}`,
    "direct=1",
    `ioengine=${benchmark.ioengine}`,
    `iodepth=${benchmark.iodepth}`,
    `numjobs=${benchmark.numjobs}`,
    `size=${benchmark.sizeBytes}`,
    `runtime=${benchmark.runtimeSeconds}`,
    "randrepeat=0",
    "norandommap=1",
    "invalidate=1",
    ...(benchmark.steadyState
      ? [
          `steadystate=${benchmark.steadyState.criterion}`,
          `steadystate_duration=${benchmark.steadyState.windowSeconds}`,
          `steadystate_ramp_time=${benchmark.steadyState.rampSeconds}`,
        ]
      : []),
    ...Object.entries(benchmark.fioOptions).map(([k, v]) => optionLine(k, v)),
  ];
  const sweep = benchmark.loadPoints.length > 1;
  const jobs = plannedTests(benchmark).map((planned) => jobSection(planned, sweep));
  return [global.join("\n"), ...jobs].join("\n\n") + "\n";
}

function jobSection({ name, test, point }: PlannedTest, sweep: boolean): string {
  return [
    `[${name}]`,
    `rw=${test.rw}`,
    `bs=${formatBlockSize(test.blockSize)}`,
    ...(sweep ? [`iodepth=${point.iodepth}`, `numjobs=${point.numjobs}`] : []),
    ...(point.numjobs > 1 ? ["group_reporting=1"] : []),
    "stonewall",
  ].join("\n");
}
