/**
 * Load points in results: the queue depth and job count each test ran under. A study that sweeps
 * `benchmark.iodepth` or `benchmark.numjobs` measures each test at every point.
 */
import type { LoadPoint } from "../domain/profiles";

export type { LoadPoint };

/** The load of the seed's HD Tune runs, and fio's defaults: one job at queue depth 1. */
export const SINGLE_IO: LoadPoint = { iodepth: 1, numjobs: 1 };

/** A key that tells points apart, e.g. "1x4" (numjobs x iodepth). */
export function loadPointKey(point: LoadPoint): string {
  return `${point.numjobs}x${point.iodepth}`;
}

/** Orders points by jobs, then queue depth: the lowest load first. */
export function compareLoadPoints(a: LoadPoint, b: LoadPoint): number {
  return a.numjobs - b.numjobs || a.iodepth - b.iodepth;
}

/** "QD 4", or "QD 4 × 2 jobs" when more than one job ran. */
export function loadPointLabel(point: LoadPoint): string {
  return point.numjobs === 1 ? `QD ${point.iodepth}` : `QD ${point.iodepth} × ${point.numjobs} jobs`;
}

/** The distinct points of a list, lowest load first. */
export function distinctLoadPoints(points: readonly LoadPoint[]): LoadPoint[] {
  const byKey = new Map(points.map((point) => [loadPointKey(point), point]));
  return [...byKey.values()].sort(compareLoadPoints);
}
