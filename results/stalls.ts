/**
 * Stalls: the slowest writes a scenario's guest saw. A guest that "locks up for minutes" shows
 * it in the tail of its write latency long before its MB/s look bad, so the report puts, per
 * scenario, the worst p99.9 and the slowest write side by side.
 */
import { TEST_IDS, testDefinition, type TestId } from "./benchmark-tests";
import type { ScenarioResults } from "./scenario-results";

/** A scenario's worst write latencies, in milliseconds. */
export interface WriteStalls {
  /** The highest p99.9 (median across repeats) of its write tests, and which test. */
  readonly worstP999?: { readonly ms: number; readonly test: TestId };
  /** The slowest single write of any write test in any repeat, and which test. */
  readonly maxWrite?: { readonly ms: number; readonly test: TestId };
}

/** The tests that write. */
export const WRITE_TESTS: readonly TestId[] = TEST_IDS.filter((test) => testDefinition(test).direction === "write");

function highest(candidates: readonly { ms: number | undefined; test: TestId }[]): { ms: number; test: TestId } | undefined {
  let best: { ms: number; test: TestId } | undefined;
  for (const { ms, test } of candidates) if (ms !== undefined && (best === undefined || ms > best.ms)) best = { ms, test };
  return best;
}

/** A scenario's worst p99.9 and slowest write, over its write tests (at each test's lowest load). */
export function writeStalls(scenario: ScenarioResults): WriteStalls {
  const tests = WRITE_TESTS.flatMap((test) => {
    const summary = scenario.tests.get(test);
    return summary ? [{ test, summary }] : [];
  });
  const worstP999 = highest(tests.map(({ test, summary }) => ({ test, ms: summary.statistics.p999LatencyMs?.median })));
  const maxWrite = highest(tests.map(({ test, summary }) => ({ test, ms: summary.statistics.maxLatencyMs?.max })));
  return { ...(worstP999 ? { worstP999 } : {}), ...(maxWrite ? { maxWrite } : {}) };
}
