/**
 * The note on O_DIRECT on ZFS datasets, on scenarios chosen by hand: which scenarios it names,
 * which tests, and from which facts (the host's record, else the study's). The same from result
 * files through the whole report: zfs-direct-io-report.test.ts.
 */
import { zfsDatasetDirectIo } from "../../domain/direct-io";
import { TEST_IDS, type TestId } from "../../results/benchmark-tests";
import type { ZfsDatasetFacts } from "../../results/result-file";
import type { ScenarioResults } from "../../results/scenario-results";
import type { StudyResults } from "../../results/study-results";
import { zfsODirectFindings } from "../../results/zfs-direct-io";
import { assessmentNotes } from "../../report/assessment-notes";
import { zfsODirectNotes } from "../../report/zfs-direct-io-notes";
import { handMadeScenario } from "../support/hand-made-results";

const KiB = 1024;
const everyTest = Object.fromEntries(TEST_IDS.map((test) => [test, [100, 110]])) as Record<TestId, number[]>;
const baseline = handMadeScenario("baseline", everyTest, { kind: "baseline" });
const images: ZfsDatasetFacts = { name: "tank/images", type: "filesystem", direct: "standard", recordsize: 128 * KiB, compression: "off", sync: "standard" };
/** What the runner writes of an hdtune scenario (the rest of its configuration does not matter here). */
const hdtune = { benchmark: { profile: "hdtune" } };

/** A zfs-qcow2 scenario of `cache` whose host recorded `dataset` and OpenZFS `version`. */
function onDataset(cache: string, dataset: ZfsDatasetFacts | undefined, version: string | undefined, extra: Partial<ScenarioResults> = {}): ScenarioResults {
  return handMadeScenario(`zfs-qcow2-${cache}-virtio`, everyTest, {
    settings: { storage: "zfs-qcow2", cache, bus: "virtio" },
    configuration: hdtune,
    provenance: version === undefined ? {} : { zfs: version },
    ...(dataset ? { zfs: { dataset } } : {}),
    ...extra,
  });
}

function study(...scenarios: ScenarioResults[]): StudyResults {
  return { baseline, scenarios, warnings: [] };
}

describe("O_DIRECT on a ZFS dataset from OpenZFS 2.3 (whole records only)", () => {
  it("names, per scenario opened with O_DIRECT, the write tests whose blocks are smaller than the recordsize", () => {
    const results = study(onDataset("none", images, "2.3.2-1"), onDataset("directsync", { ...images, recordsize: 4 * KiB }, "2.3.2-1"), onDataset("writeback", images, "2.3.2-1"));
    expect(zfsODirectFindings(results).map((f) => [f.scenario, f.cache, f.outcome])).toEqual([
      ["zfs-qcow2-none-virtio", "none", { kind: "whole-records-only", bufferedTests: ["rand-write-4k", "rand-write-512", "rand-write-64k"] }],
      ["zfs-qcow2-directsync-virtio", "directsync", { kind: "whole-records-only", bufferedTests: ["rand-write-512"] }],
    ]);
    const [note, ...others] = zfsODirectNotes(results);
    expect(others).toEqual([]);
    expect(note?.text).toMatch(/^Small writes went through the ZFS ARC despite O_DIRECT: .* from OpenZFS 2\.3 a dataset writes an O_DIRECT request straight to the disks only for the whole records/);
    expect(note?.text).toContain("read those figures as cached");
    expect(note?.items).toEqual([
      "zfs-qcow2-none-virtio: cache=none on tank/images (recordsize 128K, direct=standard, OpenZFS 2.3.2-1): Random write 4 KiB, Random write 512 B, Random write 64 KiB went through the ARC",
      "zfs-qcow2-directsync-virtio: cache=directsync on tank/images (recordsize 4K, direct=standard, OpenZFS 2.3.2-1): Random write 512 B went through the ARC",
    ]);
  });

  it("counts the sequential tests at the block size of the study's profile", () => {
    const [finding] = zfsODirectFindings(study(onDataset("none", { ...images, recordsize: 4096 * KiB }, "2.3.2")));
    expect(finding?.outcome).toEqual({ kind: "whole-records-only", bufferedTests: ["seq-write", "rand-write-4k", "rand-write-512", "rand-write-64k", "rand-write-1m"] });
    // without a known profile the sequential tests' block size is unknown: they are left out
    const [unknown] = zfsODirectFindings(study(onDataset("none", { ...images, recordsize: 4096 * KiB }, "2.3.2", { configuration: {} })));
    expect(unknown?.outcome).toEqual({ kind: "whole-records-only", bufferedTests: ["rand-write-4k", "rand-write-512", "rand-write-64k", "rand-write-1m"] });
  });

  it("says the same with direct=always, which makes no unaligned write direct", () => {
    const [note] = zfsODirectNotes(study(onDataset("none", { ...images, direct: "always" }, "2.3.2")));
    expect(note?.items).toEqual(["zfs-qcow2-none-virtio: cache=none on tank/images (recordsize 128K, direct=always, OpenZFS 2.3.2): Random write 4 KiB, Random write 512 B, Random write 64 KiB went through the ARC"]);
    expect(note?.text).toContain("direct=always does not help");
  });

  it("says nothing when no write test is smaller than the recordsize", () => {
    expect(zfsODirectNotes(study(onDataset("none", { ...images, recordsize: 512 }, "2.3.2")))).toEqual([]);
  });

  it("comes after the host-cache note and before the unstable tests in the report's notes", () => {
    const aboveBaseline = handMadeScenario("zfs-qcow2-none-virtio", { ...everyTest, "rand-write-4k": [300, 310] }, { settings: { cache: "none" }, configuration: hdtune, provenance: { zfs: "2.3.2" }, zfs: { dataset: images } });
    const unstable = handMadeScenario("raw-none-virtio", { ...everyTest, "seq-read": [50, 100, 150] });
    const notes = assessmentNotes(study(aboveBaseline, unstable)).map((n) => n.text.split(":")[0]);
    expect(notes).toEqual(["▲ Host cache in the loop", "Small writes went through the ZFS ARC despite O_DIRECT", "⚠ Unstable tests"]);
  });
});

