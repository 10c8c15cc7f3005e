/**
 * Benchmark profiles: which tests a scenario runs, independent of the tool that runs them.
 * `fio-jobfile.ts` turns a profile into a fio job file (Linux guests and the host baseline),
 * `diskspd.ts` into DiskSpd command lines (Windows guests).
 */
import { worstCaseSeconds } from "./run-time";

/** Names of the profiles a study may choose (`benchmark.profile`). */
export type ProfileName = "hdtune" | "quick";
export const PROFILE_NAMES: readonly ProfileName[] = ["hdtune", "quick"];

/** fio's access patterns used by the profiles. */
export type AccessPattern = "read" | "write" | "randread" | "randwrite";

/** One test of a profile: an access pattern at a block size. */
export interface ProfileTest {
  /** Descriptive, unique within the profile; used as fio job name and DiskSpd test name. */
  readonly name: string;
  readonly rw: AccessPattern;
  /** Block size in bytes. */
  readonly blockSize: number;
}

/**
 * When fio may end a test early: once the criterion holds over a rolling window of one-second
 * samples, taken after a ramp (fio's `steadystate`, `steadystate_duration`,
 * `steadystate_ramp_time`). A test still ends at its runtime, or when it has covered the region.
 */
export interface SteadyStateSettings {
  /** fio's criterion and limit, e.g. "bw_slope:1%": the bandwidth's slope under 1 % of its mean per second. */
  readonly criterion: string;
  /** Length of the rolling window, in seconds. */
  readonly windowSeconds: number;
  /** Time before the window starts collecting, in seconds. */
  readonly rampSeconds: number;
}

/**
 * The steady-state settings a profile uses when the study turns the option on without its own:
 * after a 5 s ramp, the best-fit line through the last 10 one-second bandwidth samples may move
 * by at most 1 % of their mean per second, 10 % across the window (the slope limit SNIA's Solid
 * State Storage Performance Test Specification sets for its steady-state window).
 */
export const DEFAULT_STEADY_STATE: SteadyStateSettings = { criterion: "bw_slope:1%", windowSeconds: 10, rampSeconds: 5 };

/** fio's steady-state criteria: iops or bw, each as a range around the mean or as a slope, with an absolute or % limit. */
export const STEADY_STATE_CRITERION = /^(iops|bw)(_slope)?:\d+(\.\d+)?%?$/;

/**
 * The load a test runs under: its queue depth (fio's iodepth, DiskSpd's outstanding I/Os per
 * thread) and how many jobs run it at once (fio's numjobs, DiskSpd's threads).
 */
export interface LoadPoint {
  readonly iodepth: number;
  readonly numjobs: number;
}

/** The most values `benchmark.iodepth` or `benchmark.numjobs` may list. */
export const MAX_SWEEP_VALUES = 8;
/** fio's range for iodepth and numjobs as kvmbench accepts them (runner/fio-allowlist.ts). */
export const IODEPTH_RANGE = { min: 1, max: 9999 } as const;
export const NUMJOBS_RANGE = { min: 1, max: 64 } as const;

