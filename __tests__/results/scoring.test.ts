import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ResultInputError } from "../../results/errors";
import { loadFioFiles } from "../../results/load-fio-files";
import { loadResultsDirectory } from "../../results/load-results-directory";
import type { ResultFile } from "../../results/result-file";
import type { ScenarioResults } from "../../results/scenario-results";
import { rankBy, scoreStudy } from "../../results/scoring";
import { makeRawFioStudy, makeResultsDirectory, SCENARIO_NAMES, type RawFioStudy } from "../fixtures/results/fio-study";

let raw: RawFioStudy;
let resultsDirectory: string;

beforeAll(async () => {
  [raw, resultsDirectory] = await Promise.all([makeRawFioStudy(), makeResultsDirectory(3)]);
});

/** The MB/s of a test in a scenario with one repeat, straight from its figures. */
function mbps(scenario: ScenarioResults, test: "seq-read" | "seq-write" | "rand-read-4k" | "rand-write-4k"): number {
  const summary = scenario.tests.get(test);
  if (!summary || summary.repeats.length !== 1) throw new Error(`expected one repeat of ${test}`);
  return (summary.repeats[0] as { figures: { mbPerSecond: number } }).figures.mbPerSecond;
}

describe("scores of raw fio JSON from the real fio equal a hand computation", () => {
  test("k_r, k_w, weighted read, weighted write and mean weighted r-w", () => {
    const study = loadFioFiles(raw.baseline, raw.scenarios);
    const scores = scoreStudy(study);

    // by hand, from the parsed figures
    const kr = mbps(study.baseline, "seq-read") / mbps(study.baseline, "rand-read-4k");
    const kw = mbps(study.baseline, "seq-write") / mbps(study.baseline, "rand-write-4k");
    expect(scores.factors.read).toBeCloseTo(kr, 10);
    expect(scores.factors.write).toBeCloseTo(kw, 10);

    study.scenarios.forEach((scenario, index) => {
      const weightedRead = (mbps(scenario, "seq-read") + mbps(scenario, "rand-read-4k") * kr) / 2;
      const weightedWrite = (mbps(scenario, "seq-write") + mbps(scenario, "rand-write-4k") * kw) / 2;
      const score = scores.scenarios[index];
      expect(score?.name).toBe(SCENARIO_NAMES[index]);
      expect(score?.weightedRead).toBeCloseTo(weightedRead, 8);
      expect(score?.weightedWrite).toBeCloseTo(weightedWrite, 8);
      expect(score?.meanWeighted).toBeCloseTo((weightedRead + weightedWrite) / 2, 8);
    });
    // the baseline's weighted read is its sequential read, by construction
    expect(scores.baseline.weightedRead).toBeCloseTo(mbps(study.baseline, "seq-read"), 8);
  });

  test("the parsed figures are fio's bw_bytes (the hand computation starts from fio itself)", () => {
    const document = JSON.parse(readFileSync(raw.baseline, "utf8")) as { jobs: { jobname: string; read: { bw_bytes: number } }[] };
    const seqRead = document.jobs.find((job) => job.jobname === "a")?.read.bw_bytes as number;
    expect(loadFioFiles(raw.baseline, raw.scenarios).baseline.tests.get("seq-read")?.statistics.mbPerSecond?.median).toBe(seqRead / 1e6);
  });

  test("rankings sort by each score, best first", () => {
    const scores = scoreStudy(loadFioFiles(raw.baseline, raw.scenarios));
    for (const key of ["weightedRead", "weightedWrite", "meanWeighted"] as const) {
      const ranked = rankBy(scores.scenarios, key).map((score) => score[key] as number);
      expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
      expect(ranked).toHaveLength(2);
    }
  });

  test("scenario settings are guessed from stack-like file names", () => {
    const study = loadFioFiles(raw.baseline, raw.scenarios);
    expect(study.scenarios[0]?.settings).toEqual({ storage: "xfs-qcow2", cache: "writeback", bus: "virtio" });
    expect(study.scenarios[1]?.settings).toEqual({ storage: "zvol", cache: "none", bus: "virtio" });
  });
});

