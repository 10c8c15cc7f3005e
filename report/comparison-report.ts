/**
 * `kvmbench report A B`: the comparison of two result folders as Markdown and HTML, the
 * regressions first, then every scenario's scores before and after with the change's interval.
 */
import type { ScoreChange, StudyComparison } from "../results/compare-studies";
import { studyProvenance } from "../results/provenance";
import type { StudyResults } from "../results/study-results";
import { rowAnchor } from "./evidence";
import { formatMbPerSecond, formatMs, formatPercent } from "./format";
import { escapeHtml } from "./html-escape";
import { provenanceLine } from "./provenance-text";
import { markdownTable, escapeMarkdownText } from "./summary-markdown";
import { RANKINGS, type ReportTable } from "./summary-tables";

/** Marks a score's change: down beyond the noise, up beyond it, or neither. */
export const CHANGE_MARKS = { regression: "▼ regression", improvement: "▲ improvement", "within-noise": "≈ within the noise", unjudged: "? no repeats" } as const;

/** The two folders being compared, as the reader named them. */
export interface ComparedStudies {
  readonly before: { readonly label: string; readonly study: StudyResults };
  readonly after: { readonly label: string; readonly study: StudyResults };
}

function title(key: ScoreChange["key"]): string {
  return RANKINGS.find((ranking) => ranking.key === key)?.title ?? key;
}

/** A change with its sign: "+12 %", "−75 %" (a real minus). */
export function signed(value: number, format: (value: number) => string): string {
  return value > 0 ? `+${format(value)}` : value < 0 ? `−${format(-value)}` : format(0);
}

function changeCells(change: ScoreChange): string[] {
  return [
    title(change.key),
    formatMbPerSecond(change.before),
    formatMbPerSecond(change.after),
    change.change === undefined ? "–" : `${signed(change.change, formatMbPerSecond)}${change.relative === undefined ? "" : ` (${signed(change.relative, formatPercent)})`}`,
    change.interval ? `${signed(change.interval.low, formatMbPerSecond)} to ${signed(change.interval.high, formatMbPerSecond)}` : "–",
    CHANGE_MARKS[change.verdict],
  ];
}

/** Every scenario's three scores, before and after. */
export function comparisonTable(comparison: StudyComparison): ReportTable {
  const rows = comparison.scenarios.flatMap((entry) =>
    entry.changes.map((change, index) => [
      index === 0 ? (entry.kind === "baseline" ? `${entry.scenario} (bare device)` : entry.scenario) : "",
      ...changeCells(change),
      index === 0 ? `${formatMs(entry.worstP999Before)} → ${formatMs(entry.worstP999After)}` : "",
    ]),
  );
  return {
    id: "changes",
    title: "Scores before and after",
    columns: ["scenario", "score", "before (MB/s)", "after (MB/s)", "change", "95 % interval of the change", "verdict", "worst p99.9 write (ms)"],
    rows,
    rowKeys: comparison.scenarios.flatMap((entry) => entry.changes.map((change, index) => (index === 0 ? entry.scenario : `${entry.scenario}-${change.key}`))),
    note:
      "Both folders are scored with the first one's weighting factors. The interval is the change ± t × the standard error of the two sets of repeat scores (Welch). " +
      `${CHANGE_MARKS.regression}: the whole interval is below 0 and the score fell by at least ${formatPercent(comparison.regressionFraction)}; ${CHANGE_MARKS.improvement} likewise upwards.`,
  };
}

function summaryLines(comparison: StudyComparison): string[] {
  const regressions =
    comparison.regressions.length === 0
      ? [`No regression beyond the noise (and at least ${formatPercent(comparison.regressionFraction)}).`]
      : comparison.regressions.map((entry) => `${entry.scenario}: ${title(entry.key)} ${signed(entry.relative, formatPercent)}, beyond the noise.`);
  const missing = [
    ...(comparison.onlyBefore.length > 0 ? [`Only in the first folder (not compared): ${comparison.onlyBefore.join(", ")}.`] : []),
    ...(comparison.onlyAfter.length > 0 ? [`Only in the second folder (not compared): ${comparison.onlyAfter.join(", ")}.`] : []),
  ];
  return [...regressions, ...missing];
}

function provenances(studies: ComparedStudies): { before: string; after: string } {
  const of = (study: StudyResults) => provenanceLine(studyProvenance([study.baseline, ...study.scenarios]));
  return { before: `${studies.before.label}: ${of(studies.before.study)}`, after: `${studies.after.label}: ${of(studies.after.study)}` };
}

/** The comparison as Markdown. */
export function renderComparisonMarkdown(comparison: StudyComparison, studies: ComparedStudies): string {
  const lines = provenances(studies);
  const provenance = `${lines.before} | ${lines.after}`;
  return [
    "# kvmbench comparison",
    "",
    `First: ${escapeMarkdownText(lines.before)}`,
    "",
    `Second: ${escapeMarkdownText(lines.after)}`,
    "",
    "## Regressions",
    "",
    ...summaryLines(comparison).map((line) => `- ${escapeMarkdownText(line)}`),
    "",
    markdownTable(comparisonTable(comparison), provenance),
    "",
  ].join("\n");
}

/** The comparison as HTML (no scripts; the regressions link to their rows). */
export function renderComparisonHtml(comparison: StudyComparison, studies: ComparedStudies): string {
  const lines = provenances(studies);
  const table = comparisonTable(comparison);
  const regressions =
    comparison.regressions.length === 0
      ? `<li>${escapeHtml(summaryLines(comparison)[0] as string)}</li>`
      : comparison.regressions
          .map((entry) => `<li><a href="#${escapeHtml(rowAnchor(table, entry.scenario))}">${escapeHtml(entry.scenario)}</a>: ${escapeHtml(title(entry.key))} ${escapeHtml(signed(entry.relative, formatPercent))}, beyond the noise.</li>`)
          .join("");
  const missing = summaryLines(comparison).slice(comparison.regressions.length === 0 ? 1 : comparison.regressions.length);
  const rows = table.rows
    .map((row, index) => {
      const key = table.rowKeys?.[index] as string;
      const verdict = row[6] ?? "";
      const style = verdict === CHANGE_MARKS.regression ? ' class="regression"' : "";
      return `<tr id="${escapeHtml(rowAnchor(table, key))}"${style}>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`;
    })
    .join("\n");
  const provenance = `<p class="provenance">${escapeHtml(lines.before)}<br>${escapeHtml(lines.after)}</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kvmbench comparison</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f3f3f3; }
tr.regression td { background: #fde2e2; }
.note, .provenance { color: #555; font-size: 0.85rem; }
</style>
</head>
<body>
<h1>kvmbench comparison</h1>
${provenance}
<section id="regressions"><h2>Regressions</h2><ul>${regressions}${missing.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul></section>
<section id="${escapeHtml(table.id ?? "changes")}"><h2>${escapeHtml(table.title)}</h2>
<table><thead><tr>${table.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join("")}</tr></thead>
<tbody>${rows}</tbody></table><p class="note">${escapeHtml(table.note ?? "")}</p>${provenance}</section>
</body>
</html>
`;
}
