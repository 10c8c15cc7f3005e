import type { StudyScores } from "../results/scoring";
import type { StudyResults } from "../results/study-results";
import { formatMbPerSecond, formatNumber } from "./format";
import { assessmentNotes } from "./assessment-notes";
import { allScoresTable, marksLegend, mediansTable, RANKINGS, steadyStateTable, topTable, type ReportTable } from "./summary-tables";

function escapeCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * Text from result files (scenario names, settings, warnings) as literal Markdown: every
 * character Markdown would read as emphasis, code, a link, HTML, an entity or a table cell
 * boundary is backslash-escaped, and line breaks become spaces.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/[\\`*_{}[\]<>|~&!#]/g, (c) => `\\${c}`);
}

/** Renders a table as GitHub-flavoured Markdown under a `##` heading. */
export function markdownTable(table: ReportTable): string {
  const lines = [
    `## ${table.title}`,
    "",
    `| ${table.columns.map(escapeCell).join(" | ")} |`,
    `| ${table.columns.map(() => "---").join(" | ")} |`,
    ...table.rows.map((row) => `| ${row.map(escapeMarkdownText).join(" | ")} |`),
  ];
  if (table.rows.length === 0) lines.push("", "_No scenario has this score._");
  if (table.note) lines.push("", table.note);
  return lines.join("\n");
}

/** One line explaining the weighting, with the baseline's numbers. */
export function weightingExplanation(scores: StudyScores): string[] {
  const { baseline, factors } = scores;
  return [
    `Weighting factors from the baseline: k_r = ${formatMbPerSecond(baseline.sequentialRead)} / ${formatMbPerSecond(baseline.randomRead4k)} = ${formatNumber(factors.read, 3)} (sequential read / 4 KiB random read), ` +
      `k_w = ${formatMbPerSecond(baseline.sequentialWrite)} / ${formatMbPerSecond(baseline.randomWrite4k)} = ${formatNumber(factors.write, 3)}.`,
    "Weighted read = mean(sequential read, 4 KiB random read × k_r); weighted write likewise; mean weighted r-w = mean of the two. " +
      "All figures are MB/s (10^6 bytes/s), medians across repeats.",
  ];
}

/**
 * The Markdown summary: what to know before reading the numbers (TCG results, figures above the
 * baseline, unstable tests), the seed's three top-N lists with the scenarios' settings, all
 * scores, MB/s medians per test with their spread, steady state per test, and notes (skipped jobs).
 */
export function renderSummaryMarkdown(study: StudyResults, scores: StudyScores, topCount = 5): string {
  const notes = assessmentNotes(study);
  const steadyState = steadyStateTable(study);
  const sections = [
    "# kvmbench report",
    "",
    ...weightingExplanation(scores),
    "",
    ...(notes.length > 0
      ? ["## Before you read the numbers", "", marksLegend(), "", ...notes.flatMap((note) => [`- ${escapeCell(note.text)}`, ...note.items.map((item) => `  - ${escapeCell(item)}`)]), ""]
      : []),
    ...RANKINGS.flatMap((ranking) => [markdownTable(topTable(scores, ranking, topCount)), ""]),
    markdownTable(allScoresTable(scores)),
    "",
    markdownTable(mediansTable(study)),
    ...(steadyState ? ["", markdownTable(steadyState)] : []),
  ];
  if (study.warnings.length > 0) {
    sections.push("", "## Notes", "", ...study.warnings.map((warning) => `- ${escapeMarkdownText(warning)}`));
  }
  return `${sections.join("\n")}\n`;
}
