/**
 * What ZFS did under each run, as the host recorded it when the benchmark started: the dataset or
 * zvol under the disk with the properties that decide how its I/O reaches the disks (direct,
 * recordsize or volblocksize, compression, sync), and the ARC's size before and after the cache
 * drop, so that a figure helped by a warm ARC shows it.
 */
import { formatShortSize } from "../domain/size";
import type { StudyResults } from "../results/study-results";
import { scenarioLabel, type ReportTable } from "./summary-tables";

const MiB = 1024 * 1024;

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

/** The table, or undefined when no run recorded ZFS. */
export function zfsTable(study: StudyResults): ReportTable | undefined {
  const runs = [study.baseline, ...study.scenarios].filter((run) => run.zfs !== undefined);
  if (runs.length === 0) return undefined;
  return {
    id: "zfs",
    title: "ZFS under the disk (as the host recorded it at the start)",
    columns: ["scenario", "dataset or zvol", "direct", "recordsize / volblocksize", "compression", "sync", "ARC before → after the drop"],
    rows: runs.map((run) => {
      const dataset = run.zfs?.dataset;
      const block = dataset?.recordsize ?? dataset?.volblocksize;
      const arc = run.zfs?.arcBytes;
      return [
        scenarioLabel(run),
        dataset ? `${dataset.name}${dataset.type ? ` (${dataset.type === "volume" ? "zvol" : "dataset"})` : ""}` : "-",
        dataset?.direct ?? "-",
        block !== undefined ? formatShortSize(block) : "-",
        dataset?.compression ?? "-",
        dataset?.sync ?? "-",
        arc ? `${mib(arc.before)} → ${mib(arc.after)}` : "-",
      ];
    }),
    rowKeys: runs.map((run) => run.name),
    note:
      "With OpenZFS 2.3 and direct=standard, O_DIRECT on a dataset (cache=none) is honoured only for I/O aligned to the recordsize: " +
      "smaller blocks go through the ARC (rule direct-io-aligned-only). A zvol has no direct property: its I/O goes through the ARC whatever the cache mode. " +
      "The ARC can only be shrunk to its minimum, not emptied, without exporting the pool.",
  };
}
