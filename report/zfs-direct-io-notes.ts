/**
 * The notes on O_DIRECT on ZFS datasets (results/zfs-direct-io.ts): scenarios whose cache=none
 * or directsync did not keep their I/O out of the ARC, what that does to their figures and what
 * to change. What OpenZFS does is zfsprops(7)'s `direct` property.
 */
import { formatShortSize } from "../domain/size";
import { testLabel } from "../results/benchmark-tests";
import type { StudyResults } from "../results/study-results";
import { zfsODirectFindings, type DatasetUnderDisk, type ZfsODirectFinding } from "../results/zfs-direct-io";
import type { AssessmentNote } from "./assessment-note";

/** "2.3.2-1" whether the host recorded it from /sys/module/zfs/version or from `zfs version` ("zfs-2.3.2-1"). */
function openZfsText(version: string): string {
  return version.replace(/^zfs-/, "");
}

/** "tank/images (recordsize 128K, direct=standard, OpenZFS 2.3.2-1)". */
function datasetText(dataset: DatasetUnderDisk, withRecordsize: boolean): string {
  const facts = [
    ...(withRecordsize && dataset.recordsizeBytes !== undefined ? [`recordsize ${formatShortSize(dataset.recordsizeBytes)}`] : []),
    ...(dataset.direct !== undefined ? [`direct=${dataset.direct}`] : []),
    ...(dataset.openZfs !== undefined ? [`OpenZFS ${openZfsText(dataset.openZfs)}`] : []),
  ];
  const source = dataset.source === "study" ? "; as the study declared them, the result file records no dataset" : "";
  return `${dataset.name ?? "a ZFS dataset"} (${facts.join(", ")}${source})`;
}

function item(finding: ZfsODirectFinding, what: string, withRecordsize: boolean): string {
  return `${finding.scenario}: cache=${finding.cache} on ${datasetText(finding.dataset, withRecordsize)}: ${what}`;
}

/** The notes, at most two (O_DIRECT ignored; small writes through the ARC); none when nothing is concerned. */
export function zfsODirectNotes(study: StudyResults): AssessmentNote[] {
  const findings = zfsODirectFindings(study);
  const notes: AssessmentNote[] = [];
  const ignored = findings.flatMap((finding) => (finding.outcome.kind === "ignored" ? [{ finding, because: finding.outcome.because }] : []));
  if (ignored.length > 0) {
    notes.push({
      text:
        "ZFS ignored O_DIRECT: QEMU opens these scenarios' image with O_DIRECT (cache=none, directsync), but OpenZFS before 2.3 accepts O_DIRECT on a dataset and ignores it, " +
        "and so does 2.3 or later on a dataset with direct=disabled. Every read and write went through the ARC as buffered I/O: read all their figures as cached, not as the disks'. " +
        "For direct I/O on a dataset, run OpenZFS 2.3 or later with direct=standard, the default (zfs set direct=standard pool/dataset); even then, writes smaller than the recordsize go through the ARC.",
      items: ignored.map(({ finding, because }) =>
        item(finding, because === "direct-disabled" ? "the dataset ignores O_DIRECT, every test went through the ARC" : "OpenZFS before 2.3 ignores O_DIRECT on datasets, every test went through the ARC", false),
      ),
    });
  }
  const partial = findings.flatMap((finding) => (finding.outcome.kind === "whole-records-only" ? [{ finding, tests: finding.outcome.bufferedTests }] : []));
  if (partial.length > 0) {
    notes.push({
      text:
        "Small writes went through the ZFS ARC despite O_DIRECT: QEMU opens the image with O_DIRECT under cache=none and directsync, and from OpenZFS 2.3 a dataset writes an O_DIRECT request " +
        "straight to the disks only for the whole records (of its recordsize) the request covers; the rest goes through the ARC like a buffered write, without an error " +
        "(the pool's direct_write_count in /proc/spl/kstat/zfs/POOL/iostats does not count it). So the write tests below, whose blocks are smaller than the recordsize, " +
        "measured ZFS's buffered write path despite cache=none or directsync, not the disks: read those figures as cached. " +
        "Reads have no such limit: an O_DIRECT read of any size bypasses the ARC (reading whole records from the disks). " +
        "To measure small writes direct, put the image on a dataset whose recordsize is no larger than the guest's block size (recordsize: 4K on the study's dataset, " +
        "or zfs set recordsize=4K before the image is created, as it applies only to files created afterwards; small records cost compression and metadata). " +
        "direct=always does not help: it makes aligned I/O direct even without O_DIRECT, but unaligned writes still go through the ARC. " +
        "Nor does a zvol: OpenZFS has no Direct I/O on zvols, their blocks go through the ARC whatever the cache mode.",
      items: partial.map(({ finding, tests }) => item(finding, `${tests.map(testLabel).join(", ")} went through the ARC`, true)),
    });
  }
  return notes;
}
