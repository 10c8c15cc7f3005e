/**
 * How long a benchmark may run, bounded: fio's time-like options (ramp_time, thinktime,
 * thinktime_spin) and its loops multiply every test, and the baseline runs fio as root on the
 * host with no timeout of its own, so a study bounds each of them and the whole run; a study's
 * timeouts stay far inside bash's arithmetic (the host's wait step counts seconds with it).
 */

/** fio's time units, in seconds (a bare number is seconds). */
const FIO_TIME_UNITS: Readonly<Record<string, number>> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };
const FIO_TIME = /^(\d{1,9})(us|ms|s|m|h|d)?$/;

/** A fio time value ("30s", "500ms", 2) in seconds; undefined when it is not one. */
export function fioTimeSeconds(value: string | number | boolean): number | undefined {
  const match = FIO_TIME.exec(String(value));
  return match ? Number(match[1]) * FIO_TIME_UNITS[match[2] ?? "s"] : undefined;
}

/** The most each time-like fio option may be, in seconds, and the most loops. */
export const FIO_TIME_LIMITS = { ramp_time: 60, thinktime: 1, thinktime_spin: 1 } as const;
export const MAX_FIO_LOOPS = 10;

/** The longest a scenario's tests may run in all (every test to its time limit, every loop and repeat): one week. */
export const MAX_BENCHMARK_SECONDS = 7 * 24 * 3600;
/** The longest timeout a study may give: 30 days (bash's arithmetic holds 2^63). */
export const MAX_TIMEOUT_SECONDS = 30 * 24 * 3600;

/** What the run time of each test depends on besides its profile. */
export interface RunTimeSettings {
  readonly tests: number;
  readonly runtimeSeconds: number;
  readonly repeats: number;
  readonly fioOptions: Readonly<Record<string, string | number | boolean>>;
}

/** Upper bound of the time the tests take, in seconds: every test, loop and repeat at its ramp plus its time limit. */
export function worstCaseSeconds(settings: RunTimeSettings): number {
  const loops = Number(settings.fioOptions.loops ?? 1);
  const ramp = settings.fioOptions.ramp_time === undefined ? 0 : (fioTimeSeconds(settings.fioOptions.ramp_time) ?? 0);
  return settings.tests * settings.repeats * (Number.isFinite(loops) && loops > 0 ? loops : 1) * (ramp + settings.runtimeSeconds);
}
