/**
 * The rules are judged once per scenario, by the study's expansion; the verdict travels with the
 * scenario into its stack, which reports it, and the constructs in the stack do not judge again.
 */
import { Testing } from "../../constructs/core/cdktf";
import { RuleVerdict } from "../../constructs/rules/rule-verdict";
import { WarningCollector } from "../../constructs/rules/rule-warnings";
import { buildStudyApp } from "../../stacks/app";
import { ScenarioStack } from "../../stacks/scenario-stack";
import { loadStudy, planWarnings, type Scenario } from "../../study";
import type { RuleFinding } from "../../domain/rules";

const SEED = loadStudy("scenarios/seed.yaml");
const seedPlan = SEED.plan!;
const scenario = (name: string): Scenario => seedPlan.scenarios.find((s) => s.name === name)!;

function stackFor(given: Scenario): { stack: ScenarioStack; warnings: WarningCollector } {
  const app = Testing.app();
  const warnings = WarningCollector.attach(app);
  const stack = new ScenarioStack(app, { scenario: given, studyName: "seed-study", devices: seedPlan.study.devices, resultsDir: "/results/seed-study" });
  return { stack, warnings };
}

describe("the rules' verdict on a scenario", () => {
  it("is what a study's synth reports: the plan's findings, scenario by scenario, and nothing the constructs judged again", () => {
    const app = Testing.app();
    const built = buildStudyApp(app, { KVMBENCH_RESULTS: "/results/seed-study" });
    app.synth();
    const reported = built.warnings.warnings.map((w) => ({ scenario: w.stack, finding: w.finding }));
    expect(reported).toEqual(planWarnings(seedPlan.scenarios));
    expect(reported.length).toBeGreaterThan(0);
  });

  it("travels into the stack: the constructs judge nothing of their own", () => {
    // zfs-qcow2-writeback-virtio: writeback (volatile-cache) on a preallocated image on ZFS (preallocation-on-zfs)
    const given = scenario("zfs-qcow2-writeback-virtio");
    expect(given.warnings.map((w) => w.rule).sort()).toEqual(["preallocation-on-zfs", "volatile-cache"]);
    const { stack, warnings } = stackFor({ ...given, warnings: [] });
    Testing.synth(stack, true);
    expect(warnings.warnings).toEqual([]);
    expect(RuleVerdict.of(stack.disk)?.findings).toEqual([]);
  });

  it("is reported once, about the scenario", () => {
    const given = scenario("zfs-qcow2-writeback-virtio");
    const { stack, warnings } = stackFor(given);
    Testing.synth(stack, true);
    expect(warnings.warnings.map((w) => ({ stack: w.stack, subject: w.subject, rule: w.finding.rule }))).toEqual(
      given.warnings.map((w) => ({ stack: "zfs-qcow2-writeback-virtio", subject: 'scenario "zfs-qcow2-writeback-virtio"', rule: w.rule })),
    );
  });

  it("fails the stack's validation with an error it holds, naming the scenario and the fix", () => {
    const error: RuleFinding = { level: "error", rule: "ide-needs-pc", message: "bus=ide on machine=q35: only the pc (i440fx) machine has an IDE controller", fix: "use machine=pc for IDE disks" };
    const { stack } = stackFor({ ...scenario("raw-none-virtio"), warnings: [error] });
    expect(() => Testing.synth(stack, true)).toThrow('scenario "raw-none-virtio": bus=ide on machine=q35: only the pc (i440fx) machine has an IDE controller. Fix: use machine=pc for IDE disks.');
  });

  it("is given once per stack", () => {
    const { stack } = stackFor(scenario("raw-none-virtio"));
    expect(() => RuleVerdict.give(stack, "again", [])).toThrow("stack raw-none-virtio already has its rules' verdict");
  });
});