/** A profile: its tests in the order they run, and its defaults. */
export interface Profile {
  readonly name: ProfileName;
  readonly description: string;
  /** Tests in run order. Sequential write runs first so later reads hit written blocks. */
  readonly tests: readonly ProfileTest[];
  /** Default size of the region of the disk under test that the tests cover, in bytes. */
  readonly defaultSizeBytes: number;
  /** Default time limit of each test, in seconds (a test also ends when it covered the region). */
  readonly defaultRuntimeSeconds: number;
  readonly defaultRepeats: number;
  /** Whether tests end once steady (see SteadyStateSettings) unless the study says otherwise. */
  readonly defaultSteadyState: boolean;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Human-readable block size as fio and DiskSpd accept it: 512, 4k, 64k, 1m. */
export function formatBlockSize(bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB}m`;
  if (bytes % KiB === 0) return `${bytes / KiB}k`;
  return String(bytes);
}

function test(rw: AccessPattern, blockSize: number): ProfileTest {
  const kind: Record<AccessPattern, string> = {
    read: "seq-read",
    write: "seq-write",
    randread: "rand-read",
    randwrite: "rand-write",
  };
  return { name: `${kind[rw]}-${formatBlockSize(blockSize)}`, rw, blockSize };
}

const RANDOM_SIZES = [512, 4 * KiB, 64 * KiB, MiB];

/**
 * The seed study's HD Tune Pro runs: sequential write and read at 1 MiB, then random read
 * and random write at 512 B, 4 KiB, 64 KiB and 1 MiB; 5 GiB region; direct I/O at queue depth 1.
 */
export const HDTUNE: Profile = {
  name: "hdtune",
  description: "HD Tune Pro equivalent: sequential read/write 1 MiB; random read/write 512 B, 4 KiB, 64 KiB, 1 MiB",
  tests: [
    test("write", MiB),
    test("read", MiB),
    ...RANDOM_SIZES.map((bs) => test("randread", bs)),
    ...RANDOM_SIZES.map((bs) => test("randwrite", bs)),
  ],
  defaultSizeBytes: 5 * GiB,
  defaultRuntimeSeconds: 60,
  defaultRepeats: 3,
  defaultSteadyState: true,
};

/** A smoke run of a few seconds: one of each access pattern. */
export const QUICK: Profile = {
  name: "quick",
  description: "Smoke run: sequential read/write 1 MiB, random read/write 4 KiB, one second each",
  tests: [test("write", MiB), test("read", MiB), test("randread", 4 * KiB), test("randwrite", 4 * KiB)],
  defaultSizeBytes: 64 * MiB,
  defaultRuntimeSeconds: 1,
  defaultRepeats: 1,
  defaultSteadyState: false,
};

const PROFILES: Record<ProfileName, Profile> = { hdtune: HDTUNE, quick: QUICK };

/** The profile of that name; throws for an unknown name, listing the known ones. */
export function getProfile(name: string): Profile {
  if (!(PROFILE_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown benchmark profile "${name}": use one of ${PROFILE_NAMES.join(", ")}`);
  }
  return PROFILES[name as ProfileName];
}

/** Options a study sets for its benchmark (`benchmark:` in the study file). */
export interface BenchmarkOptions {
  readonly profile: ProfileName;
  /** Size of the region under test in bytes. @default - the profile's default */
  readonly sizeBytes?: number;
  /** @default - the profile's default */
  readonly repeats?: number;
  /** Time limit of each test in seconds. @default - the profile's default */
  readonly runtimeSeconds?: number;
  /** fio ioengine. @default "libaio" */
  readonly ioengine?: string;
  /**
   * Queue depth, or the queue depths of a sweep: every test runs at each (within one deploy).
   * @default 1 (HD Tune Pro measures at queue depth 1)
   */
  readonly iodepth?: number | readonly number[];
  /** Jobs running each test at once, or the job counts of a sweep. @default 1 */
  readonly numjobs?: number | readonly number[];
  /** Extra fio options for the [global] section, e.g. { ramp_time: 2 }. Validated by the job file generator. */
  readonly fioOptions?: Readonly<Record<string, string | number | boolean>>;
  /**
   * End each test once its throughput is steady: true for DEFAULT_STEADY_STATE, settings of
   * its own (missing ones from DEFAULT_STEADY_STATE), or false. Ramp and window must fit in the
   * runtime. fio only: DiskSpd has no such option, Windows guests run every test to its runtime.
   * @default - the profile's defaultSteadyState
   */
  readonly steadyState?: boolean | Partial<SteadyStateSettings>;
}

