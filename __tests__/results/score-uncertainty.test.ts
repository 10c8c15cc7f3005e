/**
 * Is #1 really ahead of #2? Student's t on the repeats' own scores: the distribution against its
 * printed table, intervals and Welch's test against hand computations, and rankings with ties.
 */
import { rankWithTies, tiedWithFirst } from "../../results/ranking-ties";
import { changeInterval, compareSamples, repeatScores, scoreInterval } from "../../results/score-uncertainty";
import { scoreStudy } from "../../results/scoring";
import { studentTQuantile, twoSidedTailProbability } from "../../results/student-t";
import type { StudyResults } from "../../results/study-results";
import { handMadeScenario } from "../support/hand-made-results";

describe("Student's t distribution", () => {
  it("has the 97.5 % quantiles of the printed tables", () => {
    const table: [number, number][] = [[1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [10, 2.228], [30, 2.042]];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
    // large df: the normal's 1.96
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.96, 2);
  });

  it("gives two-sided tail probabilities that invert the quantiles, for fractional df too", () => {
    expect(twoSidedTailProbability(2.776445, 4)).toBeCloseTo(0.05, 6);
    expect(twoSidedTailProbability(0, 3)).toBe(1);
    expect(twoSidedTailProbability(studentTQuantile(0.975, 2.5), 2.5)).toBeCloseTo(0.05, 9);
    expect(twoSidedTailProbability(Infinity, 3)).toBe(0);
  });
});

describe("a score's 95 % interval", () => {
  it("is the score ± t(0.975, n − 1) × s / √n of the repeats' scores, cut at 0", () => {
    // repeats 90, 100, 110: s = 10, n = 3, t = 4.303
    const interval = scoreInterval(100, [90, 100, 110]);
    expect(interval?.low).toBeCloseTo(100 - (4.3027 * 10) / Math.sqrt(3), 3);
    expect(interval?.high).toBeCloseTo(100 + (4.3027 * 10) / Math.sqrt(3), 3);
    expect(interval?.repeats).toBe(3);
    expect(scoreInterval(10, [1, 10, 40])?.low).toBe(0);
    expect(scoreInterval(100, [100])).toBeUndefined();
    expect(scoreInterval(undefined, [1, 2])).toBeUndefined();
  });

  it("comes from each repeat's own score, weighted with the baseline's factors", () => {
    const baseline = handMadeScenario("baseline", { "seq-read": [500], "rand-read-4k": [50], "seq-write": [400], "rand-write-4k": [40] }, { kind: "baseline" });
    const scenario = handMadeScenario("raw-none-virtio", { "seq-read": [400, 420], "rand-read-4k": [30, 34], "seq-write": [300, 320], "rand-write-4k": [20, 22] });
    const scores = scoreStudy({ baseline, scenarios: [scenario], warnings: [] });
    // k_r = 10, k_w = 10: repeat 1 reads (400 + 300) / 2 = 350, repeat 2 (420 + 340) / 2 = 380
    expect(repeatScores(scenario, scores.factors)).toEqual({ weightedRead: [350, 380], weightedWrite: [250, 270], meanWeighted: [300, 325] });
    const score = scores.scenarios[0];
    expect(score?.intervals.meanWeighted?.low).toBeCloseTo(312.5 - (12.706 * Math.sqrt(312.5)) / Math.sqrt(2), 1);
  });
});

describe("Welch's t-test", () => {
  it("matches a hand computation", () => {
    // a: mean 20, s² = 1; b: mean 22, s² = 4; n = 3 each: SE = √(1/3 + 4/3), t = −2 / SE
    const comparison = compareSamples([19, 20, 21], [20, 22, 24]);
    const t = -2 / Math.sqrt(5 / 3);
    const df = (5 / 3) ** 2 / ((1 / 3) ** 2 / 2 + (4 / 3) ** 2 / 2);
    expect(comparison?.difference).toBeCloseTo(-2, 12);
    expect(comparison?.pValue).toBeCloseTo(twoSidedTailProbability(t, df), 12);
    expect(comparison?.significant).toBe(false);
    expect(compareSamples([100, 101, 102], [50, 51, 52])?.significant).toBe(true);
    expect(compareSamples([5, 5], [5, 5])).toEqual({ difference: 0, pValue: 1, significant: false });
    expect(compareSamples([6, 6], [5, 5])).toEqual({ difference: 1, pValue: 0, significant: true });
    expect(compareSamples([1], [1, 2])).toBeUndefined();
  });

  it("gives the interval of a change", () => {
    const interval = changeInterval(-50, [100, 101, 102], [50, 51, 52]);
    expect(interval?.high).toBeLessThan(0);
    expect(changeInterval(0, [100, 101, 102], [100, 101, 102])).toEqual({ low: expect.any(Number), high: expect.any(Number) });
    expect(changeInterval(0, [100, 101, 102], [100, 101, 102])?.low).toBeLessThan(0);
    expect(changeInterval(0, [100], [100, 101])).toBeUndefined();
  });
});

describe("rankings with ties", () => {
  const baseline = handMadeScenario("baseline", { "seq-read": [500], "rand-read-4k": [50], "seq-write": [400], "rand-write-4k": [40] }, { kind: "baseline" });
  const scenario = (name: string, level: number, spread: number) =>
    handMadeScenario(name, {
      "seq-read": [level - spread, level, level + spread],
      "rand-read-4k": [level / 10, level / 10, level / 10],
      "seq-write": [level - spread, level, level + spread],
      "rand-write-4k": [level / 10, level / 10, level / 10],
    });
  const study: StudyResults = { baseline, scenarios: [scenario("c", 300, 5), scenario("a", 400, 40), scenario("b", 390, 40)], warnings: [] };

  it("share a place between neighbours within the noise and part those beyond it", () => {
    const ranking = rankWithTies(scoreStudy(study).scenarios, "meanWeighted");
    expect(ranking.map((entry) => [entry.score.name, entry.place, entry.tiedWithAbove])).toEqual([
      ["a", 1, false],
      ["b", 1, true],
      ["c", 3, false],
    ]);
    expect(ranking[0]?.versusNext?.significant).toBe(false);
    expect(ranking[1]?.versusNext?.significant).toBe(true);
    expect(tiedWithFirst(ranking).map((score) => score.name)).toEqual(["b"]);
  });

  it("give every scenario its own place without repeats", () => {
    const single = (name: string, level: number) => handMadeScenario(name, { "seq-read": [level], "rand-read-4k": [level / 10], "seq-write": [level], "rand-write-4k": [level / 10] });
    const ranking = rankWithTies(scoreStudy({ baseline, scenarios: [single("x", 100), single("y", 100)], warnings: [] }).scenarios, "meanWeighted");
    expect(ranking.map((entry) => [entry.place, entry.tiedWithAbove, entry.versusNext])).toEqual([
      [1, false, undefined],
      [2, false, undefined],
    ]);
  });
});
