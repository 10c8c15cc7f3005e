import { rankBy, type StudyScores } from "../results/scoring";
import type { ScenarioResults } from "../results/scenario-results";
import type { StudyResults } from "../results/study-results";

/** A line chart reads well up to about this many lines (the palette has nine colours, plus the baseline). */
export const MAX_CHART_LINES = 10;

/** The scenarios a line chart draws, and a subtitle saying which when it is not all of them. */
export interface ChartSelection {
  readonly scenarios: readonly ScenarioResults[];
  readonly note?: string;
}

/** Every scenario when they are few; else the best by mean weighted r-w (the tables list them all). */
export function scenariosToChart(study: StudyResults, scores: StudyScores, most = MAX_CHART_LINES): ChartSelection {
  if (study.scenarios.length <= most) return { scenarios: study.scenarios };
  const best = new Set(rankBy(scores.scenarios, "meanWeighted").slice(0, most).map((score) => score.name));
  return {
    scenarios: study.scenarios.filter((scenario) => best.has(scenario.name)),
    note: `the ${most} best of ${study.scenarios.length} scenarios by mean weighted r-w; every scenario is in the tables`,
  };
}
