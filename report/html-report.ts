import { testLabel } from "../results/benchmark-tests";
import type { StudyScores } from "../results/scoring";
import type { StudyResults } from "../results/study-results";
import { renderBlockSizeCharts } from "./block-size-charts";
import { renderStallChart } from "./chart-stalls";
import { scenariosToChart } from "./chart-selection";
import { evidenceHtml, rowAnchor } from "./evidence";
import { formatMs } from "./format";
import { escapeHtml } from "./html-escape";
import { latencyOf, stallsInOrder } from "./latency-tables";
import { renderLoadSweepCharts } from "./load-sweep";
import { NOTES_SECTION, reportContent, type ReportContent } from "./report-content";
import { renderLatencyCharts, renderScoreCharts, renderTestCharts, type RenderedChart } from "./report-charts";
import type { ReportOptions } from "./report-options";
import { marksLegend, medianWithSpread, RANKINGS, scenarioLabel, steadyStateCell, type ReportTable } from "./summary-tables";
import { weightingExplanation } from "./summary-markdown";
import { thresholdsText } from "./verdict-claims";

export { escapeHtml };

function provenanceNote(provenance: string): string {
  return `<p class="provenance">${escapeHtml(provenance)}</p>`;
}

function htmlTable(table: ReportTable, provenance: string, heading = "h2"): string {
  const head = table.columns.map((column) => `<th>${escapeHtml(column)}</th>`).join("");
  const body = table.rows
    .map((row, index) => {
      const key = table.rowKeys?.[index];
      const id = key === undefined || table.id === undefined ? "" : ` id="${escapeHtml(rowAnchor(table, key))}"`;
      return `<tr${id}>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`;
    })
    .join("\n");
  const note = table.note ? `<p class="note">${escapeHtml(table.note)}</p>` : "";
  const id = table.id ? ` id="${escapeHtml(table.id)}"` : "";
  return `<section${id}><${heading}>${escapeHtml(table.title)}</${heading}>\n<table><thead><tr>${head}</tr></thead>\n<tbody>${body}</tbody></table>${note}${provenanceNote(provenance)}</section>`;
}

function chartFigure(chart: RenderedChart, caption: string): string {
  return `<figure class="chart" id="${escapeHtml(chart.id)}">${chart.svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function testSection(study: StudyResults, chart: RenderedChart, latencyChart: RenderedChart | undefined, content: ReportContent): string {
  const test = chart.test;
  if (!test) return chartFigure(chart, chart.title);
  const withSteadyState = content.tables.steadyState !== undefined;
  const rows = [study.baseline, ...study.scenarios]
    .map(
      (scenario) =>
        `<tr><td>${escapeHtml(scenarioLabel(scenario))}</td><td>${escapeHtml(medianWithSpread(study, scenario, test))}</td>` +
        `<td>${escapeHtml(formatMs(latencyOf(scenario, test, "p99LatencyMs")))}</td><td>${escapeHtml(formatMs(latencyOf(scenario, test, "p999LatencyMs")))}</td>` +
        `${withSteadyState ? `<td>${escapeHtml(steadyStateCell(scenario, test))}</td>` : ""}</tr>`,
    )
    .join("");
  const steadyHead = withSteadyState ? "<th>steady state</th>" : "";
  const latency = latencyChart
    ? chartFigure(latencyChart, `${testLabel(test)}: bars are p99 completion latency medians (ms, logarithmic axis), whiskers their min–max across repeats; the dashed line is the baseline's p99.`)
    : "";
  return `<section class="test"><h3>${escapeHtml(chart.title)}</h3>${chartFigure(chart, `${chart.title}: bars are MB/s medians across repeats, whiskers their min–max where a test ran more than once; the dashed line is the baseline.`)}${latency}
<details><summary>Values (MB/s median, min–max across repeats; p99 and p99.9 ms)</summary><table class="compact"><thead><tr><th>scenario</th><th>MB/s</th><th>p99 ms</th><th>p99.9 ms</th>${steadyHead}</tr></thead><tbody>${rows}</tbody></table><p class="note">${escapeHtml(marksLegend())}</p>${provenanceNote(content.provenance)}</details></section>`;
}

