/**
 * The fio options a study may add to its benchmark (`benchmark.fio`): only options that shape
 * the I/O being measured, each with the form of its value. fio runs as root on the KVM host for
 * the baseline, so nothing that runs a command (`exec_prerun`, `exec_postrun`), writes or reads
 * a file (`write_iolog`, `*_log`, `read_iolog`, `output`), names a target (`filename`,
 * `directory`, `opendir`), loads code (`ioengine=external:...`, `exec`), waits for a trigger or
 * changes how results are reported is accepted. Values have no `$` (fio expands `${VAR}`), `/`,
 * quotes or line breaks.
 */

import { ownValue } from "../domain/own-value";
import { FIO_TIME_LIMITS, MAX_FIO_LOOPS, fioTimeSeconds } from "../domain/run-time";

export type FioOptionValue = string | number | boolean;

/** How a value must look; booleans are written `name=1` or `name=0` (some fio options need the value). */
type ValueForm =
  | { readonly kind: "bool" }
  | {
      readonly kind: "text";
      readonly pattern: RegExp;
      readonly example: string;
      readonly sample: string;
      /** A bound the pattern cannot say (a time of at most a minute): what is wrong with a value past it. */
      readonly beyond?: (written: string) => string | undefined;
    };

const bool: ValueForm = { kind: "bool" };
/** `sample` is a value of the form (the tests hand every option with its sample to fio). */
const text = (pattern: RegExp, example: string, sample: string): ValueForm => ({ kind: "text", pattern, example, sample });

const COUNT = text(/^\d{1,9}$/, "a whole number such as 4", "4");
const SIZE = text(/^\d{1,12}(\.\d{1,3})?([kmgtp]i?b?)?$/i, "a size such as 4k, 64k or 1m", "64k");
const RATE = text(/^\d{1,12}([kmgt]i?b?)?(,\d{1,12}([kmgt]i?b?)?)?$/i, "a rate such as 50m or 50m,10m", "50m");
/** A time of at most `maxSeconds` (each test is longer by it, and the baseline runs as root with no timeout). */
function boundedTime(maxSeconds: number, sample: string): ValueForm {
  return {
    kind: "text",
    pattern: /^\d{1,9}(us|ms|s|m|h|d)?$/,
    example: `a time of at most ${maxSeconds}s such as ${sample}`,
    sample,
    beyond: (written) => ((fioTimeSeconds(written) ?? 0) > maxSeconds ? `is longer than ${maxSeconds}s` : undefined),
  };
}
const PERCENT = text(/^(100|\d{1,2})$/, "a percentage from 0 to 100", "50");

/** fio's own name for an option -> the form of its value. */
export const ALLOWED_FIO_OPTIONS: Readonly<Record<string, ValueForm>> = {
  iodepth: text(/^[1-9]\d{0,3}$/, "a whole number from 1 to 9999", "4"),
  ioengine: text(/^(libaio|io_uring|psync|sync|pvsync|pvsync2|posixaio|mmap)$/, "one of libaio, io_uring, psync, sync, pvsync, pvsync2, posixaio, mmap", "libaio"),
  iodepth_batch: COUNT,
  iodepth_batch_submit: COUNT,
  iodepth_batch_complete_min: COUNT,
  iodepth_batch_complete_max: COUNT,
  iodepth_low: COUNT,
  numjobs: text(/^([1-9]|[1-5]\d|6[0-4])$/, "a whole number from 1 to 64", "2"),
  ramp_time: boundedTime(FIO_TIME_LIMITS.ramp_time, "5s"),
  time_based: bool,
  thinktime: boundedTime(FIO_TIME_LIMITS.thinktime, "500us"),
  thinktime_blocks: COUNT,
  thinktime_spin: boundedTime(FIO_TIME_LIMITS.thinktime_spin, "100us"),
  rate: RATE,
  rate_min: RATE,
  rate_iops: text(/^\d{1,9}(,\d{1,9})?$/, "a number of IOPS such as 500 or 500,100", "500"),
  rate_iops_min: text(/^\d{1,9}(,\d{1,9})?$/, "a number of IOPS such as 500", "100"),
  rwmixread: PERCENT,
  rwmixwrite: PERCENT,
  random_distribution: text(/^(random|(zipf|pareto|normal):\d{1,3}(\.\d{1,6})?)$/, "random, zipf:1.2, pareto:0.9 or normal:20", "zipf:1.2"),
  random_generator: text(/^(tausworthe|lfsr|tausworthe64)$/, "tausworthe, lfsr or tausworthe64", "lfsr"),
  randseed: COUNT,
  randrepeat: bool,
  allrandrepeat: bool,
  norandommap: bool,
  invalidate: bool,
  overwrite: bool,
  fsync: COUNT,
  fdatasync: COUNT,
  end_fsync: bool,
  fsync_on_close: bool,
  sync: text(/^(0|1|none|sync|dsync)$/, "0, 1, none, sync or dsync", "dsync"),
  zero_buffers: bool,
  refill_buffers: bool,
  scramble_buffers: bool,
  buffer_compress_percentage: PERCENT,
  buffer_compress_chunk: SIZE,
  dedupe_percentage: PERCENT,
  blockalign: SIZE,
  offset: SIZE,
  offset_increment: SIZE,
  io_size: SIZE,
  number_ios: COUNT,
  loops: text(new RegExp(`^([1-9]|${MAX_FIO_LOOPS})$`), `a whole number from 1 to ${MAX_FIO_LOOPS}`, "2"),
  percentile_list: text(/^\d{1,2}(\.\d{1,6})?(:\d{1,3}(\.\d{1,6})?){0,19}$/, "percentiles such as 50:99:99.9", "50:99:99.9"),
  clat_percentiles: bool,
  lat_percentiles: bool,
  cpus_allowed: text(/^\d{1,4}(-\d{1,4})?(,\d{1,4}(-\d{1,4})?){0,63}$/, "CPUs such as 0-3 or 0,2", "0"),
  cpus_allowed_policy: text(/^(shared|split)$/, "shared or split", "shared"),
  nice: text(/^-?\d{1,2}$/, "a nice value from -20 to 19", "0"),
  prio: text(/^[0-7]$/, "a priority from 0 to 7", "4"),
  prioclass: text(/^[023]$/, "0, 2 or 3 (1, real-time I/O, would starve the host's own I/O)", "2"),
};

