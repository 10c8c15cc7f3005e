/**
 * Links from a claim to the figures it rests on: a table row (an anchor in the HTML report, the
 * table's heading and the row's number in Markdown) or a chart (HTML only; Markdown names it).
 */
import { escapeHtml } from "./html-escape";
import type { ReportTable } from "./summary-tables";

/** A row of a table, or a whole table or chart. */
export type Evidence =
  | { readonly kind: "row"; readonly table: ReportTable; readonly row: string }
  | { readonly kind: "table"; readonly table: ReportTable }
  | { readonly kind: "chart"; readonly id: string; readonly title: string }
  | { readonly kind: "section"; readonly id: string; readonly title: string };

/** The anchor of a table row in the HTML report. */
export function rowAnchor(table: ReportTable, row: string): string {
  return `${table.id ?? "table"}-${row}`;
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
export function markdownAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** "[All scenarios](#all-scenarios), row 3": where the figure is in summary.md. */
export function evidenceMarkdown(evidence: Evidence, escape: (text: string) => string): string {
  if (evidence.kind === "chart") return `${escape(evidence.title)} (chart in report.html)`;
  if (evidence.kind === "section") return `[${escape(evidence.title)}](#${markdownAnchor(evidence.title)})`;
  const link = `[${escape(evidence.table.title)}](#${markdownAnchor(evidence.table.title)})`;
  if (evidence.kind === "table") return link;
  const index = evidence.table.rowKeys?.indexOf(evidence.row) ?? -1;
  return index < 0 ? link : `${link}, row ${index + 1} (${escape(evidence.row)})`;
}

/** A link to the figure in report.html. */
export function evidenceHtml(evidence: Evidence): string {
  if (evidence.kind === "chart" || evidence.kind === "section") return `<a href="#${escapeHtml(evidence.id)}">${escapeHtml(evidence.title)}</a>`;
  if (evidence.kind === "table") return `<a href="#${escapeHtml(evidence.table.id ?? "")}">${escapeHtml(evidence.table.title)}</a>`;
  return `<a href="#${escapeHtml(rowAnchor(evidence.table, evidence.row))}">${escapeHtml(evidence.table.title)}: ${escapeHtml(evidence.row)}</a>`;
}
