import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import { TEST_IDS } from "../../results/benchmark-tests";
import { loadResultsDirectory } from "../../results/load-results-directory";
import type { StudyResults } from "../../results/study-results";
import { hasWhisker, WHISKER_COLOUR } from "../../report/chart-whiskers";
import { writeReport } from "../../report/write-report";
import { makeResultsDirectory } from "../fixtures/results/fio-study";
import { chartTexts, chartWhiskers, clippedTexts, launchChromium, ROUND_LABEL } from "./support/chromium";

let htmlPath: string;
let study: StudyResults;
let context: BrowserContext;

beforeAll(async () => {
  const directory = await makeResultsDirectory(2);
  study = loadResultsDirectory(directory);
  htmlPath = writeReport(study, join(directory, "report")).files.html;
  context = await launchChromium();
});

afterAll(async () => {
  await context?.close();
});

test("the HTML report has no scripts and inlines its charts as SVG", () => {
  const html = readFileSync(htmlPath, "utf8");
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/(src|href)="https?:/i);
  expect(html.match(/<svg /g)?.length).toBe(10 + 3); // one chart per test, three ranking charts
});

test("the HTML report opens in headless Chromium without console errors; charts are present; screenshot is not blank", async () => {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`requestfailed: ${request.url()}`));

  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
  expect(await page.title()).toBe("kvmbench report");

  const charts = page.locator("figure.chart > svg");
  expect(await charts.count()).toBe(13);
  const firstTestChart = page.locator("#test-seq-read svg");
  const box = await firstTestChart.boundingBox();
  expect(box?.width).toBeGreaterThan(400);
  expect(box?.height).toBeGreaterThan(200);
  // bars are drawn: ECharts renders them as <path> elements inside the SVG
  expect(await page.locator("#test-seq-read svg path").count()).toBeGreaterThan(5);
  await expect(page.locator("#test-seq-read svg text", { hasText: "baseline" }).count()).resolves.toBeGreaterThan(0);

  const screenshotPath = join(mkdtempSync(join(tmpdir(), "kvmbench-shot-")), "report.png");
  await firstTestChart.scrollIntoViewIfNeeded();
  const chartShot = await firstTestChart.screenshot({ path: screenshotPath });
  expect(statSync(screenshotPath).size).toBeGreaterThan(10_000);
  // not blank: many distinct colours in the chart's pixels
  const page2 = await context.newPage();
  // counted in the browser (a string, so the test needs no DOM types)
  const distinctColours = await page2.evaluate<number>(`(async () => {
    const image = new Image();
    image.src = "data:image/png;base64,${chartShot.toString("base64")}";
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context2d = canvas.getContext("2d");
    context2d.drawImage(image, 0, 0);
    const data = context2d.getImageData(0, 0, image.width, image.height).data;
    const colours = new Set();
    for (let index = 0; index < data.length; index += 4) colours.add((data[index] << 16) | (data[index + 1] << 8) | data[index + 2]);
    return colours.size;
  })()`);
  expect(distinctColours).toBeGreaterThan(20);

  await page.screenshot({ path: join(tmpdir(), "kvmbench-report-full.png"), fullPage: true });
  expect(problems).toEqual([]);
});

test("no chart text is clipped at its chart's edge, and axis labels are round numbers", async () => {
  const page = await context.newPage();
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
  const texts = await chartTexts(page);
  expect(texts.length).toBeGreaterThan(100);
  expect(clippedTexts(texts)).toEqual([]);
  // axis labels: grouped thousands, at most two decimals (no "5,568.1635547000005")
  const numbers = texts.map((t) => t.text.trim()).filter((text) => /^[\d,.]+$/.test(text));
  expect(numbers.length).toBeGreaterThan(30);
  for (const text of numbers) expect(text).toMatch(ROUND_LABEL);
});

test("every multi-repeat bar has a min–max whisker, drawn inside its chart's plot", async () => {
  const page = await context.newPage();
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
  const charts = await chartWhiskers(page, WHISKER_COLOUR);
  const expected = (test: (typeof TEST_IDS)[number]): number =>
    study.scenarios.filter((scenario) => {
      const statistics = scenario.tests.get(test)?.statistics.mbPerSecond;
      return statistics !== undefined && statistics.count > 1 && hasWhisker({ min: statistics.min, max: statistics.max, repeats: statistics.count });
    }).length;
  const perTest = TEST_IDS.map((test) => ({ chart: `test-${test}`, whiskers: charts.find((chart) => chart.chart === `test-${test}`)?.whiskers.length, expected: expected(test) }));
  expect(perTest.map(({ chart, whiskers }) => ({ chart, whiskers }))).toEqual(perTest.map(({ chart, expected }) => ({ chart, whiskers: expected })));
  expect(perTest.reduce((sum, { whiskers }) => sum + (whiskers ?? 0), 0)).toBeGreaterThan(0); // the scenarios ran twice
  for (const chart of charts) {
    if (!chart.chart.startsWith("test-")) expect(chart.whiskers).toEqual([]); // rankings are of scores, no repeats
    for (const whisker of chart.whiskers) {
      expect(whisker.top).toBeGreaterThanOrEqual(chart.plotTop - 1);
      expect(whisker.bottom).toBeLessThanOrEqual(chart.plotBottom + 1);
      expect(whisker.left).toBeGreaterThanOrEqual(0);
      expect(whisker.right).toBeLessThanOrEqual(chart.chartWidth);
    }
  }
  const subtitles = await page.locator("#test-seq-read svg text", { hasText: "whiskers: min–max across 2 repeats" }).count();
  expect(subtitles).toBe(1);
});
