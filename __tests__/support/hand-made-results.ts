/**
 * Scenarios with figures chosen by hand, for tests of the report's judgements (the same built
 * from real fio output: __tests__/fixtures/results/).
 */
import type { TestId } from "../../results/benchmark-tests";
import type { PointFigures, TestFigures } from "../../results/figures";
import { SINGLE_IO, type LoadPoint } from "../../results/load-points";
import { parsedRun } from "../../results/parsed-run";
import { summarizePoints, summarizeRepeats, type ParsedRepeat, type ScenarioResults } from "../../results/scenario-results";

/** Per test, MB/s per repeat (`undefined`: the repeat lacks the test). */
export type MbPerSecondByTest = Partial<Record<TestId, readonly (number | undefined)[]>>;

/** Repeats whose tests measured `mbPerSecond[test][repeat]`, each with `figures` besides, at one load point. */
export function handMadeRepeats(mbPerSecond: MbPerSecondByTest, figures: Partial<TestFigures> = {}, point: LoadPoint = SINGLE_IO): ParsedRepeat[] {
  const repeats = Math.max(...Object.values(mbPerSecond).map((values) => values?.length ?? 0));
  return Array.from({ length: repeats }, (_, index) => {
    const points: PointFigures[] = Object.entries(mbPerSecond).flatMap(([test, values]) => {
      const value = values?.[index];
      return value === undefined ? [] : [{ test: test as TestId, point, figures: { mbPerSecond: value, iops: value * 250, meanLatencyMs: 1, ...figures } }];
    });
    return { repeat: index + 1, run: parsedRun(points, []) };
  });
}

/** A scenario from parsed repeats, with anything of `extra` on top. */
export function scenarioOfRepeats(name: string, repeats: readonly ParsedRepeat[], extra: Partial<ScenarioResults> = {}): ScenarioResults {
  return {
    name,
    kind: "scenario",
    settings: {},
    configuration: {},
    accelerator: "kvm",
    source: `${name}.json`,
    tests: summarizeRepeats(repeats),
    points: summarizePoints(repeats),
    provenance: {},
    warnings: [],
    ...extra,
  };
}

/** A scenario whose repeats measured `mbPerSecond[test][repeat]`. */
export function handMadeScenario(name: string, mbPerSecond: MbPerSecondByTest, extra: Partial<ScenarioResults> = {}, figures: Partial<TestFigures> = {}): ScenarioResults {
  return scenarioOfRepeats(name, handMadeRepeats(mbPerSecond, figures), extra);
}
