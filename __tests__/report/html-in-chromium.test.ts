/**
 * The HTML report of the held study (seven scenarios, three repeats, a queue-depth sweep, real fio)
 * in headless Chromium: every chart drawn, nothing clipped, whiskers inside their plots, every
 * chart and table with its provenance, every link of the verdict landing on its figure, and a
 * full-page screenshot a person can look at (its path is printed).
 */
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { TEST_IDS } from "../../results/benchmark-tests";
import { loadResultsDirectory } from "../../results/load-results-directory";
import { studyProvenance } from "../../results/provenance";
import type { StudyResults } from "../../results/study-results";
import { hasWhisker, WHISKER_COLOUR } from "../../report/chart-whiskers";
import { provenanceLine } from "../../report/provenance-text";
import { writeReport } from "../../report/write-report";
import { heldStudyResults } from "../fixtures/results/held-study";
import { chartTexts, chartWhiskers, clippedTexts, launchChromium, ROUND_LABEL } from "./support/chromium";

jest.setTimeout(300_000);

let htmlPath: string;
let study: StudyResults;
let context: BrowserContext;
let page: Page;

/** The report's charts: three rankings, the stalls, two block-size charts, IOPS and p99 for the two swept tests, then MB/s and p99 per test. */
const CHARTS = 3 + 1 + 2 + 2 * 2 + TEST_IDS.length * 2;

beforeAll(async () => {
  study = loadResultsDirectory(await heldStudyResults());
  htmlPath = writeReport(study, mkdtempSync(join(tmpdir(), "kvmbench-held-report-"))).files.html;
  context = await launchChromium();
  page = await context.newPage();
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
});

afterAll(async () => {
  await context?.close();
});

test("the HTML report has no scripts and inlines its charts as SVG", () => {
  const html = readFileSync(htmlPath, "utf8");
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/(src|href)="https?:/i);
  expect(html.match(/<svg /g)?.length).toBe(CHARTS);
});

test("opens without console errors; every chart is drawn; the full page's screenshot is not blank", async () => {
  const fresh = await context.newPage();
  const problems: string[] = [];
  fresh.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  fresh.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  fresh.on("requestfailed", (request) => problems.push(`requestfailed: ${request.url()}`));
  await fresh.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
  expect(await fresh.title()).toBe("kvmbench report");

  const charts = fresh.locator("figure.chart > svg");
  expect(await charts.count()).toBe(CHARTS);
  for (let index = 0; index < CHARTS; index++) {
    const chart = charts.nth(index);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(400);
    expect(box?.height).toBeGreaterThan(150);
    // bars, lines and axes are <path> elements
    expect(await chart.locator("path").count()).toBeGreaterThan(5);
  }
  await expect(fresh.locator("#test-seq-read svg text", { hasText: "baseline" }).count()).resolves.toBeGreaterThan(0);
  await expect(fresh.locator("#stalls-chart svg text", { hasText: "stall: 1,000 ms" }).count()).resolves.toBe(1);
  await expect(fresh.locator("#block-size-write svg text", { hasText: "64 KiB" }).count()).resolves.toBe(1);
  await expect(fresh.locator("#sweep-iops-rand-read-4k svg text", { hasText: "QD 16" }).count()).resolves.toBe(1);

  const screenshot = join(tmpdir(), "kvmbench-report-full.png");
  const shot = await fresh.screenshot({ path: screenshot, fullPage: true });
  expect(statSync(screenshot).size).toBeGreaterThan(200_000);
  expect(shot.length).toBeGreaterThan(200_000);
  expect(problems).toEqual([]);
});

test("no chart text is clipped at its chart's edge, and numbers are round", async () => {
  const texts = await chartTexts(page);
  expect(texts.length).toBeGreaterThan(300);
  expect(clippedTexts(texts)).toEqual([]);
  const numbers = texts.map((t) => t.text.trim()).filter((text) => /^[\d,.]+$/.test(text));
  expect(numbers.length).toBeGreaterThan(100);
  for (const text of numbers) expect(text).toMatch(ROUND_LABEL);
});

test("every chart and every table carries the figures' provenance", async () => {
  const provenance = provenanceLine(studyProvenance([study.baseline, ...study.scenarios]));
  expect(provenance).toMatch(/^kvmbench \S+ · fio-3\.\d+ · QEMU 7\.2\.11 · host held-host · 2026-11-24 · KVM$/);
  const chartsWithout = await page.evaluate<string[]>(
    `[...document.querySelectorAll("figure.chart")].filter((figure) => ![...figure.querySelectorAll("svg text")].some((text) => text.textContent === ${JSON.stringify(provenance)})).map((figure) => figure.id)`,
  );
  expect(chartsWithout).toEqual([]);
  const tablesWithout = await page.evaluate<string[]>(
    `[...document.querySelectorAll("table")].filter((table) => ![...table.closest("section, details").querySelectorAll(".provenance")].some((p) => p.textContent === ${JSON.stringify(provenance)})).map((table) => table.closest("section, details").id || table.querySelector("th").textContent)`,
  );
  expect(tablesWithout).toEqual([]);
});

test("every link of the verdict lands on an element of the page", async () => {
  const targets = await page.evaluate<string[]>(`[...document.querySelectorAll("#verdict a")].map((a) => a.getAttribute("href"))`);
  expect(targets.length).toBeGreaterThan(3);
  const missing = await page.evaluate<string[]>(`${JSON.stringify(targets)}.filter((href) => !document.getElementById(href.slice(1)))`);
  expect(missing).toEqual([]);
});

test("every multi-repeat bar has a min–max whisker, drawn inside its chart's plot", async () => {
  const charts = await chartWhiskers(page, WHISKER_COLOUR);
  const expected = (test: (typeof TEST_IDS)[number], figure: "mbPerSecond" | "p99LatencyMs"): number =>
    study.scenarios.filter((scenario) => {
      const statistics = scenario.tests.get(test)?.statistics[figure];
      return statistics !== undefined && statistics.count > 1 && hasWhisker({ min: statistics.min, max: statistics.max, repeats: statistics.count });
    }).length;
  const found = (id: string): number | undefined => charts.find((chart) => chart.chart === id)?.whiskers.length;
  const perTest = TEST_IDS.flatMap((test) => [
    { chart: `test-${test}`, whiskers: found(`test-${test}`), expected: expected(test, "mbPerSecond") },
    { chart: `latency-chart-${test}`, whiskers: found(`latency-chart-${test}`), expected: expected(test, "p99LatencyMs") },
  ]);
  expect(perTest.map(({ chart, whiskers }) => ({ chart, whiskers }))).toEqual(perTest.map(({ chart, expected: count }) => ({ chart, whiskers: count })));
  expect(perTest.reduce((sum, { whiskers }) => sum + (whiskers ?? 0), 0)).toBeGreaterThan(50); // three repeats each
  for (const chart of charts) {
    if (!/^(test|latency-chart)-/.test(chart.chart)) expect(chart.whiskers).toEqual([]);
    for (const whisker of chart.whiskers) {
      expect(whisker.top).toBeGreaterThanOrEqual(chart.plotTop - 1);
      expect(whisker.bottom).toBeLessThanOrEqual(chart.plotBottom + 1);
      expect(whisker.left).toBeGreaterThanOrEqual(0);
      expect(whisker.right).toBeLessThanOrEqual(chart.chartWidth);
    }
  }
  expect(await page.locator("#test-seq-read svg text", { hasText: "whiskers: min–max across 3 repeats" }).count()).toBe(1);
});
