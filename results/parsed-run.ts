import type { TestId } from "./benchmark-tests";
import type { ParsedRun, PointFigures, TestFigures } from "./figures";
import { compareLoadPoints } from "./load-points";

/**
 * A parsed run from the figures of every test at every load point: each test's figures at its
 * lowest load (fewest jobs, then lowest queue depth) become the run's figures of that test.
 */
export function parsedRun(points: readonly PointFigures[], warnings: readonly string[]): ParsedRun {
  const lowest = new Map<TestId, PointFigures>();
  for (const entry of points) {
    const current = lowest.get(entry.test);
    if (!current || compareLoadPoints(entry.point, current.point) < 0) lowest.set(entry.test, entry);
  }
  const figures = new Map<TestId, TestFigures>([...lowest].map(([test, entry]) => [test, entry.figures]));
  return { figures, points, warnings };
}
