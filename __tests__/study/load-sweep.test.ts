import { parseStudy } from "../../study";
import { benchmarkFromSpec } from "../../stacks/benchmark-from-spec";
import { minimalStudy } from "./support";

const MATRIX = "matrix: { storage: [raw], cache: [none, writeback], bus: [virtio] }";

function withBenchmark(benchmark: string) {
  return parseStudy(minimalStudy(MATRIX).replace("benchmark: { profile: quick, size: 1GiB }", `benchmark: ${benchmark}`), "t.yaml");
}

describe("benchmark.iodepth and benchmark.numjobs", () => {
  it("sweep the load inside each scenario: the stacks stay the matrix's, each runs every point", () => {
    const swept = withBenchmark("{ profile: quick, size: 1GiB, iodepth: [1, 4, 16, 32], numjobs: [1, 4] }");
    expect(swept.errors).toEqual([]);
    expect(swept.plan?.scenarios.map((scenario) => scenario.name)).toEqual(["raw-none-virtio", "raw-writeback-virtio"]);
    expect(swept.study?.benchmark).toMatchObject({ iodepth: [1, 4, 16, 32], numjobs: [1, 4] });
    expect(benchmarkFromSpec(swept.study!.benchmark).loadPoints).toHaveLength(8);
  });

  it("take one value too, and leave fio.iodepth working as before", () => {
    expect(benchmarkFromSpec(withBenchmark("{ profile: quick, size: 1GiB, iodepth: 32 }").study!.benchmark).loadPoints).toEqual([{ iodepth: 32, numjobs: 1 }]);
    expect(benchmarkFromSpec(withBenchmark("{ profile: quick, size: 1GiB, fio: { iodepth: 8 } }").study!.benchmark).loadPoints).toEqual([{ iodepth: 8, numjobs: 1 }]);
    expect(benchmarkFromSpec(withBenchmark("{ profile: quick, size: 1GiB }").study!.benchmark).loadPoints).toEqual([{ iodepth: 1, numjobs: 1 }]);
  });

  it("report bad values with their position and what to write instead", () => {
    expect(withBenchmark("{ profile: quick, size: 1GiB, iodepth: [1, 4, 4] }").errors).toMatchObject([
      { line: 8, column: 58, path: "benchmark.iodepth[2]", message: "4 is listed twice", expected: "each value once" },
    ]);
    expect(withBenchmark("{ profile: quick, size: 1GiB, numjobs: [1, 65] }").errors).toMatchObject([
      { line: 8, column: 55, path: "benchmark.numjobs[1]", message: "65 is out of range", expected: expect.stringContaining("a whole number from 1 to 64, or a list of up to 8") },
    ]);
    expect(withBenchmark("{ profile: quick, size: 1GiB, iodepth: [] }").errors).toMatchObject([{ path: "benchmark.iodepth", message: "the list is empty" }]);
    expect(withBenchmark("{ profile: quick, size: 1GiB, iodepth: deep }").errors).toMatchObject([{ path: "benchmark.iodepth", message: expect.stringContaining("wrong type") }]);
    expect(withBenchmark("{ profile: quick, size: 1GiB, iodepth: [1, 2, 3, 4, 5, 6, 7, 8, 9] }").errors).toMatchObject([
      { path: "benchmark.iodepth", message: "9 values are more than a sweep takes" },
    ]);
  });

  it("are given in one place: with the same key under benchmark.fio, the study is refused", () => {
    expect(withBenchmark("{ profile: quick, size: 1GiB, iodepth: [1, 32], fio: { iodepth: 4 } }").errors).toMatchObject([
      { line: 8, column: 42, path: "benchmark.iodepth", message: "iodepth is given both here and in benchmark.fio", expected: expect.stringContaining("benchmark.iodepth") },
    ]);
    expect(withBenchmark("{ profile: quick, size: 1GiB, numjobs: 2, fio: { numjobs: 2 } }").errors).toMatchObject([{ path: "benchmark.numjobs" }]);
  });
});
