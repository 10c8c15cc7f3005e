import { testsAboveBaseline, unstableTests, UNSTABLE_CV_THRESHOLD } from "../results/assessment";
import { testLabel } from "../results/benchmark-tests";
import type { StudyResults } from "../results/study-results";
import type { AssessmentNote } from "./assessment-note";
import { formatMbPerSecond, formatNumber } from "./format";
import { ABOVE_BASELINE_MARK, TCG_LABEL, UNSTABLE_MARK } from "./summary-tables";
import { zfsODirectNotes } from "./zfs-direct-io-notes";

function grouped<T extends { readonly scenario: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.scenario, [...(groups.get(item.scenario) ?? []), item]);
  return groups;
}

/**
 * The notes a reader needs before trusting the tables: results from TCG hosts, figures above
 * the bare-metal baseline (the host's cache is in the loop), O_DIRECT that ZFS let through its
 * ARC and unstable tests, each with the scenarios and tests concerned. Empty when there is
 * nothing to say.
 */
export function assessmentNotes(study: StudyResults): AssessmentNote[] {
  const notes: AssessmentNote[] = [];
  const tcg = study.scenarios.filter((scenario) => scenario.accelerator === "tcg");
  if (tcg.length > 0) {
    notes.push({
      text:
        `${TCG_LABEL} ${tcg.length} of ${study.scenarios.length} scenarios ran on a host without KVM, under QEMU's software emulation (TCG): ` +
        "their figures measure the emulator, not the storage, and compare with neither KVM results nor the bare device.",
      items: tcg.map((scenario) => scenario.name),
    });
  }
  const above = grouped(testsAboveBaseline(study));
  if (above.size > 0) {
    notes.push({
      text:
        `${ABOVE_BASELINE_MARK} Host cache in the loop: no storage stack delivers more than the bare device under it, so a figure above the baseline measures the host's RAM, ` +
        "not the storage (cache=writeback and writethrough serve reads, and writeback also absorbs writes, in the host's page cache; a ZFS ARC or a buffered path does the same; " +
        "compression of compressible data can also beat the device). Such figures hold only while the data fits the cache, and writes held there can be lost in a host crash.",
      items: [...above].map(
        ([scenario, tests]) => `${scenario}: ${tests.map((t) => `${testLabel(t.test)} ${formatMbPerSecond(t.median)} MB/s, ${formatNumber(t.ratio, 2)}× the bare device`).join("; ")}`,
      ),
    });
  }
  notes.push(...zfsODirectNotes(study));
  const unstable = grouped(unstableTests(study));
  if (unstable.size > 0) {
    notes.push({
      text:
        `${UNSTABLE_MARK} Unstable tests: the repeats' MB/s vary by more than ${formatNumber(UNSTABLE_CV_THRESHOLD * 100, 0)}% (coefficient of variation, standard deviation / mean); ` +
        "differences between scenarios smaller than that spread are noise, not a ranking.",
      items: [...unstable].map(
        ([scenario, tests]) =>
          `${scenario}: ${tests.map((t) => `${testLabel(t.test)} CV ${formatNumber(t.cv * 100, 0)}% (${formatMbPerSecond(t.min)}–${formatMbPerSecond(t.max)} MB/s over ${t.repeats} repeats)`).join("; ")}`,
      ),
    });
  }
  return notes;
}
