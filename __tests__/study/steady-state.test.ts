import { parseStudy } from "../../study";
import { benchmarkFromSpec } from "../../stacks/benchmark-from-spec";
import { minimalStudy } from "./support";

const MATRIX = "matrix: { storage: [raw], cache: [none], bus: [virtio] }";

function withBenchmark(benchmark: string) {
  return parseStudy(minimalStudy(MATRIX).replace("benchmark: { profile: quick, size: 1GiB }", `benchmark: ${benchmark}`), "t.yaml");
}

describe("benchmark.steadyState", () => {
  it("defaults to the profile's choice: on for hdtune, off for quick", () => {
    expect(withBenchmark("{ profile: hdtune, size: 1GiB }").study?.benchmark.steadyState).toBeUndefined();
    expect(benchmarkFromSpec(withBenchmark("{ profile: hdtune, size: 1GiB }").study!.benchmark).steadyState).toEqual({ criterion: "bw_slope:1%", windowSeconds: 10, rampSeconds: 5 });
    expect(benchmarkFromSpec(withBenchmark("{ profile: quick, size: 1GiB }").study!.benchmark).steadyState).toBeUndefined();
  });

  it("is true, false, or settings of its own that reach the runner", () => {
    expect(benchmarkFromSpec(withBenchmark("{ profile: hdtune, size: 1GiB, steadyState: false }").study!.benchmark).steadyState).toBeUndefined();
    const own = withBenchmark('{ profile: hdtune, size: 1GiB, steadyState: { criterion: "iops:5%", window: 20s, ramp: 10s } }');
    expect(own.errors).toEqual([]);
    expect(own.study?.benchmark.steadyState).toEqual({ criterion: "iops:5%", window: { text: "20s", seconds: 20 }, ramp: { text: "10s", seconds: 10 } });
  });

  it("reports bad values with their position and what to write instead", () => {
    expect(withBenchmark('{ profile: hdtune, size: 1GiB, steadyState: { criterion: "slope:1%" } }').errors).toMatchObject([
      { line: 8, column: 69, path: "benchmark.steadyState.criterion", message: '"slope:1%" is not a fio steady-state criterion', expected: expect.stringContaining("bw_slope") },
    ]);
    expect(withBenchmark("{ profile: quick, size: 1GiB, steadyState: true }").errors).toMatchObject([
      { path: "benchmark.steadyState", message: "ramp and window (15 s) do not fit in a quick test's 1 s" },
    ]);
    expect(withBenchmark("{ profile: quick, size: 1GiB, steadyState: { window: 2s } }").errors).toMatchObject([
      { line: 8, column: 55, path: "benchmark.steadyState", message: "ramp and window (7 s) do not fit in a quick test's 1 s" },
    ]);
    expect(withBenchmark("{ profile: hdtune, size: 1GiB, steadyState: { windo: 2s } }").errors).toMatchObject([{ path: "benchmark.steadyState.windo", message: expect.stringContaining('did you mean "window"') }]);
    expect(withBenchmark("{ profile: hdtune, size: 1GiB, steadyState: yes }").errors).toMatchObject([{ path: "benchmark.steadyState", expected: expect.stringContaining("true, false, or a mapping") }]);
    expect(withBenchmark("{ profile: hdtune, size: 1GiB, fio: { steadystate: 'bw:1%' } }").errors).toMatchObject([
      { path: "benchmark.fio.steadystate", message: 'fio option "steadystate" is refused: benchmark.steadyState sets it' },
    ]);
  });
});