describe("scores of a results directory use MB/s medians across repeats", () => {
  test("medians and spread across 3 repeats, and scores from the medians", () => {
    const study = loadResultsDirectory(resultsDirectory);
    const scores = scoreStudy(study);
    const file = JSON.parse(readFileSync(join(resultsDirectory, `${SCENARIO_NAMES[0]}.json`), "utf8")) as ResultFile;
    const seqReads = file.runs
      .map((run) => (run.output as { jobs: { jobname: string; read: { bw_bytes: number } }[] }).jobs.find((job) => job.jobname === "a")?.read.bw_bytes as number)
      .map((bytes) => bytes / 1e6)
      .sort((a, b) => a - b);
    const statistics = study.scenarios[0]?.tests.get("seq-read")?.statistics.mbPerSecond;
    expect(statistics?.count).toBe(3);
    expect(statistics?.median).toBe(seqReads[1]);
    expect(statistics?.min).toBe(seqReads[0]);
    expect(statistics?.max).toBe(seqReads[2]);

    const median = (scenario: ScenarioResults, test: "seq-read" | "rand-read-4k" | "seq-write" | "rand-write-4k"): number =>
      scenario.tests.get(test)?.statistics.mbPerSecond?.median as number;
    const kr = median(study.baseline, "seq-read") / median(study.baseline, "rand-read-4k");
    const kw = median(study.baseline, "seq-write") / median(study.baseline, "rand-write-4k");
    const scenario = study.scenarios[1] as ScenarioResults;
    const weightedRead = (median(scenario, "seq-read") + median(scenario, "rand-read-4k") * kr) / 2;
    const weightedWrite = (median(scenario, "seq-write") + median(scenario, "rand-write-4k") * kw) / 2;
    expect(scores.scenarios[1]?.weightedRead).toBeCloseTo(weightedRead, 8);
    expect(scores.scenarios[1]?.meanWeighted).toBeCloseTo((weightedRead + weightedWrite) / 2, 8);
  });

  test("settings come from the configuration (top level, or nested attachment and named storage)", () => {
    const study = loadResultsDirectory(resultsDirectory);
    expect(study.scenarios.map((scenario) => scenario.settings)).toEqual([
      { storage: "xfs-qcow2", cache: "writeback", bus: "virtio", io: undefined },
      { storage: "zvol", cache: "none", bus: "virtio", io: "native" },
    ]);
  });
});

describe("a baseline without a needed test", () => {
  test("names the missing test and why it is needed", () => {
    const study = loadFioFiles(raw.baseline, raw.scenarios);
    const tests = new Map(study.baseline.tests);
    tests.delete("rand-read-4k");
    const broken = { ...study, baseline: { ...study.baseline, tests } };
    expect(() => scoreStudy(broken)).toThrow(ResultInputError);
    expect(() => scoreStudy(broken)).toThrow(
      /the baseline has no random read 4 kib \(rand-read-4k\) result; it is needed for the weighting factor k_r = baseline sequential read \/ baseline random read 4 kib/,
    );
  });

  test("a scenario without a test is left unscored for that score, not ranked", () => {
    const study = loadFioFiles(raw.baseline, raw.scenarios);
    const first = study.scenarios[0] as ScenarioResults;
    const tests = new Map(first.tests);
    tests.delete("seq-write");
    const scores = scoreStudy({ ...study, scenarios: [{ ...first, tests }, ...study.scenarios.slice(1)] });
    expect(scores.scenarios[0]?.weightedWrite).toBeUndefined();
    expect(scores.scenarios[0]?.meanWeighted).toBeUndefined();
    expect(scores.scenarios[0]?.weightedRead).toBeDefined();
    expect(scores.scenarios[0]?.missingTests).toEqual(["seq-write"]);
    expect(rankBy(scores.scenarios, "weightedWrite").map((score) => score.name)).toEqual([SCENARIO_NAMES[1]]);
  });
});
