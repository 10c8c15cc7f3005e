import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** Headless Chromium with a fresh profile, 1100 x 900. */
export function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "kvmbench-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 900 },
  });
}

/** A chart's text as the browser draws it: its box relative to its chart's SVG. */
export interface ChartText {
  readonly chart: string;
  readonly text: string;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly chartWidth: number;
  readonly chartHeight: number;
}

/** Every non-empty text of every chart on the page, measured in the browser. */
export function chartTexts(page: Page): Promise<ChartText[]> {
  return page.evaluate<ChartText[]>(`
    [...document.querySelectorAll("figure.chart")].flatMap((figure) => {
      const svg = figure.querySelector("svg");
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll("text")]
        .filter((text) => text.textContent.trim() !== "")
        .map((text) => {
          const r = text.getBoundingClientRect();
          return { chart: figure.id, text: text.textContent, left: r.left - box.left, right: r.right - box.left, top: r.top - box.top, bottom: r.bottom - box.top, chartWidth: box.width, chartHeight: box.height };
        });
    })`);
}

/** The texts that reach past their chart's edge (the SVG clips them). */
export function clippedTexts(texts: readonly ChartText[]): ChartText[] {
  return texts.filter((t) => t.left < -0.5 || t.top < -0.5 || t.right > t.chartWidth + 0.5 || t.bottom > t.chartHeight + 0.5);
}

/** Numbers as axis and bar labels show them: grouped thousands with at most two decimals, or plain with at most three. */
export const ROUND_LABEL = /^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,3})?$/;
