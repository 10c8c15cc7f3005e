import { resolveBenchmark, ResolvedBenchmark } from "../runner/profiles";
import { BenchmarkSpec } from "../study/model";

/** The runner's benchmark settings for a study's `benchmark:` section. */
export function benchmarkFromSpec(spec: BenchmarkSpec): ResolvedBenchmark {
  return resolveBenchmark({
    profile: spec.profile,
    sizeBytes: spec.size.bytes,
    repeats: spec.repeats,
    fioOptions: spec.fio,
  });
}