/** Options with every default filled in. */
export interface ResolvedBenchmark {
  readonly profile: Profile;
  readonly sizeBytes: number;
  readonly repeats: number;
  readonly runtimeSeconds: number;
  readonly ioengine: string;
  /** The first load point's queue depth and jobs (the only ones without a sweep). */
  readonly iodepth: number;
  readonly numjobs: number;
  /** Every load point, jobs then queue depths in the order given; one without a sweep. */
  readonly loadPoints: readonly LoadPoint[];
  readonly fioOptions: Readonly<Record<string, string | number | boolean>>;
  /** @default - off: every test runs to its runtime or until it covered the region */
  readonly steadyState?: SteadyStateSettings;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`benchmark ${what} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Fills in the profile's defaults and checks the numbers. */
export function resolveBenchmark(options: BenchmarkOptions): ResolvedBenchmark {
  const profile = getProfile(options.profile);
  const sizeBytes = positiveInteger(options.sizeBytes ?? profile.defaultSizeBytes, "size");
  if (sizeBytes % MiB !== 0) {
    throw new Error(`benchmark size must be a whole number of MiB (direct I/O at 1 MiB blocks), got ${sizeBytes} bytes`);
  }
  const runtimeSeconds = positiveInteger(options.runtimeSeconds ?? profile.defaultRuntimeSeconds, "runtime");
  const steadyState = resolveSteadyState(options.steadyState ?? profile.defaultSteadyState, runtimeSeconds);
  const iodepths = sweepValues(options.iodepth, "iodepth");
  const numjobs = sweepValues(options.numjobs, "numjobs");
  return {
    profile,
    sizeBytes,
    repeats: positiveInteger(options.repeats ?? profile.defaultRepeats, "repeats"),
    runtimeSeconds,
    ioengine: options.ioengine ?? "libaio",
    iodepth: iodepths[0] as number,
    numjobs: numjobs[0] as number,
    loadPoints: numjobs.flatMap((jobs) => iodepths.map((iodepth) => ({ iodepth, numjobs: jobs }))),
    fioOptions: options.fioOptions ?? {},
    ...(steadyState ? { steadyState } : {}),
  };
}

/** A sweep's values: one number or a list, each a positive integer, no repeats. */
function sweepValues(option: number | readonly number[] | undefined, what: string): number[] {
  const values = option === undefined ? [1] : typeof option === "number" ? [option] : [...option];
  if (values.length === 0 || values.length > MAX_SWEEP_VALUES) throw new Error(`benchmark ${what} must list 1 to ${MAX_SWEEP_VALUES} values, got ${values.length}`);
  for (const value of values) positiveInteger(value, what);
  if (new Set(values).size !== values.length) throw new Error(`benchmark ${what} lists a value twice: ${values.join(", ")}`);
  return values;
}

/** One test at one load point, named as fio's job and DiskSpd's run name. */
export interface PlannedTest {
  /** The profile test's name, with `-qd<iodepth>-j<numjobs>` appended when the benchmark sweeps the load. */
  readonly name: string;
  readonly test: ProfileTest;
  readonly point: LoadPoint;
}

/**
 * What a benchmark runs, in order: the profile's tests at each load point in turn (so each point
 * starts with the profile's sequential write, as a single run does).
 */
export function plannedTests(benchmark: ResolvedBenchmark): PlannedTest[] {
  const sweep = benchmark.loadPoints.length > 1;
  return benchmark.loadPoints.flatMap((point) =>
    benchmark.profile.tests.map((test) => ({ name: sweep ? `${test.name}-qd${point.iodepth}-j${point.numjobs}` : test.name, test, point })),
  );
}

function resolveSteadyState(option: boolean | Partial<SteadyStateSettings>, runtimeSeconds: number): SteadyStateSettings | undefined {
  if (option === false) return undefined;
  const settings: SteadyStateSettings = { ...DEFAULT_STEADY_STATE, ...(option === true ? {} : option) };
  if (!STEADY_STATE_CRITERION.test(settings.criterion)) {
    throw new Error(`steady-state criterion "${settings.criterion}" is not fio's: use iops, iops_slope, bw or bw_slope with a limit, e.g. "bw_slope:1%"`);
  }
  positiveInteger(settings.windowSeconds, "steady-state window");
  if (!Number.isInteger(settings.rampSeconds) || settings.rampSeconds < 0) {
    throw new Error(`benchmark steady-state ramp must be a whole number of seconds, 0 or more, got ${settings.rampSeconds}`);
  }
  if (settings.rampSeconds + settings.windowSeconds > runtimeSeconds) {
    throw new Error(
      `steady-state ramp (${settings.rampSeconds} s) and window (${settings.windowSeconds} s) do not fit in the test's runtime (${runtimeSeconds} s): shorten them or turn steady state off`,
    );
  }
  return settings;
}

/**
 * Upper bound of the time the tests take, in seconds: every test at every load point at its ramp
 * and time limit, every loop and repeat. Boot, package installation and result transfer are not
 * included (see `waitTimeoutSeconds`).
 */
export function benchmarkSeconds(benchmark: ResolvedBenchmark): number {
  return worstCaseSeconds({ tests: plannedTests(benchmark).length, runtimeSeconds: benchmark.runtimeSeconds, repeats: benchmark.repeats, fioOptions: benchmark.fioOptions });
}

/** Default allowance for boot, package installation, cache drops and result transfer, in seconds. */
export const DEFAULT_OVERHEAD_SECONDS = 900;

/**
 * How long the host waits for complete results when the study sets no timeout: the tests'
 * upper bound plus 50 % plus the overhead allowance.
 */
export function waitTimeoutSeconds(benchmark: ResolvedBenchmark, overheadSeconds = DEFAULT_OVERHEAD_SECONDS): number {
  return Math.ceil(benchmarkSeconds(benchmark) * 1.5) + overheadSeconds;
}
