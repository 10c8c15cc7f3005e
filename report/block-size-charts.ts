/**
 * The seed's own picture: MB/s of random reads and writes against block size (512 B, 4 KiB,
 * 64 KiB, 1 MiB), one line per scenario and the bare device dashed, on a logarithmic axis (small
 * blocks run at a hundredth of large ones).
 */
import { describeBlockSize, identifyTest, RANDOM_BLOCK_SIZES, type Direction } from "../results/benchmark-tests";
import { medianMbPerSecond, type ScenarioResults } from "../results/scenario-results";
import type { StudyResults } from "../results/study-results";
import { renderLineChart } from "./chart-lines";
import type { ChartSelection } from "./chart-selection";
import type { RenderedChart } from "./report-charts";
import { scenarioLabel } from "./summary-tables";

function valuesOf(scenario: ScenarioResults, direction: Direction): (number | undefined)[] {
  return RANDOM_BLOCK_SIZES.map((bytes) => {
    const test = identifyTest(direction, "random", bytes);
    return test === undefined ? undefined : medianMbPerSecond(scenario, test);
  });
}

/** One chart per direction whose random tests ran at two or more block sizes. */
export function renderBlockSizeCharts(study: StudyResults, selection: ChartSelection, footnote: string): RenderedChart[] {
  return (["read", "write"] as const).flatMap((direction) => {
    const measured = (scenario: ScenarioResults): boolean => valuesOf(scenario, direction).filter((value) => value !== undefined).length >= 2;
    if (![study.baseline, ...study.scenarios].some(measured)) return [];
    const title = `Random ${direction}: MB/s by block size`;
    const svg = renderLineChart({
      title: `${title} (median)`,
      subtitle: selection.note,
      categories: RANDOM_BLOCK_SIZES.map(describeBlockSize),
      categoryName: "block size",
      unit: "MB/s",
      logarithmic: true,
      lines: [
        { name: "baseline (bare device)", values: valuesOf(study.baseline, direction), reference: true },
        ...selection.scenarios.map((scenario) => ({ name: scenarioLabel(scenario), values: valuesOf(scenario, direction) })),
      ],
      footnote,
    });
    return [{ id: `block-size-${direction}`, title, svg }];
  });
}
