/**
 * The verdict on figures chosen by hand: the seed's shape of answer (best overall, without ZFS, on
 * IDE, what to avoid and why), each threshold stated and changeable.
 */
import { scoreStudy } from "../../results/scoring";
import type { ScenarioResults } from "../../results/scenario-results";
import type { StudyResults } from "../../results/study-results";
import { DEFAULT_VERDICT_THRESHOLDS, deriveVerdict, isOnZfs } from "../../results/verdict";
import { renderSummaryMarkdown } from "../../report/summary-markdown";
import { scoresToJson } from "../../report/scores-json";
import { handMadeRepeats, scenarioOfRepeats } from "../support/hand-made-results";

const baseline = scenarioOfRepeats("baseline", handMadeRepeats({ "seq-read": [500], "rand-read-4k": [50], "seq-write": [400], "rand-write-4k": [40] }, { p999LatencyMs: 2, maxLatencyMs: 3 }), {
  kind: "baseline",
});

/** A scenario at `level` MB/s (± 2 % across three repeats), its 4 KiB random writes at `writes` of the bare device's, its write p99.9 `p999` ms. */
function scenario(name: string, settings: ScenarioResults["settings"], level: number, writes: number, p999: number, onZfs: boolean, extra: Partial<ScenarioResults> = {}): ScenarioResults {
  const three = (value: number) => [value * 0.98, value, value * 1.02];
  return scenarioOfRepeats(
    name,
    handMadeRepeats({ "seq-read": three(level), "rand-read-4k": three(level / 10), "seq-write": three(level), "rand-write-4k": three(40 * writes) }, { p999LatencyMs: p999, maxLatencyMs: p999 * 2 }),
    { settings, configuration: { facts: { onZfs } }, ...extra },
  );
}

const scenarios = [
  scenario("zvol-ext4-qcow2-writeback-virtio", { storage: "zvol-ext4-qcow2", cache: "writeback", bus: "virtio" }, 480, 0.9, 5, true),
  scenario("xfs-qcow2-writeback-virtio", { storage: "xfs-qcow2", cache: "writeback", bus: "virtio" }, 430, 0.8, 6, false),
  scenario("xfs-qcow2-none-virtio", { storage: "xfs-qcow2", cache: "none", bus: "virtio" }, 380, 0.7, 8, false),
  scenario("raw-none-ide", { storage: "raw", cache: "none", bus: "ide" }, 250, 0.5, 9, false),
  scenario("raw-writethrough-ide", { storage: "raw", cache: "writethrough", bus: "ide" }, 200, 0.05, 2500, false),
  scenario("zvol-writethrough-virtio", { storage: "zvol", cache: "writethrough", bus: "virtio" }, 220, 0.1, 3000, true),
];
const study: StudyResults = { baseline, scenarios, warnings: [] };

