import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scoreStudy, type StudyScores } from "../results/scoring";
import type { StudyResults } from "../results/study-results";
import { renderFiguresCsv } from "./figures-csv";
import { renderHtmlReport } from "./html-report";
import type { ReportOptions } from "./report-options";
import { renderSummaryMarkdown } from "./summary-markdown";

/** File names the report writes into its output directory. */
export const REPORT_FILES = { summary: "summary.md", figures: "figures.csv", html: "report.html" } as const;

/** What writing a report produced. */
export interface WrittenReport {
  readonly scores: StudyScores;
  /** Absolute or relative paths as joined from the output directory. */
  readonly files: { readonly summary: string; readonly figures: string; readonly html: string };
}

/** Scores a study and writes summary.md, figures.csv and report.html into `outDirectory` (created if needed). */
export function writeReport(study: StudyResults, outDirectory: string, options: Partial<ReportOptions> = {}): WrittenReport {
  const scores = scoreStudy(study);
  mkdirSync(outDirectory, { recursive: true });
  const files = {
    summary: join(outDirectory, REPORT_FILES.summary),
    figures: join(outDirectory, REPORT_FILES.figures),
    html: join(outDirectory, REPORT_FILES.html),
  };
  writeFileSync(files.summary, renderSummaryMarkdown(study, scores, options));
  writeFileSync(files.figures, renderFiguresCsv(study));
  writeFileSync(files.html, renderHtmlReport(study, scores, options));
  return { scores, files };
}
