import { testLabel } from "../results/benchmark-tests";
import { FIGURE_NAMES, type FigureName, type TestFigures } from "../results/figures";
import type { ScenarioResults } from "../results/scenario-results";
import { SETTING_NAMES } from "../results/scenario-settings";
import type { StudyResults } from "../results/study-results";

/** CSV columns, in order. Throughput is MB/s (10^6 bytes/s), latencies milliseconds. */
export const CSV_COLUMNS = [
  "scenario",
  "kind",
  ...SETTING_NAMES,
  "test",
  "test_label",
  "repeat",
  "mb_per_s",
  "iops",
  "mean_latency_ms",
  "p50_latency_ms",
  "p99_latency_ms",
  "p99_9_latency_ms",
  "max_latency_ms",
  "seconds",
  "steady_state",
  "iodepth",
  "numjobs",
] as const;

/** Statistic rows written after the repeats of each test (cv: coefficient of variation, a fraction). */
export const CSV_STATISTICS = ["median", "min", "max", "cv"] as const;

/** A plain number: a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/**
 * A cell as a spreadsheet reads it literally: text starting with = + - @, a tab or a carriage
 * return would be read as a formula (CSV injection), so it gets a leading `'`.
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  const text = spreadsheetText(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function figureCells(figures: Partial<Record<FigureName, number>>): string[] {
  return FIGURE_NAMES.map((name) => {
    const figure = figures[name];
    return figure === undefined ? "" : String(figure);
  });
}

function scenarioRows(scenario: ScenarioResults): string[][] {
  const prefix = [scenario.name, scenario.kind, ...SETTING_NAMES.map((key) => scenario.settings[key] ?? "")];
  const rows: string[][] = [];
  for (const { test, point, summary } of scenario.points) {
    const testCells = [...prefix, test, testLabel(test)];
    const pointCells = [String(point.iodepth), String(point.numjobs)];
    for (const { repeat, figures } of summary.repeats) {
      const steady = figures.steadyState ? (figures.steadyState.attained ? "yes" : "no") : "";
      rows.push([...testCells, String(repeat), ...figureCells(figures as TestFigures), figures.seconds === undefined ? "" : String(figures.seconds), steady, ...pointCells]);
    }
    for (const statistic of CSV_STATISTICS) {
      const figures: Partial<Record<FigureName, number>> = {};
      for (const name of FIGURE_NAMES) {
        const value = summary.statistics[name]?.[statistic];
        if (value !== undefined) figures[name] = value;
      }
      rows.push([...testCells, statistic, ...figureCells(figures), "", "", ...pointCells]);
    }
  }
  return rows;
}

/**
 * Every figure as CSV: one row per scenario × test × load point × repeat (with how long the test
 * ran and, with steady-state detection, whether it ended steady), then `median`, `min`, `max` and
 * `cv` rows per scenario × test × load point (in the `repeat` column). The baseline comes first.
 */
export function renderFiguresCsv(study: StudyResults): string {
  const rows = [[...CSV_COLUMNS], ...[study.baseline, ...study.scenarios].flatMap(scenarioRows)];
  return `${rows.map((row) => row.map(csvField).join(",")).join("\n")}\n`;
}