describe("the verdict", () => {
  const verdict = deriveVerdict(study, scoreStudy(study));

  it("names the best overall, without ZFS and on IDE by mean weighted r-w", () => {
    expect(verdict.picks.map((pick) => [pick.question, pick.winner.name, pick.candidates])).toEqual([
      ["overall", "zvol-ext4-qcow2-writeback-virtio", 6],
      ["without-zfs", "xfs-qcow2-writeback-virtio", 4],
      ["ide", "raw-none-ide", 2],
    ]);
    expect(verdict.picks.every((pick) => pick.tiedWith.length === 0)).toBe(true);
  });

  it("tells to avoid writethrough: slow small writes and stalls, with the figures", () => {
    expect(verdict.thresholds).toEqual(DEFAULT_VERDICT_THRESHOLDS);
    expect(verdict.avoidCaches).toEqual([
      {
        cache: "writethrough",
        scenarios: 2,
        slowWrites: { medianFraction: expect.closeTo(0.075, 6), fractions: [{ scenario: "raw-writethrough-ide", fraction: expect.closeTo(0.05, 6) }, { scenario: "zvol-writethrough-virtio", fraction: expect.closeTo(0.1, 6) }] },
        stalls: [
          { scenario: "raw-writethrough-ide", ms: 2500, test: "seq-write" },
          { scenario: "zvol-writethrough-virtio", ms: 3000, test: "seq-write" },
        ],
      },
    ]);
    expect(verdict.avoidScenarios).toEqual([]);
  });

  it("follows its thresholds: stricter ones find more to avoid, looser ones less", () => {
    const strict = deriveVerdict(study, scoreStudy(study), { slowWriteFraction: 0.65, stallMs: 7 });
    expect(strict.avoidCaches.map((mode) => [mode.cache, mode.slowWrites !== undefined, mode.stalls?.length])).toEqual([
      ["none", true, 2],
      ["writethrough", true, 2],
    ]);
    const loose = deriveVerdict(study, scoreStudy(study), { slowWriteFraction: 0.01, stallMs: 10_000 });
    expect(loose.avoidCaches).toEqual([]);
    expect(loose.avoidScenarios).toEqual([]);
  });

  it("avoids no cache mode for slow small writes when every mode has them, and says so; stalls still count", () => {
    const allSlow = [
      scenario("raw-none-virtio", { storage: "raw", cache: "none", bus: "virtio" }, 300, 0.05, 8, false),
      scenario("raw-writeback-virtio", { storage: "raw", cache: "writeback", bus: "virtio" }, 320, 0.1, 9, false),
      scenario("raw-writethrough-ide", { storage: "raw", cache: "writethrough", bus: "ide" }, 200, 0.02, 2500, false),
    ];
    const slowStudy: StudyResults = { baseline, scenarios: allSlow, warnings: [] };
    const found = deriveVerdict(slowStudy, scoreStudy(slowStudy));
    expect(found.slowWritesEverywhere).toEqual({
      modes: [
        { cache: "none", medianFraction: expect.closeTo(0.05, 6) },
        { cache: "writeback", medianFraction: expect.closeTo(0.1, 6) },
        { cache: "writethrough", medianFraction: expect.closeTo(0.02, 6) },
      ],
    });
    expect(found.avoidCaches).toEqual([{ cache: "writethrough", scenarios: 1, stalls: [{ scenario: "raw-writethrough-ide", ms: 2500, test: "seq-write" }] }]);
    const summary = renderSummaryMarkdown(slowStudy, scoreStudy(slowStudy));
    expect(summary).toContain("- **Slow small writes in every cache mode**: 4 KiB random writes run below 25 % of the bare device's in every cache mode tried (medians: none 5 %, writeback 10 %, writethrough 2 %).");
    expect(summary).not.toMatch(/\*\*Avoid cache=(none|writeback)\*\*/);
    expect(summary).toMatch(/\*\*Avoid cache=writethrough\*\*: 1 of its 1 scenarios stall/);
    expect(scoresToJson(scoreStudy(slowStudy), slowStudy).verdict).toMatchObject({
      avoidCaches: [{ cache: "writethrough", slowWritesMedianFraction: null }],
      slowWritesEverywhere: [{ cache: "none" }, { cache: "writeback" }, { cache: "writethrough" }],
    });
    // one mode above the threshold: the slow ones are avoided as before
    const oneFine: StudyResults = { baseline, scenarios: [...allSlow, scenario("raw-none-ide", { storage: "raw", cache: "none", bus: "ide" }, 250, 0.9, 9, false)], warnings: [] };
    const withFine = deriveVerdict(oneFine, scoreStudy(oneFine));
    expect(withFine.slowWritesEverywhere).toBeUndefined();
    expect(withFine.avoidCaches.map((mode) => [mode.cache, mode.slowWrites !== undefined])).toEqual([
      ["writeback", true],
      ["writethrough", true],
    ]);
    expect(verdict.slowWritesEverywhere).toBeUndefined();
  });

  it("names a stalling scenario on its own when its cache mode is otherwise fine", () => {
    const oneStall = [...scenarios.slice(0, 4), scenario("raw-none-virtio", { storage: "raw", cache: "none", bus: "virtio" }, 300, 0.6, 1800, false)];
    const mixed: StudyResults = { baseline, scenarios: oneStall, warnings: [] };
    const found = deriveVerdict(mixed, scoreStudy(mixed));
    expect(found.avoidCaches).toEqual([]);
    expect(found.avoidScenarios).toEqual([{ scenario: "raw-none-virtio", ms: 1800, test: "seq-write" }]);
  });

  it("keeps in mind what the report knows about the winners: cache in the loop, volatile writes", () => {
    // their sequential writes (480 and 430 MB/s) beat the bare device's 400
    expect(verdict.caveats).toEqual([
      { kind: "above-baseline", scenarios: ["zvol-ext4-qcow2-writeback-virtio", "xfs-qcow2-writeback-virtio"] },
      { kind: "volatile-cache", scenarios: ["zvol-ext4-qcow2-writeback-virtio", "xfs-qcow2-writeback-virtio"] },
    ]);
  });

  it("says when the winner is not ahead beyond the noise", () => {
    const twin = scenario("zvol-ext4-qcow2-writeback-ide", { storage: "zvol-ext4-qcow2", cache: "writeback", bus: "ide" }, 479, 0.9, 5, true);
    const withTwin: StudyResults = { baseline, scenarios: [...scenarios, twin], warnings: [] };
    const tied = deriveVerdict(withTwin, scoreStudy(withTwin));
    expect(tied.picks[0]?.tiedWith.map((score) => score.name)).toEqual(["zvol-ext4-qcow2-writeback-ide"]);
  });

  it("leaves TCG scenarios out when others ran under KVM, and judges a TCG-only study with that caveat", () => {
    const tcg = scenario("raw-writeback-virtio", { storage: "raw", cache: "writeback", bus: "virtio" }, 900, 1, 1, false, { accelerator: "tcg" });
    const mixed: StudyResults = { baseline, scenarios: [...scenarios, tcg], warnings: [] };
    const found = deriveVerdict(mixed, scoreStudy(mixed));
    expect(found.leftOutTcg).toEqual(["raw-writeback-virtio"]);
    expect(found.picks[0]?.winner.name).toBe("zvol-ext4-qcow2-writeback-virtio");
    const onlyTcg: StudyResults = { baseline, scenarios: [tcg], warnings: [] };
    expect(deriveVerdict(onlyTcg, scoreStudy(onlyTcg)).caveats).toEqual(expect.arrayContaining([{ kind: "tcg", scenarios: ["raw-writeback-virtio"] }]));
  });
});

describe("ZFS under a scenario", () => {
  it("is the configuration's facts.onZfs, else guessed from the storage name", () => {
    expect(isOnZfs(scenario("a", { storage: "tank" }, 1, 1, 1, true))).toBe(true);
    expect(isOnZfs(scenarioOfRepeats("zvol-none-virtio", [], { settings: { storage: "zvol" } }))).toBe(true);
    expect(isOnZfs(scenarioOfRepeats("xfs-qcow2-none-virtio", [], { settings: { storage: "xfs-qcow2" } }))).toBe(false);
  });
});
