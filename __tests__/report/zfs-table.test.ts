/** The report's ZFS table: each run that recorded ZFS, with the properties and the ARC around the drop. */
import { reportContent } from "../../report/report-content";
import { renderSummaryMarkdown } from "../../report/summary-markdown";
import { zfsTable } from "../../report/zfs-table";
import { scoreStudy } from "../../results/scoring";
import type { StudyResults } from "../../results/study-results";
import { handMadeScenario } from "../support/hand-made-results";

const figures = { "seq-read": [500], "seq-write": [400], "rand-read-4k": [40], "rand-write-4k": [30] };
const baseline = handMadeScenario("baseline", figures, { kind: "baseline" });
const MiB = 1024 * 1024;

describe("the ZFS table", () => {
  it("is left out when no run recorded ZFS", () => {
    expect(zfsTable({ baseline, scenarios: [handMadeScenario("raw-none-virtio", figures)], warnings: [] })).toBeUndefined();
  });

  it("shows each ZFS run's dataset or zvol, its properties and the ARC before and after the drop, with the O_DIRECT note", () => {
    const study: StudyResults = {
      baseline,
      scenarios: [
        handMadeScenario("raw-none-virtio", figures),
        handMadeScenario("zvol-none-virtio", figures, {
          zfs: { dataset: { name: "kvmbench-zvol/vm", type: "volume", volblocksize: 16384, compression: "off", sync: "standard" }, arcBytes: { before: 512 * MiB, after: 65 * MiB } },
        }),
        handMadeScenario("zfs-qcow2-none-virtio", figures, {
          zfs: { dataset: { name: "tank/images", type: "filesystem", direct: "standard", recordsize: 131072, compression: "off", sync: "standard" } },
        }),
      ],
      warnings: [],
    };
    const table = zfsTable(study);
    expect(table?.rows).toEqual([
      ["zvol-none-virtio", "kvmbench-zvol/vm (zvol)", "-", "16K", "off", "standard", "512.0 MiB → 65.0 MiB"],
      ["zfs-qcow2-none-virtio", "tank/images (dataset)", "standard", "128K", "off", "standard", "-"],
    ]);
    expect(table?.note).toMatch(/honoured only for I\/O aligned to the recordsize/);
    const scores = scoreStudy(study);
    expect(reportContent(study, scores).tables.zfs).toEqual(table);
    expect(renderSummaryMarkdown(study, scores)).toContain("## ZFS under the disk");
  });
});
