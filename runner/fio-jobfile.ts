import { fioOptionLine } from "./fio-allowlist";
import { formatBlockSize, ResolvedBenchmark } from "../domain/profiles";

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
 * `${KVMBENCH_TARGET}`, direct=1, ioengine, iodepth, size, runtime, the steady-state options when
 * on, then the study's extra options) and one job per profile test, each with explicit `rw` and
 * `bs` and `stonewall` so the tests run one after another.
 */
export function fioJobFile(benchmark: ResolvedBenchmark): string {
  const global = [
    `; kvmbench profile ${benchmark.profile.name}: ${benchmark.profile.description}`,
    "[global]",
    `filename=\${${TARGET_VARIABLE}}`,
    "direct=1",
    `ioengine=${benchmark.ioengine}`,
    `iodepth=${benchmark.iodepth}`,
    "numjobs=1",
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
  const jobs = benchmark.profile.tests.map((t) =>
    [`[${t.name}]`, `rw=${t.rw}`, `bs=${formatBlockSize(t.blockSize)}`, "stonewall"].join("\n"),
  );
  return [global.join("\n"), ...jobs].join("\n\n") + "\n";
}
