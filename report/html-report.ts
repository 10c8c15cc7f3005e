import type { StudyScores } from "../results/scoring";
import type { StudyResults } from "../results/study-results";
import { renderScoreCharts, renderTestCharts, type RenderedChart } from "./report-charts";
import { assessmentNotes } from "./assessment-notes";
import { allScoresTable, marksLegend, medianWithSpread, RANKINGS, scenarioLabel, steadyStateCell, steadyStateTable, topTable, type ReportTable } from "./summary-tables";
import { weightingExplanation } from "./summary-markdown";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function htmlTable(table: ReportTable, heading = "h2"): string {
  const head = table.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join("");
  const body = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("\n");
  const note = table.note ? `<p class="note">${escapeHtml(table.note)}</p>` : "";
  return `<section><${heading}>${escapeHtml(table.title)}</${heading}>\n<table><thead><tr>${head}</tr></thead>\n<tbody>${body}</tbody></table>${note}</section>`;
}

function chartFigure(chart: RenderedChart, caption: string): string {
  return `<figure class="chart" id="${escapeHtml(chart.id)}">${chart.svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function testSection(study: StudyResults, chart: RenderedChart): string {
  const test = chart.test;
  if (!test) return chartFigure(chart, chart.title);
  const withSteadyState = steadyStateTable(study) !== undefined;
  const rows = [study.baseline, ...study.scenarios]
    .map(
      (scenario) =>
        `<tr><td>${escapeHtml(scenarioLabel(scenario))}</td><td>${escapeHtml(medianWithSpread(study, scenario, test))}</td>${withSteadyState ? `<td>${escapeHtml(steadyStateCell(scenario, test))}</td>` : ""}</tr>`,
    )
    .join("");
  const steadyHead = withSteadyState ? "<th>steady state</th>" : "";
  return `<section class="test"><h3>${escapeHtml(chart.title)}</h3>${chartFigure(chart, `${chart.title}: bars are MB/s medians across repeats, whiskers their min–max where a test ran more than once; the dashed line is the baseline.`)}
<details><summary>Values (median, min–max across repeats)</summary><table class="compact"><thead><tr><th>scenario</th><th>MB/s</th>${steadyHead}</tr></thead><tbody>${rows}</tbody></table><p class="note">${escapeHtml(marksLegend())}</p></details></section>`;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f3f3f3; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption, .note { color: #555; font-size: 0.85rem; }
`;

/**
 * The HTML report: rankings (tables and charts) and one chart per test across scenarios with the
 * baseline as reference. Charts are ECharts rendered server-side to SVG and inlined; the page
 * has no scripts and loads nothing.
 */
export function renderHtmlReport(study: StudyResults, scores: StudyScores, topCount = 5): string {
  const scoreCharts = renderScoreCharts(scores);
  const testCharts = renderTestCharts(study);
  const rankings = RANKINGS.map((ranking, index) => {
    const chart = scoreCharts[index] as RenderedChart;
    return `${htmlTable(topTable(scores, ranking, topCount))}\n${chartFigure(chart, `All scenarios by ${ranking.title}; grey: the baseline.`)}`;
  });
  const notes = assessmentNotes(study);
  const assessment =
    notes.length > 0
      ? `<section class="assessment"><h2>Before you read the numbers</h2><p>${escapeHtml(marksLegend())}</p><ul>${notes
          .map((note) => `<li>${escapeHtml(note.text)}<ul>${note.items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul></li>`)
          .join("")}</ul></section>`
      : "";
  const steadyState = steadyStateTable(study);
  const warnings =
    study.warnings.length > 0
      ? `<section><h2>Notes</h2><ul>${study.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join("")}</ul></section>`
      : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kvmbench report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>kvmbench report</h1>
${weightingExplanation(scores).map((line) => `<p>${escapeHtml(line)}</p>`).join("\n")}
${assessment}
${rankings.join("\n")}
${htmlTable(allScoresTable(scores))}
${steadyState ? htmlTable(steadyState) : ""}
<section><h2>Per test</h2>
${testCharts.map((chart) => testSection(study, chart)).join("\n")}
</section>
${warnings}
</body>
</html>
`;
}
