/**
 * The report's judgements on figures chosen by hand: above the baseline, unstable repeats, TCG
 * results and steady state. (The same on real fio output: honest-report-for-real.test.ts.)
 */
import { isUnstable, testsAboveBaseline, unstableTests, UNSTABLE_CV_THRESHOLD } from "../../results/assessment";
import { acceleratorOf } from "../../results/scenario-results";
import { scoreStudy } from "../../results/scoring";
import type { StudyResults } from "../../results/study-results";
import { renderSummaryMarkdown } from "../../report/summary-markdown";
import { scoresToJson } from "../../report/scores-json";
import { handMadeScenario } from "../support/hand-made-results";

const scenario = handMadeScenario;

const baseline = scenario("baseline", { "seq-read": [500], "seq-write": [400], "rand-read-4k": [40], "rand-write-4k": [30] }, { kind: "baseline" });

describe("figures above the bare-metal baseline", () => {
  const buffered = scenario("ext4-qcow2-writeback-virtio", { "seq-read": [480, 490, 500], "seq-write": [1180, 1200, 1210], "rand-read-4k": [38, 39, 40], "rand-write-4k": [95, 90, 91] });
  const study: StudyResults = { baseline, scenarios: [buffered], warnings: [] };

  it("are the scenario tests whose median beats the baseline's, with the ratio", () => {
    expect(testsAboveBaseline(study)).toEqual([
      { scenario: buffered.name, test: "seq-write", median: 1200, baseline: 400, ratio: 3 },
      { scenario: buffered.name, test: "rand-write-4k", median: 91, baseline: 30, ratio: 91 / 30 },
    ]);
  });

  it("are marked ▲ in the tables and explained, scenario by scenario, before the numbers", () => {
    const markdown = renderSummaryMarkdown(study, scoreStudy(study));
    const before = markdown.split("## Before you read the numbers")[1]?.split("## Top 5")[0] ?? "";
    expect(before).toContain("Host cache in the loop");
    expect(before).toContain(`  - ${buffered.name}: Sequential write 1200 MB/s, 3× the bare device; Random write 4 KiB 91.0 MB/s, 3.03× the bare device`);
    expect(markdown).toMatch(/\| ext4-qcow2-writeback-virtio \| 490 \(480–500\) \| 1200 \(1180–1210\) ▲ \| 39\.0 \(38\.0–40\.0\) \| 91\.0 \(90\.0–95\.0\) ▲ \|/);
    // the weighted write (a score) beats the baseline's too; the weighted read does not
    const allScores = markdown.split("## All scenarios")[1] ?? "";
    // with the half-width of each score's 95 % interval over the three repeats
    expect(allScores).toMatch(/\| ext4-qcow2-writeback-virtio \|( – \|){3} default \| 489 ± [\d.]+ \| 1207 ▲ ± [\d.]+ \| 848 ▲ ± [\d.]+ \|/);
    expect(scoresToJson(scoreStudy(study), study).aboveBaseline).toHaveLength(2);
  });
});

describe("unstable tests", () => {
  // CVs: seq-read 0 (all equal); seq-write 10/400 = 2.5 %; rand-read-4k (20, 30, 40): 10/30 = 33 %
  const noisy = scenario("zvol-writeback-ide", { "seq-read": [400, 400, 400], "seq-write": [390, 400, 410], "rand-read-4k": [20, 30, 40], "rand-write-4k": [25] });
  const study: StudyResults = { baseline, scenarios: [noisy], warnings: [] };

  it("are the tests whose repeats' coefficient of variation is over the threshold", () => {
    expect(UNSTABLE_CV_THRESHOLD).toBe(0.1);
    expect(unstableTests(study)).toEqual([{ scenario: noisy.name, test: "rand-read-4k", cv: expect.closeTo(1 / 3, 10), repeats: 3, min: 20, max: 40 }]);
    expect(isUnstable(noisy.tests.get("seq-write"))).toBe(false);
    expect(isUnstable(noisy.tests.get("rand-write-4k"))).toBe(false); // one repeat: no spread to judge
  });

  it("are marked with their CV next to the spread, and listed", () => {
    const markdown = renderSummaryMarkdown(study, scoreStudy(study));
    expect(markdown).toContain("| 30.0 (20.0–40.0) ⚠ CV 33% |");
    expect(markdown).toContain(`  - ${noisy.name}: Random read 4 KiB CV 33% (20.0–40.0 MB/s over 3 repeats)`);
  });
});

describe("results from a TCG host", () => {
  it("read the accelerator from the configuration's host, kvm when absent", () => {
    expect(acceleratorOf({ host: { name: "ci", accelerator: "tcg" } })).toBe("tcg");
    expect(acceleratorOf({ host: { name: "kvm1" } })).toBe("kvm");
    expect(acceleratorOf({})).toBe("kvm");
    expect(acceleratorOf({ host: "not an object" })).toBe("kvm");
  });

  it("are labelled not comparable wherever they appear", () => {
    const tcg = scenario("raw-none-virtio", { "seq-read": [50], "seq-write": [40], "rand-read-4k": [4], "rand-write-4k": [3] }, { accelerator: "tcg" });
    const kvm = scenario("raw-none-ide", { "seq-read": [400], "seq-write": [300], "rand-read-4k": [30], "rand-write-4k": [20] });
    const study: StudyResults = { baseline, scenarios: [tcg, kvm], warnings: [] };
    const markdown = renderSummaryMarkdown(study, scoreStudy(study));
    expect(markdown).toContain("[TCG: not comparable] 1 of 2 scenarios ran on a host without KVM");
    // Table cells are escaped as a whole: the brackets render as brackets, not as a link.
    expect(markdown).toContain("| raw-none-virtio \\[TCG: not comparable\\] |");
    expect(markdown).not.toContain("raw-none-ide [TCG");
    expect(scoresToJson(scoreStudy(study), study).scenarios.map((s) => [s.name, s.accelerator])).toEqual([
      ["raw-none-virtio", "tcg"],
      ["raw-none-ide", "kvm"],
    ]);
  });
});

describe("steady state", () => {
  it("is shown per test as steady repeats and run time, only when the results ran with it", () => {
    const plain = scenario("raw-none-virtio", { "seq-read": [400], "seq-write": [300], "rand-read-4k": [30], "rand-write-4k": [20] });
    expect(renderSummaryMarkdown({ baseline, scenarios: [plain], warnings: [] }, scoreStudy({ baseline, scenarios: [plain], warnings: [] }))).not.toContain("## Steady state");
    const steady = scenario("raw-none-virtio", { "seq-read": [400, 410], "seq-write": [300, 300], "rand-read-4k": [30, 30], "rand-write-4k": [20, 20] }, {}, {
      seconds: 16,
      steadyState: { attained: true, criterion: "bw_slope:1.000000%" },
    });
    const study: StudyResults = { baseline, scenarios: [steady], warnings: [] };
    const markdown = renderSummaryMarkdown(study, scoreStudy(study));
    expect(markdown).toContain("## Steady state (repeats that ended steady, and how long the test ran)");
    expect(markdown).toContain("| raw-none-virtio | 2/2 steady, 16 s | 2/2 steady, 16 s | 2/2 steady, 16 s | 2/2 steady, 16 s |");
    expect(markdown).toContain("| baseline (bare device) | – | – | – | – |");
  });
});
