import { pairwiseComparisons, rankWithTies } from "../results/ranking-ties";
import type { StudyScores } from "../results/scoring";
import { formatPValue } from "./format";
import type { ReportTable } from "./summary-tables";

/**
 * Which comparisons among the top `count` of the mean weighted ranking are significant: each row
 * scenario against each column scenario, "ahead", "behind" or "tied" with the p-value of Welch's
 * t-test on their repeats' scores. Undefined when fewer than two of them have repeats.
 */
export function significanceTable(scores: StudyScores, count: number): ReportTable | undefined {
  const ranking = rankWithTies(scores.scenarios, "meanWeighted");
  const pairs = pairwiseComparisons(ranking, "meanWeighted", count);
  if (!pairs.some((row) => row.some((cell) => cell.comparison))) return undefined;
  const names = ranking.slice(0, count).map((entry) => entry.score.name);
  return {
    id: "significance",
    title: `Is #1 really ahead? The top ${names.length} compared (mean weighted r-w)`,
    columns: ["scenario", ...names.map((_, index) => `vs #${index + 1}`)],
    rows: pairs.map((row, index) => [
      `#${index + 1} ${names[index]}`,
      ...row.map(({ first, second, comparison }) => {
        if (first === second) return "·";
        if (!comparison) return "no repeats";
        const outcome = !comparison.significant ? "tied" : comparison.difference > 0 ? "ahead" : "behind";
        return `${outcome} (${formatPValue(comparison.pValue)})`;
      }),
    ]),
    rowKeys: names,
    note: "Each cell: the row's scenario against the column's, by Welch's t-test on their repeats' mean weighted r-w scores; ahead or behind when p < 0.05, else tied (the difference is within the noise). Each comparison is at the 5 % level on its own.",
  };
}
