import { resolveBenchmark, ResolvedBenchmark, SteadyStateSettings } from "../runner/profiles";
import { BenchmarkSpec, SteadyStateSpec } from "../study/model";

/** The runner's benchmark settings for a study's `benchmark:` section. */
export function benchmarkFromSpec(spec: BenchmarkSpec): ResolvedBenchmark {
  return resolveBenchmark({
    profile: spec.profile,
    sizeBytes: spec.size.bytes,
    repeats: spec.repeats,
    fioOptions: spec.fio,
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
