/**
 * The note on O_DIRECT on ZFS datasets through the whole report: result files as the runner writes
 * them for a study with qcow2 in a dataset beside a zvol (fixtures/studies/zfs-dataset.yaml), each
 * with the real fio's output; the host's facts record the dataset or zvol under the disk as
 * host-facts.sh writes them, except in one older file that records none. summary.md and
 * report.html name the scenarios concerned with their recordsize and tests, and no other.
 */
import { join } from "node:path";
import { loadStudy } from "../../study";
import { scenarioConfiguration } from "../../stacks/scenario-stack";
import { loadResultsDirectory } from "../../results/load-results-directory";
import type { BenchmarkRun, HostFacts } from "../../results/result-file";
import { scoreStudy } from "../../results/scoring";
import { escapeHtml } from "../../report/html-escape";
import { renderHtmlReport } from "../../report/html-report";
import { NOTES_SECTION } from "../../report/report-content";
import { renderSummaryMarkdown } from "../../report/summary-markdown";
import { freshDirectory, runFio, writeResultFile } from "../fixtures/results/fio-study";

jest.setTimeout(120_000);

const STUDY = join(__dirname, "..", "fixtures", "studies", "zfs-dataset.yaml");
const OLDER_FILE = "zfs-qcow2-directsync-virtio";

/** host-facts.sh's record on an OpenZFS 2.3.2 host: the zvol, or the dataset holding the images. */
function hostFacts(scenario: string): HostFacts {
  const common = { hostname: "kvm1", zfs: "2.3.2-1" };
  if (scenario.startsWith("zvol-")) return { ...common, zfsDataset: { name: "kvmbench-zvol/vm", type: "volume", volblocksize: 16384, compression: "off", sync: "standard" } };
  return { ...common, zfsDataset: { name: "kvmbench-zfs-qcow2/kvm_images", type: "filesystem", direct: "standard", recordsize: 131072, compression: "off", sync: "standard" } };
}

let markdown: string;
let notes: string;
let html: string;

beforeAll(async () => {
  const { plan, errors } = loadStudy(STUDY);
  if (!plan?.baseline) throw new Error(`the study does not load: ${JSON.stringify(errors)}`);
  const directory = freshDirectory("zfs-direct-io");
  const output = JSON.parse(await runFio(join(freshDirectory("fio-out"), "run.json"))) as unknown;
  const runs: BenchmarkRun[] = [1, 2].map((repeat) => ({ repeat, tool: "fio", output }));
  writeResultFile(directory, "baseline", "baseline", { device: plan.baseline.device, host: plan.baseline.host }, runs.slice(0, 1));
  for (const scenario of plan.scenarios) {
    writeResultFile(directory, scenario.name, "scenario", scenarioConfiguration(scenario), runs, scenario.name === OLDER_FILE ? {} : { host: hostFacts(scenario.name) });
  }
  const study = loadResultsDirectory(directory);
  expect(study.scenarios.map((s) => s.name).sort()).toEqual(plan.scenarios.map((s) => s.name).sort());
  const scores = scoreStudy(study);
  markdown = renderSummaryMarkdown(study, scores);
  notes = markdown.split(`## ${NOTES_SECTION.title}`)[1]?.split("\n## ")[0] ?? "";
  html = renderHtmlReport(study, scores);
});

const SMALL_WRITES = "Random write 4 KiB, Random write 512 B, Random write 64 KiB went through the ARC";

describe("the report of a study with qcow2 in a ZFS dataset on OpenZFS 2.3", () => {
  it("says before the numbers that small writes under cache=none and directsync went through the ARC", () => {
    expect(notes).toContain("- Small writes went through the ZFS ARC despite O_DIRECT: QEMU opens the image with O_DIRECT under cache=none and directsync");
    expect(notes).toContain(`  - zfs-qcow2-none-virtio: cache=none on kvmbench-zfs-qcow2/kvm\\_images (recordsize 128K, direct=standard, OpenZFS 2.3.2-1): ${SMALL_WRITES}\n`);
  });

  it("takes an older result file's dataset from the study's facts, and says so", () => {
    expect(notes).toContain(
      `  - ${OLDER_FILE}: cache=directsync on a ZFS dataset (recordsize 128K, OpenZFS 2.3; as the study declared them, the result file records no dataset): ${SMALL_WRITES}\n`,
    );
  });

  it("names neither the writeback scenario nor the zvols", () => {
    const named = notes.split("\n").filter((line) => line.startsWith("  - ")).map((line) => line.slice(4).split(":")[0]);
    expect(named.sort()).toEqual(["zfs-qcow2-directsync-virtio", "zfs-qcow2-none-virtio"]);
  });

  it("says the same in report.html", () => {
    const section = html.split(`<section id="${NOTES_SECTION.id}"`)[1]?.split("</section>")[0] ?? "";
    expect(section).toContain("<li>Small writes went through the ZFS ARC despite O_DIRECT: QEMU opens the image");
    expect(section).toContain(`<li>${escapeHtml(`zfs-qcow2-none-virtio: cache=none on kvmbench-zfs-qcow2/kvm_images (recordsize 128K, direct=standard, OpenZFS 2.3.2-1): ${SMALL_WRITES}`)}</li>`);
    expect(section).toContain(`<li>${escapeHtml(`${OLDER_FILE}: cache=directsync on a ZFS dataset`)}`);
    expect(section).not.toContain("zvol-none-virtio");
  });
});