/** Why some options are refused, for the ones people reach for. */
const REFUSED_BECAUSE: Readonly<Record<string, string>> = {
  steadystate: "benchmark.steadyState sets it",
  ss: "benchmark.steadyState sets it",
  steadystate_duration: "benchmark.steadyState sets it",
  ss_dur: "benchmark.steadyState sets it",
  steadystate_ramp_time: "benchmark.steadyState sets it",
  ss_ramp: "benchmark.steadyState sets it",
  exec_prerun: "it runs a command (as root on the host for the baseline)",
  exec_postrun: "it runs a command (as root on the host for the baseline)",
  write_iolog: "it writes a file",
  read_iolog: "it reads a file",
  write_bw_log: "it writes a file",
  write_lat_log: "it writes a file",
  write_iops_log: "it writes a file",
  write_hist_log: "it writes a file",
  log_avg_msec: "it configures logs kvmbench does not collect",
  filename: "the profile sets the target",
  filename_format: "the profile sets the target",
  directory: "the profile sets the target",
  opendir: "the profile sets the target",
  trigger: "it runs a command",
  trigger_file: "it waits for a file",
  trigger_timeout: "it waits for a trigger",
  trigger_remote: "it runs a command",
  rw: "the profile sets it",
  readwrite: "the profile sets it",
  bs: "the profile sets it",
  blocksize: "the profile sets it",
  size: "the profile sets it (benchmark.size)",
  direct: "the profile sets it",
  buffered: "the profile sets it",
  runtime: "the profile sets it",
  name: "the profile sets it",
  stonewall: "the profile sets it",
  wait_for_previous: "the profile sets it",
  output: "kvmbench collects fio's output",
  "output-format": "kvmbench collects fio's output",
  allow_mounted_write: "it lets fio write over a mounted filesystem",
  lockfile: "it creates lock files",
  create_on_open: "it creates files",
  unlink: "it deletes files",
  verify: "verification is not part of the measured I/O",
  unified_rw_reporting: "it changes the result format kvmbench reads",
  group_reporting: "it changes the result format kvmbench reads",
  kb_base: "it changes the units of the results kvmbench reads",
  unit_base: "it changes the units of the results kvmbench reads",
};

const OPTION_NAME = /^[a-z][a-z0-9_]*$/;

export const FIO_OPTION_EXPECTATION = "an fio option that shapes the measured I/O, such as iodepth, numjobs, ioengine, ramp_time or rwmixread (see docs/study.md)";

/** What is wrong with an option's name, or undefined when the study may set it. */
export function fioOptionNameProblem(name: string): string | undefined {
  if (!OPTION_NAME.test(name)) return `"${name}" is not a fio option name`;
  if (ownValue(ALLOWED_FIO_OPTIONS, name) !== undefined) return undefined;
  const because = ownValue(REFUSED_BECAUSE, name) ?? (/(^exec|log|trigger|^file|dir|^verify)/.test(name) ? "it runs commands or touches files" : undefined);
  return because ? `fio option "${name}" is refused: ${because}` : `fio option "${name}" is not one kvmbench passes`;
}

/** What is wrong with an allowed option's value, or undefined when it is fine. */
export function fioOptionValueProblem(name: string, value: FioOptionValue): string | undefined {
  const form = ownValue(ALLOWED_FIO_OPTIONS, name);
  if (form === undefined) return fioOptionNameProblem(name);
  if (form.kind === "bool") {
    return typeof value === "boolean" || value === 0 || value === 1 || value === "0" || value === "1"
      ? undefined
      : `fio option ${name}: ${JSON.stringify(value)} is not true or false`;
  }
  if (typeof value === "boolean") return `fio option ${name}: ${String(value)} is not ${form.example}`;
  const written = String(value);
  if (!form.pattern.test(written)) return `fio option ${name}: "${written}" is not ${form.example}`;
  const beyond = form.beyond?.(written);
  return beyond ? `fio option ${name}: "${written}" ${beyond}` : undefined;
}

/** The job file line of an allowed option. */
export function fioOptionLine(name: string, value: FioOptionValue): string {
  const problem = fioOptionValueProblem(name, value);
  if (problem) throw new Error(problem);
  if (ownValue(ALLOWED_FIO_OPTIONS, name)?.kind === "bool") return `${name}=${value === true || value === 1 || value === "1" ? 1 : 0}`;
  return `${name}=${String(value)}`;
}

/** A value the option accepts (the tests hand each allowed option with it to fio). */
export function fioOptionSample(name: string): FioOptionValue {
  const form = ownValue(ALLOWED_FIO_OPTIONS, name);
  if (form === undefined) throw new Error(`fio option "${name}" is not allowed`);
  return form.kind === "bool" ? true : form.sample;
}
