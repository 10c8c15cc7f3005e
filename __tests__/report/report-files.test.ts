import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TEST_IDS } from "../../results/benchmark-tests";
import { loadResultsDirectory } from "../../results/load-results-directory";
import { rankBy } from "../../results/scoring";
import type { StudyResults } from "../../results/study-results";
import { groupForChart } from "../../report/chart-grouping";
import { CSV_COLUMNS } from "../../report/figures-csv";
import { formatMbPerSecond } from "../../report/format";
import { writeReport, type WrittenReport } from "../../report/write-report";
import { makeResultsDirectory, SCENARIO_NAMES } from "../fixtures/results/fio-study";

let study: StudyResults;
let written: WrittenReport;

beforeAll(async () => {
  const directory = await makeResultsDirectory(2);
  study = loadResultsDirectory(directory);
  written = writeReport(study, join(directory, "report"));
});

describe("Markdown summary", () => {
  test("has the seed's three top lists with settings, in score order", () => {
    const markdown = readFileSync(written.files.summary, "utf8");
    expect(markdown).toContain("## Top 5: weighted read");
    expect(markdown).toContain("## Top 5: weighted write");
    expect(markdown).toContain("## Top 5: mean weighted r-w");
    expect(markdown).toContain("| # | scenario | storage | cache | bus | io | seq read | 4K random read | weighted read |");
    const best = rankBy(written.scores.scenarios, "meanWeighted")[0];
    const section = markdown.split("## Top 5: mean weighted r-w")[1] as string;
    expect(section).toContain(`| 1 | ${best?.name} | ${best?.settings.storage} | ${best?.settings.cache} | ${best?.settings.bus} |`);
    // ▲ when it beats the baseline's score
    expect(section).toMatch(new RegExp(`\\| ${formatMbPerSecond(best?.meanWeighted)}( ▲)? \\|`));
    expect(markdown).toMatch(/k_r = \S+ \/ \S+ = [\d.]+/);
  });
});

describe("CSV of every figure", () => {
  test("one row per scenario × test × repeat, plus median, min, max and cv rows", () => {
    const lines = readFileSync(written.files.figures, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    const rows = lines.slice(1).map((line) => line.split(","));
    // baseline: 1 repeat; two scenarios: 2 repeats; each test adds median, min, max and cv rows
    expect(rows).toHaveLength(TEST_IDS.length * ((1 + 4) + 2 * (2 + 4)));
    const seqReadRepeats = rows.filter((row) => row[0] === SCENARIO_NAMES[0] && row[6] === "seq-read");
    expect(seqReadRepeats.map((row) => row[8])).toEqual(["1", "2", "median", "min", "max", "cv"]);
    const figures = study.scenarios[0]?.tests.get("seq-read");
    expect(Number(seqReadRepeats[0]?.[9])).toBe(figures?.repeats[0]?.figures.mbPerSecond);
    expect(Number(seqReadRepeats[2]?.[9])).toBe(figures?.statistics.mbPerSecond?.median);
    expect(seqReadRepeats[0]?.slice(2, 6)).toEqual(["xfs-qcow2", "writeback", "virtio", ""]);
    expect(Number(seqReadRepeats[5]?.[9])).toBe(figures?.statistics.mbPerSecond?.cv);
    // how long the test ran (fio's job_runtime); the fixture runs without steady-state detection
    const seconds = CSV_COLUMNS.indexOf("seconds");
    expect(Number(seqReadRepeats[0]?.[seconds])).toBe(figures?.repeats[0]?.figures.seconds);
    expect(Number(seqReadRepeats[0]?.[seconds])).toBeGreaterThan(0);
    expect(seqReadRepeats[0]?.[CSV_COLUMNS.indexOf("steady_state")]).toBe("");
  });
});

describe("chart grouping", () => {
  test("storage backends on the axis, one series per cache mode", () => {
    const grouping = groupForChart([
      { name: "raw-none-virtio", settings: { storage: "raw", cache: "none", bus: "virtio" }, value: 1 },
      { name: "raw-writeback-virtio", settings: { storage: "raw", cache: "writeback", bus: "virtio" }, value: 2 },
      { name: "zvol-writeback-virtio", settings: { storage: "zvol", cache: "writeback", bus: "virtio" }, value: 3 },
    ]);
    expect(grouping.categories).toEqual(["raw", "zvol"]);
    expect(grouping.series).toEqual([
      { name: "cache=none", values: [1, undefined] },
      { name: "cache=writeback", values: [2, 3] },
    ]);
  });

  test("spreads follow their bars into the grouping, and are absent when no bar has one", () => {
    const spread = { min: 1, max: 4, repeats: 3 };
    const grouping = groupForChart([
      { name: "raw-none-virtio", settings: { storage: "raw", cache: "none", bus: "virtio" }, value: 2, spread },
      { name: "zvol-writeback-virtio", settings: { storage: "zvol", cache: "writeback", bus: "virtio" }, value: 3 },
    ]);
    expect(grouping.series).toEqual([
      { name: "cache=none", values: [2, undefined], spreads: [spread, undefined] },
      { name: "cache=writeback", values: [undefined, 3], spreads: [undefined, undefined] },
    ]);
    const byName = groupForChart([
      { name: "a", settings: {}, value: 1, spread },
      { name: "b", settings: {}, value: 2 },
    ]);
    expect(byName.series[0]?.spreads).toEqual([spread, undefined]);
    const none = groupForChart([{ name: "a", settings: {}, value: 1 }]);
    expect(none.series[0]).not.toHaveProperty("spreads");
  });

  test("the bus joins the category when it varies; unknown settings fall back to one bar per scenario", () => {
    const byBus = groupForChart([
      { name: "a", settings: { storage: "raw", cache: "none", bus: "virtio" }, value: 1 },
      { name: "b", settings: { storage: "raw", cache: "none", bus: "ide" }, value: 2 },
    ]);
    expect(byBus.categories).toEqual(["raw · virtio", "raw · ide"]);
    const unknown = groupForChart([
      { name: "a", settings: {}, value: 1 },
      { name: "b", settings: { storage: "raw", cache: "none" }, value: 2 },
    ]);
    expect(unknown.categories).toEqual(["a", "b"]);
  });
});
