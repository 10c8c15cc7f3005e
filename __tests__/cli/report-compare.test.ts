/**
 * `kvmbench report A B` on copies of the held study's result folder: an identical copy has no
 * regression; a copy in which one scenario's throughput was cut (in its fio JSON, every repeat)
 * has that scenario's regression, beyond the noise, and only that.
 */
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StudyComparison } from "../../results/compare-studies";
import { loadResultsDirectory } from "../../results/load-results-directory";
import { scoreStudy } from "../../results/scoring";
import { freshDirectory } from "../fixtures/results/fio-study";
import { heldStudyResults } from "../fixtures/results/held-study";
import { kvmbench } from "./run-bin";

jest.setTimeout(300_000);

let held: string;
beforeAll(async () => {
  held = await heldStudyResults();
});

function copyOf(folder: string, name: string): string {
  const copy = join(freshDirectory("compare"), name);
  cpSync(folder, copy, { recursive: true });
  return copy;
}

interface FioDirection {
  bw_bytes: number;
  iops: number;
}

/** Cuts a scenario's read and write throughput to `factor` in every job of every repeat, as if the storage had got slower. */
function plantRegression(folder: string, scenario: string, factor: number): void {
  const path = join(folder, `${scenario}.json`);
  const file = JSON.parse(readFileSync(path, "utf8")) as { runs: { output: { jobs: Record<string, FioDirection | unknown>[] } }[] };
  for (const run of file.runs) {
    for (const job of run.output.jobs) {
      for (const direction of ["read", "write"]) {
        const stats = job[direction] as FioDirection | undefined;
        if (!stats) continue;
        stats.bw_bytes *= factor;
        stats.iops *= factor;
      }
    }
  }
  writeFileSync(path, JSON.stringify(file));
}

/** The scenario whose repeats agree best (the narrowest interval for its score): a regression there is plainest. */
function steadiestScenario(folder: string): string {
  const scores = scoreStudy(loadResultsDirectory(folder)).scenarios;
  const width = (name: string) => {
    const score = scores.find((candidate) => candidate.name === name);
    const interval = score?.intervals.meanWeighted;
    return interval && score?.meanWeighted ? (interval.high - interval.low) / score.meanWeighted : Infinity;
  };
  return scores.map((score) => score.name).sort((a, b) => width(a) - width(b))[0] as string;
}

test("an identical copy: every change within the noise, no regression", async () => {
  const same = copyOf(held, "same");
  const out = join(freshDirectory("compare-out"), "out");
  const outcome = await kvmbench("report", held, same, "--json", "--out", out);
  expect(outcome.code).toBe(0);
  const comparison = JSON.parse(outcome.stdout) as StudyComparison;
  expect(comparison.regressions).toEqual([]);
  expect(comparison.scenarios).toHaveLength(1 + readdirSync(held).filter((file) => file.endsWith(".json") && file !== "baseline.json").length);
  for (const entry of comparison.scenarios) {
    for (const change of entry.changes) {
      expect(change.change).toBe(0);
      // the baseline ran once: no noise to judge a change by
      expect(change.verdict).toBe(entry.kind === "baseline" ? "unjudged" : "within-noise");
    }
  }
  expect(outcome.stderr).toContain("no regression beyond the noise in 8 compared (baseline included)");
  expect(readFileSync(join(out, "comparison.md"), "utf8")).toContain("No regression beyond the noise (and at least 5 %).");
  expect(existsSync(join(out, "comparison.html"))).toBe(true);
});

test("a regression planted in one scenario of a copy is found, with its interval, and nothing else is flagged", async () => {
  const scenario = steadiestScenario(held);
  const slower = copyOf(held, "slower");
  plantRegression(slower, scenario, 0.25);
  const outcome = await kvmbench("report", held, slower);
  expect(outcome.code).toBe(0);
  expect(outcome.stderr).toMatch(new RegExp(`regression: ${scenario} meanWeighted −7\\d %`));
  const markdown = readFileSync(join(slower, "comparison", "comparison.md"), "utf8");
  expect(markdown).toMatch(new RegExp(`^- ${scenario}: mean weighted r-w −7\\d %, beyond the noise\\.$`, "m"));
  const html = readFileSync(join(slower, "comparison", "comparison.html"), "utf8");
  expect(html).toContain(`<tr id="changes-${scenario}-meanWeighted" class="regression">`);
  expect(html).toContain(`<a href="#changes-${scenario}">${scenario}</a>: mean weighted r-w −7`);
  expect(html).toContain('<p class="provenance">');

  const json = JSON.parse((await kvmbench("report", held, slower, "--json")).stdout) as StudyComparison;
  expect(new Set(json.regressions.map((regression) => regression.scenario))).toEqual(new Set([scenario]));
  const meanWeighted = json.scenarios.find((entry) => entry.scenario === scenario)?.changes.find((change) => change.key === "meanWeighted");
  expect(meanWeighted?.relative).toBeCloseTo(-0.75, 6);
  expect(meanWeighted?.interval?.high).toBeLessThan(0);
});
