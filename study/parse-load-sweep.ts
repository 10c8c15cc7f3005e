/**
 * `benchmark.iodepth` and `benchmark.numjobs`: one value, or the values of a sweep. A sweep runs
 * every test of the profile at each load point inside the scenario's one deploy (no extra
 * guests, the stack names unchanged); the results keep each point.
 */
import { Node, isSeq } from "yaml";
import { IODEPTH_RANGE, MAX_SWEEP_VALUES, NUMJOBS_RANGE } from "../domain/profiles";
import type { MapFields, StudyReader } from "./yaml-reader";
import { childPath } from "./yaml-reader";

/** The keys of `benchmark` that sweep the load, and the range of each. */
export const LOAD_SWEEP_KEYS = { iodepth: IODEPTH_RANGE, numjobs: NUMJOBS_RANGE } as const;
export type LoadSweepKey = keyof typeof LOAD_SWEEP_KEYS;

function expectation(key: LoadSweepKey): string {
  const { min, max } = LOAD_SWEEP_KEYS[key];
  return `a whole number from ${min} to ${max}, or a list of up to ${MAX_SWEEP_VALUES} of them such as [1, 4, 16, 32]`;
}

/** The values of one sweep key: a number, or a non-empty list without repeats. */
function readSweep(reader: StudyReader, node: Node | null | undefined, path: string, key: LoadSweepKey): number[] | undefined {
  const { min, max } = LOAD_SWEEP_KEYS[key];
  const expected = expectation(key);
  const resolved = reader.resolve(node);
  if (!isSeq(resolved)) {
    const value = reader.integer(resolved, path, min, max, expected);
    return value === undefined ? undefined : [value];
  }
  const items = reader.list(resolved, path, expected, { nonEmpty: true });
  if (!items) return undefined;
  if (items.length > MAX_SWEEP_VALUES) {
    reader.error(resolved, path, `${items.length} values are more than a sweep takes`, expected);
    return undefined;
  }
  const values: number[] = [];
  let ok = true;
  items.forEach((item, index) => {
    const itemPath = childPath(path, index);
    const value = reader.integer(item, itemPath, min, max, expected);
    if (value === undefined) ok = false;
    else if (values.includes(value)) {
      reader.error(item, itemPath, `${value} is listed twice`, "each value once");
      ok = false;
    } else values.push(value);
  });
  return ok ? values : undefined;
}

/**
 * Reads `benchmark.iodepth` and `benchmark.numjobs` (each absent, a number or a list). Each key is
 * also an fio option, so giving it in `benchmark.fio` too is an error: one place says it.
 * Returns undefined when something is wrong (reported with its position).
 */
export function readLoadSweep(
  reader: StudyReader,
  fields: MapFields,
  fioOptions: Readonly<Record<string, unknown>> | undefined,
): { iodepth?: number[]; numjobs?: number[] } | undefined {
  const sweep: { iodepth?: number[]; numjobs?: number[] } = {};
  let ok = true;
  for (const key of Object.keys(LOAD_SWEEP_KEYS) as LoadSweepKey[]) {
    if (!fields.has(key)) continue;
    if (fioOptions && key in fioOptions) {
      reader.error(fields.keyNode(key), fields.pathOf(key), `${key} is given both here and in benchmark.fio`, `${key} in one place: benchmark.${key} (which may sweep)`);
      ok = false;
      continue;
    }
    const values = readSweep(reader, fields.value(key), fields.pathOf(key), key);
    if (values) sweep[key] = values;
    else ok = false;
  }
  return ok ? sweep : undefined;
}
