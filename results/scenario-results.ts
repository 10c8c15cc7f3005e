import type { Accelerator } from "../domain/guest-settings";
import { TEST_IDS, type TestId } from "./benchmark-tests";
import { FIGURE_NAMES, type FigureName, type ParsedRun, type TestFigures } from "./figures";
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
  /** Per test, in report order; tests the scenario did not run are absent. */
  readonly tests: ReadonlyMap<TestId, TestSummary>;
  readonly warnings: readonly string[];
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

/** Groups repeats' figures by test and computes median and spread of each figure. */
export function summarizeRepeats(repeats: readonly ParsedRepeat[]): Map<TestId, TestSummary> {
  const tests = new Map<TestId, TestSummary>();
  for (const test of TEST_IDS) {
    const testRepeats: RepeatFigures[] = [];
    for (const { repeat, run } of repeats) {
      const figures = run.figures.get(test);
      if (figures) testRepeats.push({ repeat, figures });
    }
    if (testRepeats.length === 0) continue;
    const statistics: Partial<Record<FigureName, Statistics>> = {};
    for (const figure of FIGURE_NAMES) {
      const values = testRepeats
        .map((entry) => entry.figures[figure])
        .filter((value): value is number => value !== undefined);
      const summary = summarize(values);
      if (summary) statistics[figure] = summary;
    }
    tests.set(test, { test, repeats: testRepeats, statistics });
  }
  return tests;
}

/** The median MB/s of a test, or undefined when the scenario did not run it. */
export function medianMbPerSecond(scenario: ScenarioResults, test: TestId): number | undefined {
  return scenario.tests.get(test)?.statistics.mbPerSecond?.median;
}
