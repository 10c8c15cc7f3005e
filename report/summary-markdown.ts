import type { StudyScores } from "../results/scoring";
import type { StudyResults } from "../results/study-results";
import { evidenceMarkdown } from "./evidence";
import { formatMbPerSecond, formatNumber } from "./format";
import { NOTES_SECTION, reportContent } from "./report-content";
import type { ReportOptions } from "./report-options";
import { marksLegend, type ReportTable } from "./summary-tables";
import { thresholdsText } from "./verdict-claims";

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

/** Renders a table as GitHub-flavoured Markdown under a `##` heading, with its provenance under it when given. */
export function markdownTable(table: ReportTable, provenance?: string): string {
  const lines = [
    `## ${table.title}`,
    "",
    `| ${table.columns.map(escapeCell).join(" | ")} |`,
    `| ${table.columns.map(() => "---").join(" | ")} |`,
    ...table.rows.map((row) => `| ${row.map(escapeMarkdownText).join(" | ")} |`),
  ];
  if (table.rows.length === 0) lines.push("", "_No scenario has this score._");
  if (table.note) lines.push("", table.note);
  if (provenance) lines.push("", `_${escapeMarkdownText(provenance)}_`);
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
 * The Markdown summary: the verdict with the rows it rests on, what to know before reading the
 * numbers (TCG results, figures above the baseline, unstable tests), the seed's three top-N lists
 * with intervals and ties, which comparisons are significant, all scores, the stalls, the load
 * sweep, MB/s and latency per test, steady state, and notes (skipped jobs). Every table carries
 * the figures' provenance.
 */
export function renderSummaryMarkdown(study: StudyResults, scores: StudyScores, options: Partial<ReportOptions> = {}): string {
  const content = reportContent(study, scores, options);
  const { tables, provenance } = content;
  const table = (reportTable: ReportTable): string[] => [markdownTable(reportTable, provenance), ""];
  const sections = [
    "# kvmbench report",
    "",
    `_${escapeMarkdownText(provenance)}_`,
    "",
    "## Verdict",
    "",
    ...content.claims.map(
      (claim) => `- **${escapeMarkdownText(claim.topic)}**: ${escapeMarkdownText(claim.text)} Figures: ${claim.evidence.map((evidence) => evidenceMarkdown(evidence, escapeMarkdownText)).join("; ")}.`,
    ),
    "",
    escapeMarkdownText(thresholdsText(content.verdict)),
    "",
    ...(content.notes.length > 0
      ? [`## ${NOTES_SECTION.title}`, "", marksLegend(), "", ...content.notes.flatMap((note) => [`- ${escapeCell(note.text)}`, ...note.items.map((item) => `  - ${escapeMarkdownText(item)}`)]), ""]
      : []),
    ...weightingExplanation(scores),
    "",
    ...tables.tops.flatMap(table),
    ...(tables.significance ? table(tables.significance) : []),
    ...table(tables.allScores),
    ...table(tables.stalls),
    ...tables.sweeps.flatMap(table),
    ...table(tables.mbps),
    ...tables.latency.flatMap(table),
    ...(tables.steadyState ? table(tables.steadyState) : []),
    ...(tables.zfs ? table(tables.zfs) : []),
  ];
  if (study.warnings.length > 0) {
    sections.push("## Notes", "", ...study.warnings.map((warning) => `- ${escapeMarkdownText(warning)}`));
  }
  return `${sections.join("\n").trimEnd()}\n`;
}
