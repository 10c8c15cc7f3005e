import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeRawFioStudy, makeResultsDirectory, SCENARIO_NAMES, type RawFioStudy } from "../fixtures/results/fio-study";
import { kvmbench } from "./run-bin";


let resultsDirectory: string;
let raw: RawFioStudy;

beforeAll(async () => {
  [resultsDirectory, raw] = await Promise.all([makeResultsDirectory(2), makeRawFioStudy()]);
});

test("kvmbench --help lists the report command", async () => {
  const outcome = await kvmbench("--help");
  expect(outcome.code).toBe(0);
  expect(outcome.stdout).toMatch(/Usage: kvmbench \[options\] \[command\]/);
  expect(outcome.stdout).toMatch(/report \[options\] \[inputs\.\.\.\]/);
});

test("kvmbench report --help shows every form and the verdict's thresholds", async () => {
  const outcome = await kvmbench("report", "--help");
  expect(outcome.code).toBe(0);
  expect(outcome.stdout).toContain("Usage: kvmbench report [DIR] [--out DIR] | A B | DIR --emit SCENARIO | --baseline BASE.json A.json B.json ... [--json]");
  for (const option of ["--baseline <file>", "--out <dir>", "--emit <scenario>", "--stall-ms <ms>", "--slow-writes <fraction>", "--regression <fraction>"]) expect(outcome.stdout).toContain(option);
  expect(outcome.stdout).toMatch(/--stall-ms <ms>[\s\S]*\(default: 1000\)/);
});

test("kvmbench report DIR writes summary.md, figures.csv and report.html into DIR/report", async () => {
  const outcome = await kvmbench("report", resultsDirectory);
  expect(outcome.stderr).toContain("loaded baseline and 2 scenario(s)");
  expect(outcome.code).toBe(0);
  expect(outcome.stdout).toBe("");
  for (const file of ["summary.md", "figures.csv", "report.html"]) expect(existsSync(join(resultsDirectory, "report", file))).toBe(true);
  expect(outcome.stderr).toMatch(/best mean weighted r-w: \S+ \(\d+ MB\/s\)/);
  expect(outcome.stderr).toMatch(/^verdict: best overall: \S+ \(mean weighted r-w \d+ MB\/s/m);
});

test("--stall-ms and --slow-writes change the verdict's thresholds; bad values are usage errors", async () => {
  const outcome = await kvmbench("report", resultsDirectory, "--json", "--stall-ms", "0.001", "--slow-writes", "0.99");
  expect(outcome.code).toBe(0);
  const document = JSON.parse(outcome.stdout) as { verdict: { thresholds: unknown; avoidCaches: { cache: string }[] } };
  expect(document.verdict.thresholds).toEqual({ stallMs: 0.001, slowWriteFraction: 0.99 });
  expect(document.verdict.avoidCaches.map((mode) => mode.cache).sort()).toEqual(["none", "writeback"]);
  const bad = await kvmbench("report", resultsDirectory, "--slow-writes", "25");
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain("expected a fraction between 0 and 1, e.g. 0.25");
});

test("--emit refuses a scenario the results do not have, and raw tool output", async () => {
  const unknown = await kvmbench("report", resultsDirectory, "--emit", "nvme-none-virtio");
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain(`kvmbench report: error: no scenario "nvme-none-virtio" in the results; expected one of: ${SCENARIO_NAMES.join(", ")}`);
  // the fixture's result files record settings, not the scenario the study resolved
  const bare = await kvmbench("report", resultsDirectory, "--emit", SCENARIO_NAMES[0]);
  expect(bare.code).toBe(1);
  expect(bare.stderr).toContain("the configuration lacks storageName, storage, attachment, host, guest; expected a result file written by kvmbench run");
});

test("--out chooses the output directory", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "kvmbench-out-")), "nested", "report");
  const outcome = await kvmbench("report", resultsDirectory, "--out", out);
  expect(outcome.code).toBe(0);
  expect(readFileSync(join(out, "summary.md"), "utf8")).toContain("## Top 5: mean weighted r-w");
});

test("--baseline with raw fio JSON files and --json prints the scores on stdout", async () => {
  const outcome = await kvmbench("report", "--json", "--baseline", raw.baseline, ...raw.scenarios);
  expect(outcome.code).toBe(0);
  const document = JSON.parse(outcome.stdout) as {
    scenarios: { name: string; weightedRead: number; weightedWrite: number; meanWeighted: number; cache: string }[];
    factors: { read: number; write: number };
  };
  expect(document.scenarios.map((scenario) => scenario.name)).toEqual([...SCENARIO_NAMES]);
  for (const scenario of document.scenarios) {
    expect(scenario.weightedRead).toBeGreaterThan(0);
    expect(scenario.meanWeighted).toBeCloseTo((scenario.weightedRead + scenario.weightedWrite) / 2, 8);
  }
  expect(document.scenarios[0]?.cache).toBe("writeback");
  // --json without --out writes no files
  expect(existsSync(join(raw.directory, "report"))).toBe(false);
});

test("--json on a results directory", async () => {
  const outcome = await kvmbench("report", resultsDirectory, "--json");
  expect(outcome.code).toBe(0);
  const document = JSON.parse(outcome.stdout) as { scenarios: { name: string; meanWeighted: number }[]; rankings: { meanWeighted: string[] } };
  expect(document.scenarios).toHaveLength(2);
  expect(document.rankings.meanWeighted).toHaveLength(2);
});

describe("bad inputs give clear errors and exit 1", () => {
  test("an empty directory", async () => {
    const directory = mkdtempSync(join(tmpdir(), "kvmbench-empty-"));
    const outcome = await kvmbench("report", directory);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`kvmbench report: error: ${directory}: no result files (*.json) in this directory`);
    expect(outcome.stdout).toBe("");
  });

  test("a file that is not fio JSON", async () => {
    const notFio = join(mkdtempSync(join(tmpdir(), "kvmbench-bad-")), "a.json");
    writeFileSync(notFio, '{"results": []}');
    const outcome = await kvmbench("report", "--baseline", raw.baseline, notFio);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`kvmbench report: error: ${notFio}: not fio JSON output; expected the output of \`fio --output-format=json\``);
  });

  test("a baseline without the 4 KiB random read", async () => {
    const document = JSON.parse(readFileSync(raw.baseline, "utf8")) as { jobs: { jobname: string }[] };
    document.jobs = document.jobs.filter((job) => job.jobname !== "c"); // c: rw=randread with bs=4k from [global]
    const baseline = join(mkdtempSync(join(tmpdir(), "kvmbench-base-")), "baseline.json");
    writeFileSync(baseline, JSON.stringify(document));
    const outcome = await kvmbench("report", "--baseline", baseline, ...raw.scenarios);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("the baseline has no random read 4 kib (rand-read-4k) result; it is needed for the weighting factor k_r");
  });

  test("a missing file", async () => {
    const outcome = await kvmbench("report", "--baseline", "/nonexistent/base.json", ...raw.scenarios);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("kvmbench report: error: /nonexistent/base.json: no such file");
  });

  test("several arguments without --baseline", async () => {
    const outcome = await kvmbench("report", raw.baseline, ...raw.scenarios);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("expected one results directory, or two to compare, got 3 arguments");
    expect(outcome.stderr).toContain("use --baseline BASE.json A.json B.json");
  });

  test("an unknown option is a usage error", async () => {
    const outcome = await kvmbench("report", "--frobnicate");
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("error: unknown option '--frobnicate'");
  });
});