function verdictSection(content: ReportContent): string {
  const items = content.claims
    .map((claim) => `<li><strong>${escapeHtml(claim.topic)}</strong>: ${escapeHtml(claim.text)} <span class="evidence">Figures: ${claim.evidence.map(evidenceHtml).join("; ")}.</span></li>`)
    .join("\n");
  return `<section id="verdict" class="verdict"><h2>Verdict</h2><ul>${items}</ul><p class="note">${escapeHtml(thresholdsText(content.verdict))}</p>${provenanceNote(content.provenance)}</section>`;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f3f3f3; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
tr:target { background: #fff3b0; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption, .note { color: #555; font-size: 0.85rem; }
.provenance { color: #666; font-size: 0.8rem; margin-top: 0.2rem; }
.verdict { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 0.5rem 1rem; }
.verdict li { margin: 0.4rem 0; }
.evidence { color: #555; font-size: 0.85rem; }
`;

/**
 * The HTML report: the verdict with links to its figures, the notes, rankings (tables with
 * intervals and ties, and charts), significance, all scores, the stalls view, MB/s against block
 * size, the load sweep, and per test its MB/s and p99 latency across scenarios with the baseline
 * as reference. Every table and chart carries the figures' provenance. Charts are ECharts rendered
 * server-side to SVG and inlined; the page has no scripts and loads nothing.
 */
export function renderHtmlReport(study: StudyResults, scores: StudyScores, options: Partial<ReportOptions> = {}): string {
  const content = reportContent(study, scores, options);
  const { tables, provenance } = content;
  const selection = scenariosToChart(study, scores);
  const scoreCharts = renderScoreCharts(scores, provenance);
  const testCharts = renderTestCharts(study, provenance);
  const latencyCharts = renderLatencyCharts(study, provenance);
  const rankings = RANKINGS.map((ranking, index) => {
    const chart = scoreCharts[index] as RenderedChart;
    return `${htmlTable(tables.tops[index] as ReportTable, provenance)}\n${chartFigure(chart, `All scenarios by ${ranking.title}; grey: the baseline.`)}`;
  });
  const notes = content.notes;
  const assessment =
    notes.length > 0
      ? `<section id="${NOTES_SECTION.id}" class="assessment"><h2>${escapeHtml(NOTES_SECTION.title)}</h2><p>${escapeHtml(marksLegend())}</p><ul>${notes
          .map((note) => `<li>${escapeHtml(note.text)}<ul>${note.items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul></li>`)
          .join("")}</ul></section>`
      : "";
  const stallChart: RenderedChart = {
    id: "stalls-chart",
    title: "Stalls",
    svg: renderStallChart(
      stallsInOrder(study).map(({ scenario, stalls }) => ({ label: scenarioLabel(scenario), worstP999: stalls.worstP999?.ms, maxWrite: stalls.maxWrite?.ms })),
      content.options.thresholds.stallMs,
      provenance,
    ),
  };
  const blockSize = renderBlockSizeCharts(study, selection, provenance);
  const sweep = renderLoadSweepCharts(study, selection, provenance);
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
${provenanceNote(provenance)}
${verdictSection(content)}
${assessment}
${weightingExplanation(scores).map((line) => `<p>${escapeHtml(line)}</p>`).join("\n")}
${rankings.join("\n")}
${tables.significance ? htmlTable(tables.significance, provenance) : ""}
${htmlTable(tables.allScores, provenance)}
${htmlTable(tables.stalls, provenance)}
${chartFigure(stallChart, "Per scenario, the worst p99.9 latency of its write tests and its slowest write (ms, logarithmic axis), worst first; the dashed line is the stall threshold.")}
${blockSize.length > 0 ? `<section id="block-size"><h2>MB/s by block size</h2>${blockSize.map((chart) => chartFigure(chart, `${chart.title}: medians across repeats, one line per scenario, the bare device dashed (logarithmic axis).`)).join("\n")}</section>` : ""}
${sweep.length > 0 ? `<section id="queue-depth"><h2>Queue depth</h2>${sweep.map((chart) => chartFigure(chart, `${chart.title}: medians across repeats, one line per scenario, the bare device dashed.`)).join("\n")}${tables.sweeps.map((table) => htmlTable(table, provenance, "h3")).join("\n")}</section>` : ""}
${htmlTable(tables.mbps, provenance)}
${tables.latency.map((table) => htmlTable(table, provenance)).join("\n")}
${tables.steadyState ? htmlTable(tables.steadyState, provenance) : ""}
${tables.zfs ? htmlTable(tables.zfs, provenance) : ""}
<section><h2>Per test</h2>
${testCharts.map((chart) => testSection(study, chart, latencyCharts.find((latency) => latency.test === chart.test), content)).join("\n")}
</section>
${warnings}
</body>
</html>
`;
}