describe("O_DIRECT ignored on a ZFS dataset", () => {
  it("with direct=disabled: every test went through the ARC", () => {
    const [note, ...others] = zfsODirectNotes(study(onDataset("none", { ...images, direct: "disabled" }, "2.3.2")));
    expect(others).toEqual([]);
    expect(note?.text).toMatch(/^ZFS ignored O_DIRECT: .*on a dataset with direct=disabled\. Every read and write went through the ARC/);
    expect(note?.text).toContain("zfs set direct=standard");
    expect(note?.items).toEqual(["zfs-qcow2-none-virtio: cache=none on tank/images (direct=disabled, OpenZFS 2.3.2): the dataset ignores O_DIRECT, every test went through the ARC"]);
  });

  it("before OpenZFS 2.3, whichever way the host wrote its version", () => {
    const { direct: _direct, ...withoutDirect } = images;
    const [note] = zfsODirectNotes(study(onDataset("directsync", withoutDirect, "zfs-2.2.6-1"), onDataset("none", withoutDirect, "2.1.11-1")));
    expect(note?.items).toEqual([
      "zfs-qcow2-directsync-virtio: cache=directsync on tank/images (OpenZFS 2.2.6-1): OpenZFS before 2.3 ignores O_DIRECT on datasets, every test went through the ARC",
      "zfs-qcow2-none-virtio: cache=none on tank/images (OpenZFS 2.1.11-1): OpenZFS before 2.3 ignores O_DIRECT on datasets, every test went through the ARC",
    ]);
  });

  it("comes with the whole-records note when both happened", () => {
    const notes = zfsODirectNotes(study(onDataset("none", images, "2.3.2"), onDataset("directsync", { ...images, direct: "disabled" }, "2.3.2")));
    expect(notes.map((n) => [n.text.split(":")[0], n.items.map((i) => i.split(":")[0])])).toEqual([
      ["ZFS ignored O_DIRECT", ["zfs-qcow2-directsync-virtio"]],
      ["Small writes went through the ZFS ARC despite O_DIRECT", ["zfs-qcow2-none-virtio"]],
    ]);
  });
});

describe("older result files, without the host's record of the dataset", () => {
  /** The configuration the runner wrote: the study's storage facts and host as it declared them. */
  function declared(openZfsVersion: string, directIo: unknown, medium = "file"): Record<string, unknown> {
    return { ...hdtune, host: { name: "host", openZfsVersion }, facts: { medium, format: "qcow2", filesystem: "zfs", onZfs: true, directIo } };
  }

  it("take the dataset, its recordsize and the OpenZFS version from the study, and say so", () => {
    const scenario = onDataset("none", undefined, undefined, { configuration: declared("2.3", zfsDatasetDirectIo("2.3", 64 * KiB)) });
    const [note] = zfsODirectNotes(study(scenario));
    expect(note?.items).toEqual([
      "zfs-qcow2-none-virtio: cache=none on a ZFS dataset (recordsize 64K, OpenZFS 2.3; as the study declared them, the result file records no dataset): Random write 4 KiB, Random write 512 B went through the ARC",
    ]);
  });

  it("prefer the OpenZFS version the host recorded to the one the study declared", () => {
    const scenario = onDataset("none", undefined, "2.2.6", { configuration: declared("2.3", zfsDatasetDirectIo("2.3")) });
    expect(zfsODirectFindings(study(scenario)).map((f) => f.outcome)).toEqual([{ kind: "ignored", because: "openzfs-before-2.3" }]);
  });

  it("say nothing when the study's facts do not put the disk in a dataset, or are missing", () => {
    expect(zfsODirectNotes(study(onDataset("none", undefined, "2.3.2", { configuration: declared("2.3", { support: "yes" }, "block") })))).toEqual([]);
    expect(zfsODirectNotes(study(onDataset("none", undefined, "2.3.2", { configuration: hdtune })))).toEqual([]);
  });
});

describe("nothing to say", () => {
  it("for a zvol, which is a block device, even when the study's facts say dataset", () => {
    const zvol: ZfsDatasetFacts = { name: "tank/vm", type: "volume", volblocksize: 16 * KiB, compression: "off", sync: "standard" };
    const configuration = { ...hdtune, host: { openZfsVersion: "2.3" }, facts: { medium: "file", filesystem: "zfs", directIo: zfsDatasetDirectIo("2.3") } };
    expect(zfsODirectFindings(study(onDataset("none", zvol, "2.3.2", { configuration })))).toEqual([]);
  });

  it("for cache modes without O_DIRECT, an unknown cache mode, or a dataset whose OpenZFS version nobody recorded", () => {
    const { direct: _direct, ...withoutDirect } = images;
    const noCache = onDataset("none", images, "2.3.2", { settings: { storage: "zfs-qcow2" } });
    expect(zfsODirectFindings(study(onDataset("writethrough", images, "2.3.2"), onDataset("unsafe", images, "2.3.2"), noCache, onDataset("none", withoutDirect, undefined)))).toEqual([]);
  });

  it("for the baseline", () => {
    const onZfs = handMadeScenario("baseline", everyTest, { kind: "baseline", settings: { cache: "none" }, provenance: { zfs: "2.3.2" }, zfs: { dataset: images } });
    expect(zfsODirectFindings({ baseline: onZfs, scenarios: [], warnings: [] })).toEqual([]);
  });
});
