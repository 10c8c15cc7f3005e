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

/** A chart's whiskers (line and caps in `colour`) and its plot's top and bottom, relative to its chart's SVG. */
export interface ChartWhiskers {
  readonly chart: string;
  readonly whiskers: readonly { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number }[];
  /** The highest and lowest horizontal line across most of the chart: the top split line and the x axis. */
  readonly plotTop: number;
  readonly plotBottom: number;
  readonly chartWidth: number;
}

/**
 * Every chart's whiskers and plot area, measured in the browser. A whisker is the line and the two
 * caps ECharts draws for one markLine item (same series and item index in its SSR metadata); its
 * box is theirs together, so a whisker shorter than a pixel (drawn as a bare "M x y") still counts.
 */
export function chartWhiskers(page: Page, colour: string): Promise<ChartWhiskers[]> {
  return page.evaluate<ChartWhiskers[]>(`
    [...document.querySelectorAll("figure.chart")].map((figure) => {
      const svg = figure.querySelector("svg");
      const box = svg.getBoundingClientRect();
      const horizontals = [...svg.querySelectorAll("path")]
        .map((path) => ({ rect: path.getBoundingClientRect(), match: /^M([\\d.]+) ([\\d.]+)L([\\d.]+) ([\\d.]+)$/.exec(path.getAttribute("d") ?? "") }))
        .filter(({ match }) => match !== null && match[2] === match[4] && Math.abs(match[3] - match[1]) > svg.viewBox.baseVal.width / 2);
      const parts = new Map();
      for (const path of svg.querySelectorAll('path[stroke=${JSON.stringify(colour)}], path[fill=${JSON.stringify(colour)}]')) {
        const key = path.getAttribute("ecmeta_series_index") + "/" + path.getAttribute("ecmeta_data_index");
        const r = path.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // the line of a whisker shorter than a pixel: its caps mark it
        parts.set(key, [...(parts.get(key) ?? []), r]);
      }
      const whiskers = [...parts.values()].map((rects) => ({
        left: Math.min(...rects.map((r) => r.left)) - box.left,
        right: Math.max(...rects.map((r) => r.right)) - box.left,
        top: Math.min(...rects.map((r) => r.top)) - box.top,
        bottom: Math.max(...rects.map((r) => r.bottom)) - box.top,
      }));
      return {
        chart: figure.id,
        whiskers,
        plotTop: Math.min(...horizontals.map(({ rect }) => rect.top)) - box.top,
        plotBottom: Math.max(...horizontals.map(({ rect }) => rect.bottom)) - box.top,
        chartWidth: box.width,
      };
    })`);
}
