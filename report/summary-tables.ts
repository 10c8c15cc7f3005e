import { isAboveBaseline, isUnstable, steadyStateOf, UNSTABLE_CV_THRESHOLD } from "../results/assessment";
import { TEST_IDS, testLabel } from "../results/benchmark-tests";
import type { ScenarioResults } from "../results/scenario-results";
import { SETTING_NAMES } from "../results/scenario-settings";
import { rankWithTies, type RankedScore } from "../results/ranking-ties";
import { rankBy, type RankingKey, type ScenarioScore, type StudyScores } from "../results/scoring";
import type { StudyResults } from "../results/study-results";
import { formatMbPerSecond, formatNumber, formatPValue, formatSetting } from "./format";

/** Marks a figure above the bare-metal baseline: the host's cache is in the loop. */
export const ABOVE_BASELINE_MARK = "▲";
/** Marks a test whose repeats disagree (coefficient of variation over UNSTABLE_CV_THRESHOLD). */
export const UNSTABLE_MARK = "⚠";
/** Follows the name of a scenario that ran under TCG. */
export const TCG_LABEL = "[TCG: not comparable]";

/** A table of text cells, shared by the Markdown and HTML renderers. */
export interface ReportTable {
  /** Anchor of the table in the HTML report; its rows' anchors are `<id>-<row key>`. */
  readonly id?: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** A line under the table, e.g. the baseline's value for reference. */
  readonly note?: string;
  /** What each row is about (a scenario's name), for links to a row. */
  readonly rowKeys?: readonly string[];
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

/** A scenario's name for tables, labelled when it ran under TCG. */
export function scenarioLabel(scenario: { readonly name: string; readonly kind: "scenario" | "baseline"; readonly accelerator: string }): string {
  const name = scenario.kind === "baseline" ? `${scenario.name} (bare device)` : scenario.name;
  return scenario.accelerator === "tcg" ? `${name} ${TCG_LABEL}` : name;
}

/** A score in MB/s, marked when a scenario's score beats the baseline's (the host cache is in the loop). */
function value(score: ScenarioScore, key: keyof ScenarioScore, baseline?: ScenarioScore): string {
  const cell = score[key];
  if (typeof cell !== "number") return "–";
  const reference = baseline?.[key];
  const above = score.kind === "scenario" && typeof reference === "number" && reference > 0 && cell > reference;
  return above ? `${formatMbPerSecond(cell)} ${ABOVE_BASELINE_MARK}` : formatMbPerSecond(cell);
}

/** "698–754": a score's 95 % interval; "–" without repeats. */
export function intervalCell(score: ScenarioScore, key: RankingKey): string {
  const interval = score.intervals[key];
  return interval ? `${formatMbPerSecond(interval.low)}–${formatMbPerSecond(interval.high)}` : "–";
}

/** How a ranked scenario compares with the next one down: "ahead (p = 0.003)", "tied (p = 0.41)" or "–". */
function versusNextCell(entry: RankedScore): string {
  const comparison = entry.versusNext;
  if (!comparison) return "–";
  return `${comparison.significant ? "ahead" : "tied"} (${formatPValue(comparison.pValue)})`;
}

/** The top-`count` table for one ranking, like the seed's "Top performers" lists, with intervals and ties. */
export function topTable(scores: StudyScores, ranking: (typeof RANKINGS)[number], count: number): ReportTable {
  const ranked = rankWithTies(scores.scenarios, ranking.key).slice(0, count);
  return {
    id: `top-${ranking.key}`,
    title: `Top ${count}: ${ranking.title}`,
    columns: ["#", "scenario", ...SETTING_NAMES, ...ranking.partLabels, ranking.title, "95 % interval", "vs next"],
    rows: ranked.map((entry) => [
      entry.tiedWithAbove ? `${entry.place}=` : String(entry.place),
      scenarioLabel(entry.score),
      ...settingCells(entry.score),
      ...ranking.parts.map((part) => value(entry.score, part, scores.baseline)),
      value(entry.score, ranking.key, scores.baseline),
      intervalCell(entry.score, ranking.key),
      versusNextCell(entry),
    ]),
    rowKeys: ranked.map((entry) => entry.score.name),
    note:
      `Baseline (bare device): ${ranking.partLabels.map((label, index) => `${label} ${value(scores.baseline, ranking.parts[index] as keyof ScenarioScore)}`).join(", ")}, ${ranking.title} ${value(scores.baseline, ranking.key)} MB/s. ` +
      "A place marked = is shared: the scenario is not behind the one above it beyond the noise of their repeats (Welch's t-test, 5 % level).",
  };
}

/** Every scenario with its three scores and their 95 % intervals, baseline first, scenarios in mean-weighted order. */
export function allScoresTable(scores: StudyScores): ReportTable {
  const ranked = rankBy(scores.scenarios, "meanWeighted");
  const unranked = scores.scenarios.filter((score) => !ranked.includes(score));
  const everyone = [scores.baseline, ...ranked, ...unranked];
  const withInterval = (score: ScenarioScore, key: RankingKey): string => {
    const interval = score.intervals[key];
    const cell = value(score, key, scores.baseline);
    return interval && score[key] !== undefined ? `${cell} ± ${formatMbPerSecond(interval.high - (score[key] as number))}` : cell;
  };
  return {
    id: "all-scenarios",
    title: "All scenarios",
    columns: ["scenario", ...SETTING_NAMES, "weighted read", "weighted write", "mean weighted r-w", "missing tests"],
    rows: everyone.map((score) => [
      scenarioLabel(score),
      ...settingCells(score),
      withInterval(score, "weightedRead"),
      withInterval(score, "weightedWrite"),
      withInterval(score, "meanWeighted"),
      score.missingTests.join(", "),
    ]),
    rowKeys: everyone.map((score) => score.name),
    note: "Scores are MB/s, from medians across repeats; ± is the half-width of the score's 95 % interval (Student's t on the repeats' own scores), shown with two or more repeats.",
  };
}

/**
 * "median (min–max)" of a test's MB/s, or "–"; marked ▲ when above the baseline's median and
 * ⚠ with the coefficient of variation when the repeats disagree.
 */
export function medianWithSpread(study: StudyResults, scenario: ScenarioResults, test: (typeof TEST_IDS)[number]): string {
  const summary = scenario.tests.get(test);
  const statistics = summary?.statistics.mbPerSecond;
  if (!statistics) return "–";
  const spread = statistics.count === 1 ? "" : ` (${formatMbPerSecond(statistics.min)}–${formatMbPerSecond(statistics.max)})`;
  const marks = [
    ...(isAboveBaseline(study, scenario, test) ? [ABOVE_BASELINE_MARK] : []),
    ...(isUnstable(summary) ? [`${UNSTABLE_MARK} CV ${formatNumber(statistics.cv * 100, 0)}%`] : []),
  ];
  return `${formatMbPerSecond(statistics.median)}${spread}${marks.length > 0 ? ` ${marks.join(" ")}` : ""}`;
}

/** MB/s medians (with min–max across repeats) of every test for every scenario. */
export function mediansTable(study: StudyResults): ReportTable {
  const tests = TEST_IDS.filter((test) => [study.baseline, ...study.scenarios].some((scenario) => scenario.tests.has(test)));
  const everyone = [study.baseline, ...study.scenarios];
  return {
    id: "mbps",
    title: "MB/s per test (median, min–max across repeats)",
    columns: ["scenario", ...tests.map(testLabel)],
    rows: everyone.map((scenario) => [scenarioLabel(scenario), ...tests.map((test) => medianWithSpread(study, scenario, test))]),
    rowKeys: everyone.map((scenario) => scenario.name),
  };
}

/** What the marks in the tables mean. */
export function marksLegend(): string {
  return (
    `${ABOVE_BASELINE_MARK}: above the bare-metal baseline, so the host's cache is in the loop. ` +
    `${UNSTABLE_MARK}: unstable, the repeats' coefficient of variation is over ${formatNumber(UNSTABLE_CV_THRESHOLD * 100, 0)}%.`
  );
}

/** "3/3 steady, 16–18 s": how many repeats ended steady and how long the repeats ran; "–" without detection. */
export function steadyStateCell(scenario: ScenarioResults, test: (typeof TEST_IDS)[number]): string {
  const outcome = steadyStateOf(scenario.tests.get(test));
  if (!outcome) return "–";
  const low = Math.min(...outcome.seconds);
  const high = Math.max(...outcome.seconds);
  const time = outcome.seconds.length === 0 ? "" : low === high ? `, ${formatNumber(low, 0)} s` : `, ${formatNumber(low, 0)}–${formatNumber(high, 0)} s`;
  return `${outcome.steady}/${outcome.repeats} steady${time}`;
}

/** Per test: how many repeats reached steady state and how long they ran; undefined when no test ran with detection. */
export function steadyStateTable(study: StudyResults): ReportTable | undefined {
  const everyone = [study.baseline, ...study.scenarios];
  const tests = TEST_IDS.filter((test) => everyone.some((scenario) => steadyStateOf(scenario.tests.get(test)) !== undefined));
  if (tests.length === 0) return undefined;
  return {
    id: "steady-state",
    title: "Steady state (repeats that ended steady, and how long the test ran)",
    columns: ["scenario", ...tests.map(testLabel)],
    rows: everyone.map((scenario) => [scenarioLabel(scenario), ...tests.map((test) => steadyStateCell(scenario, test))]),
    note:
      "A test ends once its throughput is steady (fio's steady-state detection), else at its runtime or when it has covered its region. " +
      "A test that never got steady was still changing when it ended: its figure depends on how long it ran.",
  };
}
