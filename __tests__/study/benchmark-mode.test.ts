import { formatErrors, parseStudy } from "../../study";
import { minimalStudy } from "./support";

const MATRIX = "matrix: { storage: [raw], cache: [none], bus: [virtio] }";

function withBenchmark(benchmark: string) {
  return parseStudy(minimalStudy(MATRIX).replace("benchmark: { profile: quick, size: 1GiB }", benchmark), "t.yaml");
}

describe("benchmark.mode", () => {
  it("is left out by default, which measures", () => {
    const { study, errors } = withBenchmark("benchmark: { profile: quick, size: 1GiB }");
    expect(errors).toEqual([]);
    expect(study?.benchmark.mode).toBeUndefined();
  });

  it("is measure or check, and every scenario carries it", () => {
    for (const mode of ["measure", "check"] as const) {
      const { study, plan, errors } = withBenchmark(`benchmark: { profile: quick, size: 1GiB, mode: ${mode} }`);
      expect(errors).toEqual([]);
      expect(study?.benchmark.mode).toBe(mode);
      expect(plan?.scenarios.map((s) => s.benchmark.mode)).toEqual([mode]);
    }
  });

  it("reports another value at its position, with the modes it takes and the likely one", () => {
    const { errors, study } = withBenchmark("benchmark:\n  profile: quick\n  size: 1GiB\n  mode: chek");
    expect(study).toBeUndefined();
    expect(errors).toEqual([
      { file: "t.yaml", line: 11, column: 9, path: "benchmark.mode", message: 'invalid value "chek" (did you mean "check"?)', expected: 'one of "measure" or "check"' },
    ]);
    expect(formatErrors(errors)).toBe('t.yaml:11:9: benchmark.mode: invalid value "chek" (did you mean "check"?); expected one of "measure" or "check"');
  });

  it("refuses a name of Object's members at its position", () => {
    const { errors } = withBenchmark("benchmark: { profile: quick, size: 1GiB, mode: constructor }");
    expect(errors).toMatchObject([{ line: 8, column: 48, path: "benchmark.mode", message: 'invalid value "constructor"' }]);
  });

  it("leaves the cap on the whole run in force: the baseline still measures with the profile", () => {
    const { errors } = withBenchmark("benchmark: { profile: hdtune, size: 1GiB, mode: check, repeats: 100, fio: { loops: 10, ramp_time: 60s } }");
    expect(errors).toMatchObject([{ path: "benchmark", message: "the tests could run 333 hours (10 tests x 100 repeats x fio loops x ramp and runtime)" }]);
  });

  it("refuses a value of the wrong type", () => {
    const { errors } = withBenchmark("benchmark: { profile: quick, size: 1GiB, mode: [check] }");
    expect(errors).toMatchObject([{ line: 8, column: 48, path: "benchmark.mode", message: expect.stringContaining("wrong type") }]);
  });
});
