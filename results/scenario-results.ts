import type { Accelerator } from "../domain/guest-settings";
import { TEST_IDS, type TestId } from "./benchmark-tests";
import { FIGURE_NAMES, type FigureName, type ParsedRun, type TestFigures } from "./figures";
import { compareLoadPoints, loadPointKey, type LoadPoint } from "./load-points";
import type { RunProvenance } from "./provenance";
import type { ZfsDatasetFacts } from "./result-file";
import type { ScenarioSettings } from "./scenario-settings";
import { summarize, type Statistics } from "./statistics";

/** The figures of one test in one repeat. */
export interface RepeatFigures {
  readonly repeat: number;
  readonly figures: TestFigures;
}

/** One test of one scenario across repeats: every repeat, and median and spread per figure. */
export interface TestSummary {
  readonly test: TestId;
  readonly repeats: readonly RepeatFigures[];
  /** Per figure; a figure no repeat reported (e.g. percentiles) is absent. */
  readonly statistics: Readonly<Partial<Record<FigureName, Statistics>>>;
}

/** One test at one load point across repeats (a queue-depth or job-count sweep keeps every point). */
export interface PointSummary {
  readonly test: TestId;
  readonly point: LoadPoint;
  readonly summary: TestSummary;
}

/** Everything measured for one scenario (or the baseline). */
export interface ScenarioResults {
  readonly name: string;
  readonly kind: "scenario" | "baseline";
  readonly settings: ScenarioSettings;
  /** The scenario's full configuration from its result file ({} for raw tool output). */
  readonly configuration: Readonly<Record<string, unknown>>;
  /**
   * How the guest's CPU ran: "kvm" (hardware virtualization), or "tcg" (QEMU's software emulation,
   * whose figures measure the emulator and compare with nothing). From the configuration's
   * `host.accelerator`; "kvm" when absent.
   */
  readonly accelerator: Accelerator;
  /** Where the results were read from. */
  readonly source: string;
  /** Per test at its lowest load, in report order; tests the scenario did not run are absent. */
  readonly tests: ReadonlyMap<TestId, TestSummary>;
  /** Every test at every load point it ran under, in report order then lowest load first. */
  readonly points: readonly PointSummary[];
  /** What measured it: versions, host, when. */
  readonly provenance: RunProvenance;
  readonly warnings: readonly string[];
  /** The ZFS under the disk and the ARC's size around the cache drop, when the host recorded them. */
  readonly zfs?: ZfsRecord;
}

/** What the host recorded about ZFS for one run (result file `host.zfsDataset`, `caches.zfsArcBytes`). */
export interface ZfsRecord {
  readonly dataset?: ZfsDatasetFacts;
  readonly arcBytes?: { readonly before: number; readonly after: number };
}

export type { Accelerator };

/** The accelerator a result file's configuration records (`host.accelerator`), "kvm" when it records none. */
export function acceleratorOf(configuration: Readonly<Record<string, unknown>>): Accelerator {
  const host = configuration["host"];
  const value = typeof host === "object" && host !== null ? (host as Record<string, unknown>)["accelerator"] : undefined;
  return value === "tcg" ? "tcg" : "kvm";
}

/** A parsed repeat. */
export interface ParsedRepeat {
  readonly repeat: number;
  readonly run: ParsedRun;
}

/** A test's repeats with the median and spread of each figure. */
function summarizeTest(test: TestId, repeats: readonly RepeatFigures[]): TestSummary {
  const statistics: Partial<Record<FigureName, Statistics>> = {};
  for (const figure of FIGURE_NAMES) {
    const values = repeats.map((entry) => entry.figures[figure]).filter((value): value is number => value !== undefined);
    const summary = summarize(values);
    if (summary) statistics[figure] = summary;
  }
  return { test, repeats, statistics };
}

/** Groups repeats' figures by test (each at its lowest load) and computes median and spread of each figure. */
export function summarizeRepeats(repeats: readonly ParsedRepeat[]): Map<TestId, TestSummary> {
  const tests = new Map<TestId, TestSummary>();
  for (const test of TEST_IDS) {
    const testRepeats: RepeatFigures[] = [];
    for (const { repeat, run } of repeats) {
      const figures = run.figures.get(test);
      if (figures) testRepeats.push({ repeat, figures });
    }
    if (testRepeats.length > 0) tests.set(test, summarizeTest(test, testRepeats));
  }
  return tests;
}

/** Groups repeats' figures by test and load point, in report order then lowest load first. */
export function summarizePoints(repeats: readonly ParsedRepeat[]): PointSummary[] {
  const grouped = new Map<string, { test: TestId; point: LoadPoint; repeats: RepeatFigures[] }>();
  for (const { repeat, run } of repeats) {
    for (const { test, point, figures } of run.points) {
      const key = `${test} ${loadPointKey(point)}`;
      const entry = grouped.get(key) ?? { test, point, repeats: [] };
      entry.repeats.push({ repeat, figures });
      grouped.set(key, entry);
    }
  }
  return [...grouped.values()]
    .sort((a, b) => TEST_IDS.indexOf(a.test) - TEST_IDS.indexOf(b.test) || compareLoadPoints(a.point, b.point))
    .map(({ test, point, repeats: pointRepeats }) => ({ test, point, summary: summarizeTest(test, pointRepeats) }));
}

/** The median MB/s of a test, or undefined when the scenario did not run it. */
export function medianMbPerSecond(scenario: ScenarioResults, test: TestId): number | undefined {
  return scenario.tests.get(test)?.statistics.mbPerSecond?.median;
}
