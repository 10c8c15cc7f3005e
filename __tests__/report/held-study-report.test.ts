/**
 * `kvmbench report` on the held study (real fio, seven scenarios, three repeats, a queue-depth
 * sweep): summary.md answers the question first, with links that land on its own headings and
 * rows, and shows latency percentiles, the stalls, the load sweep and intervals; figures.csv
 * keeps every load point.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEST_IDS } from "../../results/benchmark-tests";
import { loadResultsDirectory } from "../../results/load-results-directory";
import { writeStalls } from "../../results/stalls";
import type { StudyResults } from "../../results/study-results";
import { markdownAnchor } from "../../report/evidence";
import { CSV_COLUMNS } from "../../report/figures-csv";
import { writeReport } from "../../report/write-report";
import { heldStudyResults } from "../fixtures/results/held-study";

jest.setTimeout(300_000);

let study: StudyResults;
let summary: string;
let csv: string[][];

beforeAll(async () => {
  study = loadResultsDirectory(await heldStudyResults());
  const written = writeReport(study, mkdtempSync(join(tmpdir(), "kvmbench-held-md-")), { thresholds: { stallMs: 10, slowWriteFraction: 0.25 } });
  summary = readFileSync(written.files.summary, "utf8");
  csv = readFileSync(written.files.figures, "utf8").trimEnd().split("\n").map((line) => line.split(","));
});

/** The rows of the table under `## heading`, as cells. */
function tableRows(heading: string): string[][] {
  const section = summary.split(`\n## ${heading}\n`)[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
    .slice(1)
    .map((line) => line.slice(2, -2).split(" | "));
}

describe("summary.md of the held study", () => {
  it("opens with its provenance and the verdict, before any table", () => {
    const lines = summary.split("\n");
    expect(lines[0]).toBe("# kvmbench report");
    expect(lines[2]).toMatch(/^_kvmbench \S+ · fio-3\.\d+ · QEMU 7\.2\.11 · host held-host · 2026-11-24 · KVM_$/);
    expect(summary.indexOf("## Verdict")).toBeLessThan(summary.indexOf("## Top 5"));
    const verdict = summary.split("## Verdict")[1]?.split("\n## ")[0] ?? "";
    expect(verdict).toMatch(/^- \*\*Best overall\*\*: \S+ \(storage [^)]+\): mean weighted r-w \d+ MB\/s \(95 % interval \d+–\d+\)\./m);
    expect(verdict).toMatch(/^- \*\*Best without ZFS\*\*: xfs-qcow2-\S+ /m);
    expect(verdict).toMatch(/^- \*\*Best on IDE\*\*: xfs-qcow2-\S+-ide /m);
    expect(verdict).toContain("Thresholds: avoid a cache mode whose 4 KiB random writes run below 25 % of the bare device's in the median (--slow-writes 0.25); a scenario stalls when the p99.9 latency of a write test is above 10.0 ms (--stall-ms 10)");
  });

  it("points every claim at headings it has, and at rows that are the scenario named", () => {
    const verdict = summary.split("## Verdict")[1]?.split("\n## ")[0] ?? "";
    const headings = new Set(summary.split("\n").filter((line) => line.startsWith("## ")).map((line) => markdownAnchor(line.slice(3))));
    const links = [...verdict.matchAll(/\[([^\]]+)\]\(#([^)]+)\)(?:, row (\d+) \(([^)]+)\))?/g)];
    expect(links.length).toBeGreaterThan(5);
    for (const [, title, anchor, row, scenario] of links) {
      expect(headings).toContain(anchor);
      if (row === undefined) continue;
      const rows = tableRows((title as string).replace(/\\(.)/g, "$1"));
      // the scenario's cell: the first, or the second after a place
      expect(rows[Number(row) - 1]?.slice(0, 2)).toContain((scenario as string).replace(/\\(.)/g, "$1"));
    }
  });

  it("shows each score's interval, the places that are shared, and which comparisons are significant", () => {
    const top = tableRows("Top 5: mean weighted r-w");
    expect(top).toHaveLength(5);
    for (const row of top) expect(row[9]).toMatch(/^\d+–\d+$/); // 95 % interval
    for (const row of top) expect(row[0]).toMatch(/^\d=?$/);
    for (const row of top.slice(0, 4)) expect(row[10]).toMatch(/^(ahead|tied) \(p (=|<) [\d.]+\)$/);
    const pairs = tableRows("Is #1 really ahead? The top 5 compared (mean weighted r-w)");
    expect(pairs).toHaveLength(5);
    expect(pairs[0]?.slice(1)).toEqual(["·", ...Array(4).fill(expect.stringMatching(/^(ahead|behind|tied) \(p (=|<) [\d.]+\)$/))]);
    for (const row of tableRows("All scenarios").slice(1)) expect(row[7]).toMatch(/ ± [\d.]+$/);
  });

  it("shows latency percentiles per test, and the stalls worst first", () => {
    const latency = tableRows("Latency: Random write 4 KiB (ms)");
    expect(latency).toHaveLength(1 + study.scenarios.length);
    const header = summary.split("## Latency: Random write 4 KiB (ms)")[1]?.split("\n").find((line) => line.startsWith("| scenario"));
    expect(header).toBe("| scenario | mean | p50 | p99 | p99.9 | max |");
    for (const row of latency) {
      const [p50, p99, p999, max] = row.slice(2).map(Number);
      expect(p50).toBeLessThanOrEqual(p99 as number);
      expect(p99).toBeLessThanOrEqual(p999 as number);
      expect(p999).toBeLessThanOrEqual(max as number);
    }
    expect(summary.match(/\n## Latency: /g)).toHaveLength(TEST_IDS.length);
    const stalls = tableRows("Stalls: the slowest writes per scenario");
    expect(stalls[0]?.[0]).toBe("baseline (bare device)");
    const worst = stalls.slice(1).map((row) => Number((row[5] as string).replace(/[^\d.]/g, "")));
    expect(worst).toEqual([...worst].sort((a, b) => b - a));
    // with a 10 ms stall threshold the slow ones are marked
    const stalling = study.scenarios.filter((scenario) => (writeStalls(scenario).worstP999?.ms ?? 0) > 10).map((scenario) => scenario.name);
    expect(stalls.filter((row) => (row[5] as string).endsWith("⛔")).map((row) => row[0]).sort()).toEqual(stalling.sort());
  });

  it("shows IOPS and p99 at each queue depth of the sweep", () => {
    const sweep = tableRows("Queue depth: Random read 4 KiB (IOPS / p99 ms)");
    expect(sweep).toHaveLength(1 + study.scenarios.length);
    for (const row of sweep) expect(row.slice(1)).toEqual([expect.stringMatching(/^\d+ \/ [\d.]+$/), expect.stringMatching(/^\d+ \/ [\d.]+$/)]);
    expect(summary).toContain("| scenario | QD 1 | QD 16 |");
  });

  it("carries the provenance under every table", () => {
    const tables = summary.split("\n## ").slice(1).filter((section) => section.includes("\n| ---"));
    expect(tables.length).toBeGreaterThan(15);
    for (const section of tables) expect(section).toMatch(/\n_kvmbench \S+ · fio-3\.\d+ · QEMU 7\.2\.11 · host held-host · 2026-11-24 · KVM_\n/);
  });
});

describe("figures.csv of the held study", () => {
  it("keeps every load point of every test, with p99.9 and the slowest I/O", () => {
    expect(csv[0]).toEqual([...CSV_COLUMNS]);
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const randomReads = csv.filter((row) => row[0] === "zvol-none-virtio" && row[column("test")] === "rand-read-4k" && /^\d+$/.test(row[column("repeat")] as string));
    expect(randomReads.map((row) => [row[column("repeat")], row[column("iodepth")], row[column("numjobs")]])).toEqual([
      ["1", "1", "1"],
      ["2", "1", "1"],
      ["3", "1", "1"],
      ["1", "16", "1"],
      ["2", "16", "1"],
      ["3", "16", "1"],
    ]);
    for (const row of randomReads) {
      expect(Number(row[column("p99_9_latency_ms")])).toBeGreaterThan(0);
      expect(Number(row[column("max_latency_ms")])).toBeGreaterThanOrEqual(Number(row[column("p99_9_latency_ms")]));
    }
  });
});
