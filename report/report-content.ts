/**
 * Everything a report says, decided once for summary.md and report.html: scores, the verdict and
 * its claims, the tables, the notes and the provenance line every table and chart carries.
 */
import { studyProvenance } from "../results/provenance";
import type { StudyScores } from "../results/scoring";
import type { StudyResults } from "../results/study-results";
import { deriveVerdict, type Verdict } from "../results/verdict";
import type { AssessmentNote } from "./assessment-note";
import { assessmentNotes } from "./assessment-notes";
import { latencyTable, stallsTable, testsWithLatency } from "./latency-tables";
import { loadSweepTable, sweptTests } from "./load-sweep";
import { provenanceLine } from "./provenance-text";
import { reportOptions, type ReportOptions } from "./report-options";
import { significanceTable } from "./significance-table";
import { allScoresTable, mediansTable, RANKINGS, steadyStateTable, topTable, type ReportTable } from "./summary-tables";
import { verdictClaims, type VerdictClaim } from "./verdict-claims";
import { zfsTable } from "./zfs-table";

/** The "before you read the numbers" section: its anchor and heading. */
export const NOTES_SECTION = { id: "before-you-read", title: "Before you read the numbers" } as const;

export interface ReportContent {
  readonly options: ReportOptions;
  readonly scores: StudyScores;
  readonly verdict: Verdict;
  readonly claims: readonly VerdictClaim[];
  readonly notes: readonly AssessmentNote[];
  /** What measured the figures, one line: under every table and chart. */
  readonly provenance: string;
  readonly tables: {
    /** One per ranking, in RANKINGS order. */
    readonly tops: readonly ReportTable[];
    readonly significance?: ReportTable;
    readonly allScores: ReportTable;
    readonly stalls: ReportTable;
    readonly sweeps: readonly ReportTable[];
    readonly mbps: ReportTable;
    readonly latency: readonly ReportTable[];
    readonly steadyState?: ReportTable;
    /** Present when a run recorded ZFS (report/zfs-table.ts). */
    readonly zfs?: ReportTable;
  };
}

/** Decides what the report says about a scored study. */
export function reportContent(study: StudyResults, scores: StudyScores, options: Partial<ReportOptions> = {}): ReportContent {
  const resolved = reportOptions(options);
  const tops = RANKINGS.map((ranking) => topTable(scores, ranking, resolved.topCount));
  const allScores = allScoresTable(scores);
  const stalls = stallsTable(study, resolved.thresholds);
  const mbps = mediansTable(study);
  const verdict = deriveVerdict(study, scores, resolved.thresholds);
  const topMeanWeighted = tops[RANKINGS.findIndex((ranking) => ranking.key === "meanWeighted")] as ReportTable;
  const significance = significanceTable(scores, resolved.topCount);
  const steadyState = steadyStateTable(study);
  const zfs = zfsTable(study);
  return {
    options: resolved,
    scores,
    verdict,
    claims: verdictClaims(verdict, { allScores, topMeanWeighted, mbps, stalls, notes: NOTES_SECTION }),
    notes: assessmentNotes(study),
    provenance: provenanceLine(studyProvenance([study.baseline, ...study.scenarios])),
    tables: {
      tops,
      ...(significance ? { significance } : {}),
      allScores,
      stalls,
      sweeps: sweptTests(study).map(({ test, points }) => loadSweepTable(study, test, points)),
      mbps,
      latency: testsWithLatency(study).map((test) => latencyTable(study, test)),
      ...(steadyState ? { steadyState } : {}),
      ...(zfs ? { zfs } : {}),
    },
  };
}
