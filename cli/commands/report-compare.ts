import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compareStudies, type StudyComparison } from "../../results/compare-studies";
import { loadResultsDirectory } from "../../results/load-results-directory";
import { renderComparisonHtml, renderComparisonMarkdown, signed } from "../../report/comparison-report";
import { formatPercent } from "../../report/format";
import type { CliStreams } from "../cli-streams";

/** The files `kvmbench report A B` writes. */
export const COMPARISON_FILES = { summary: "comparison.md", html: "comparison.html" } as const;

/**
 * `kvmbench report A B`: compares result folder B with A, writes comparison.md and
 * comparison.html into `outDirectory` (unless only JSON is wanted) and says the regressions on stderr.
 */
export function runComparison(
  before: string,
  after: string,
  options: { readonly out?: string; readonly json?: boolean; readonly regression: number },
  streams: CliStreams,
): StudyComparison {
  const studies = { before: { label: before, study: loadResultsDirectory(before) }, after: { label: after, study: loadResultsDirectory(after) } };
  const comparison = compareStudies(studies.before.study, studies.after.study, options.regression);
  if (!options.json || options.out !== undefined) {
    const out = options.out ?? join(after, "comparison");
    mkdirSync(out, { recursive: true });
    const summary = join(out, COMPARISON_FILES.summary);
    const html = join(out, COMPARISON_FILES.html);
    writeFileSync(summary, renderComparisonMarkdown(comparison, studies));
    writeFileSync(html, renderComparisonHtml(comparison, studies));
    streams.stderr(`wrote ${summary}, ${html}\n`);
  }
  if (comparison.regressions.length === 0) streams.stderr(`no regression beyond the noise in ${comparison.scenarios.length} compared (baseline included)\n`);
  for (const regression of comparison.regressions) {
    streams.stderr(`regression: ${regression.scenario} ${regression.key} ${signed(regression.relative, formatPercent)}\n`);
  }
  if (options.json) streams.stdout(`${JSON.stringify(comparison, null, 2)}\n`);
  return comparison;
}
