import { TEST_IDS, testLabel } from "../results/benchmark-tests";
import type { ScenarioResults } from "../results/scenario-results";
import { SETTING_NAMES } from "../results/scenario-settings";
import { rankBy, type RankingKey, type ScenarioScore, type StudyScores } from "../results/scoring";
import type { StudyResults } from "../results/study-results";
import { formatMbPerSecond, formatSetting } from "./format";

/** A table of text cells, shared by the Markdown and HTML renderers. */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** A line under the table, e.g. the baseline's value for reference. */
  readonly note?: string;
}

/** The three rankings of the seed, with their titles and the columns that explain them. */
export const RANKINGS: readonly { key: RankingKey; title: string; parts: readonly (keyof ScenarioScore)[]; partLabels: readonly string[] }[] = [
  { key: "weightedRead", title: "weighted read", parts: ["sequentialRead", "randomRead4k"], partLabels: ["seq read", "4K random read"] },
  { key: "weightedWrite", title: "weighted write", parts: ["sequentialWrite", "randomWrite4k"], partLabels: ["seq write", "4K random write"] },
  { key: "meanWeighted", title: "mean weighted r-w", parts: ["weightedRead", "weightedWrite"], partLabels: ["weighted read", "weighted write"] },
];

function settingCells(score: ScenarioScore): string[] {
  if (score.kind === "baseline") return SETTING_NAMES.map(() => "–");
  return SETTING_NAMES.map((key) => formatSetting(score.settings, key));
}

function value(score: ScenarioScore, key: keyof ScenarioScore): string {
  const cell = score[key];
  return typeof cell === "number" ? formatMbPerSecond(cell) : "–";
}

/** The top-`count` table for one ranking, like the seed's "Top performers" lists. */
export function topTable(scores: StudyScores, ranking: (typeof RANKINGS)[number], count: number): ReportTable {
  const ranked = rankBy(scores.scenarios, ranking.key).slice(0, count);
  return {
    title: `Top ${count}: ${ranking.title}`,
    columns: ["#", "scenario", ...SETTING_NAMES, ...ranking.partLabels, ranking.title],
    rows: ranked.map((score, index) => [
      String(index + 1),
      score.name,
      ...settingCells(score),
      ...ranking.parts.map((part) => value(score, part)),
      value(score, ranking.key),
    ]),
    note: `Baseline (bare device): ${ranking.partLabels.map((label, index) => `${label} ${value(scores.baseline, ranking.parts[index] as keyof ScenarioScore)}`).join(", ")}, ${ranking.title} ${value(scores.baseline, ranking.key)} MB/s.`,
  };
}

/** Every scenario with its three scores, baseline first, scenarios in mean-weighted order. */
export function allScoresTable(scores: StudyScores): ReportTable {
  const ranked = rankBy(scores.scenarios, "meanWeighted");
  const unranked = scores.scenarios.filter((score) => !ranked.includes(score));
  return {
    title: "All scenarios",
    columns: ["scenario", ...SETTING_NAMES, "weighted read", "weighted write", "mean weighted r-w", "missing tests"],
    rows: [scores.baseline, ...ranked, ...unranked].map((score) => [
      score.kind === "baseline" ? `${score.name} (bare device)` : score.name,
      ...settingCells(score),
      value(score, "weightedRead"),
      value(score, "weightedWrite"),
      value(score, "meanWeighted"),
      score.missingTests.join(", "),
    ]),
  };
}

/** "median (min–max)" of a test's MB/s, or "–". */
export function medianWithSpread(scenario: ScenarioResults, test: (typeof TEST_IDS)[number]): string {
  const statistics = scenario.tests.get(test)?.statistics.mbPerSecond;
  if (!statistics) return "–";
  if (statistics.count === 1) return formatMbPerSecond(statistics.median);
  return `${formatMbPerSecond(statistics.median)} (${formatMbPerSecond(statistics.min)}–${formatMbPerSecond(statistics.max)})`;
}

/** MB/s medians (with min–max across repeats) of every test for every scenario. */
export function mediansTable(study: StudyResults): ReportTable {
  const tests = TEST_IDS.filter((test) => [study.baseline, ...study.scenarios].some((scenario) => scenario.tests.has(test)));
  return {
    title: "MB/s per test (median, min–max across repeats)",
    columns: ["scenario", ...tests.map(testLabel)],
    rows: [study.baseline, ...study.scenarios].map((scenario) => [
      scenario.kind === "baseline" ? `${scenario.name} (bare device)` : scenario.name,
      ...tests.map((test) => medianWithSpread(scenario, test)),
    ]),
  };
}
