import type { Direction, TestId } from "./benchmark-tests";

/** The two tests each weighted score combines, per direction. */
export const SCORED_TESTS: Readonly<Record<Direction, { sequential: TestId; random4k: TestId }>> = {
  read: { sequential: "seq-read", random4k: "rand-read-4k" },
  write: { sequential: "seq-write", random4k: "rand-write-4k" },
};

/** The weighting factors, from the baseline. */
export interface WeightingFactors {
  /** k_r = baseline sequential read / baseline 4 KiB random read */
  readonly read: number;
  /** k_w = baseline sequential write / baseline 4 KiB random write */
  readonly write: number;
}

/** The scores that rank scenarios. */
export type RankingKey = "weightedRead" | "weightedWrite" | "meanWeighted";

/** Every ranking key, in report order. */
export const RANKING_KEYS: readonly RankingKey[] = ["weightedRead", "weightedWrite", "meanWeighted"];
