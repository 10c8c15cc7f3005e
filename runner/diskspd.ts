import { plannedTests, type PlannedTest, type ResolvedBenchmark } from "../domain/profiles";

/** One DiskSpd invocation: a profile test as DiskSpd arguments. */
export interface DiskspdCommand {
  /** The profile test's name (e.g. `rand-read-4k`; `rand-read-4k-qd4-j1` in a load sweep). */
  readonly test: string;
  /** Arguments after `diskspd.exe`; the target (`#<disk number>`) is the last one. */
  readonly args: readonly string[];
  /** The command line as text, with the executable and target given to `diskspdCommands`. */
  readonly commandLine: string;
}

function sizeArg(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)}G`;
  if (bytes % MiB === 0) return `${bytes / MiB}M`;
  if (bytes % 1024 === 0) return `${bytes / 1024}K`;
  return String(bytes);
}

function testArgs({ test: t, point }: PlannedTest, benchmark: ResolvedBenchmark): string[] {
  const random = t.rw === "randread" || t.rw === "randwrite";
  const write = t.rw === "write" || t.rw === "randwrite";
  return [
    `-b${sizeArg(t.blockSize)}`,
    // -r: random at block-size alignment; -si: one sequential stream shared by the threads.
    random ? "-r" : "-si",
    write ? "-w100" : "-w0",
    `-o${point.iodepth}`,
    `-t${point.numjobs}`,
    `-d${benchmark.runtimeSeconds}`,
    "-W0",
    "-C0",
    // -Su: no software (OS) cache, hardware write cache left as is: the equivalent of fio direct=1.
    "-Su",
    "-L",
    // -f: use only the first <size> bytes of the target, like fio's size=.
    `-f${sizeArg(benchmark.sizeBytes)}`,
    "-Rxml",
  ];
}

/**
 * The DiskSpd command lines equivalent to the fio job file, one per profile test (at each load
 * point of a sweep) in run order.
 * DiskSpd runs one test per invocation and is always time-based (`-d` = the profile runtime).
 * `target` is DiskSpd's physical-disk syntax `#<n>`; the Windows user-data finds n by serial.
 */
export function diskspdCommands(
  benchmark: ResolvedBenchmark,
  executable = "diskspd.exe",
  target = "#1",
): DiskspdCommand[] {
  return plannedTests(benchmark).map((planned) => {
    const args = [...testArgs(planned, benchmark), target];
    return { test: planned.name, args, commandLine: [executable, ...args].join(" ") };
  });
}
