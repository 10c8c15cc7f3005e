import { resolveBenchmark, ResolvedBenchmark, SteadyStateSettings } from "../domain/profiles";
import { BenchmarkSpec, SteadyStateSpec } from "../study/model";

/**
 * The runner's benchmark settings for a study's `benchmark:` section. `iodepth` and `numjobs`
 * (one value or a sweep), `fio.iodepth` and `fio.ioengine` are the runner's own settings
 * (DiskSpd's queue depth and threads too); the other options of `fio` go to the job file.
 */
export function benchmarkFromSpec(spec: BenchmarkSpec): ResolvedBenchmark {
  const { iodepth, ioengine, ...fioOptions } = spec.fio;
  return resolveBenchmark({
    profile: spec.profile,
    sizeBytes: spec.size.bytes,
    repeats: spec.repeats,
    ...(spec.iodepth !== undefined ? { iodepth: spec.iodepth } : iodepth !== undefined ? { iodepth: Number(iodepth) } : {}),
    ...(spec.numjobs !== undefined ? { numjobs: spec.numjobs } : {}),
    ...(ioengine !== undefined ? { ioengine: String(ioengine) } : {}),
    fioOptions,
    ...(spec.steadyState !== undefined ? { steadyState: steadyStateOption(spec.steadyState) } : {}),
  });
}

function steadyStateOption(spec: SteadyStateSpec): boolean | Partial<SteadyStateSettings> {
  if (typeof spec === "boolean") return spec;
  return {
    ...(spec.criterion !== undefined ? { criterion: spec.criterion } : {}),
    ...(spec.window ? { windowSeconds: spec.window.seconds } : {}),
    ...(spec.ramp ? { rampSeconds: spec.ramp.seconds } : {}),
  };
}
