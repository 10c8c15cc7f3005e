import { describeScenarioSet, groupByRule, loadStudy, planWarnings } from "../../study";
import { SEED_PATH } from "./support";

const plan = loadStudy(SEED_PATH).plan!;
const names = (filter: (name: string) => boolean) => plan.scenarios.map((s) => s.name).filter(filter);

describe("naming a set of scenarios briefly", () => {
  it("by the one or two axes whose values they share, and no other scenario has", () => {
    expect(describeScenarioSet(names((n) => n.includes("-writeback-")), plan.scenarios)).toBe("16 scenarios with cache=writeback");
    expect(describeScenarioSet(names((n) => n.startsWith("zfs-qcow2-")), plan.scenarios)).toBe("6 scenarios with storage=zfs-qcow2");
    expect(describeScenarioSet(names((n) => /-(writeback|none)-ide$/.test(n)), plan.scenarios)).toBe("14 scenarios with cache=none or writeback and bus=ide");
    expect(describeScenarioSet(names(() => true), plan.scenarios)).toBe("all 44 scenarios");
  });

  it("by name otherwise: two or fewer in full, else four and a count", () => {
    expect(describeScenarioSet(["raw-none-ide", "lvm-none-virtio"], plan.scenarios)).toBe("raw-none-ide, lvm-none-virtio");
    expect(describeScenarioSet(["raw-none-ide", "lvm-none-virtio", "zvol-writeback-ide", "xfs-qcow2-none-ide", "raw-writeback-virtio"], plan.scenarios)).toBe(
      "5 scenarios: raw-none-ide, lvm-none-virtio, zvol-writeback-ide, xfs-qcow2-none-ide and 1 more",
    );
  });
});

describe("grouping warnings by rule", () => {
  it("gives each rule once, with every scenario and each distinct message, disk rules before storage rules", () => {
    const groups = groupByRule(planWarnings(plan.scenarios));
    expect(groups.map((g) => [g.rule, g.scenarios.length, g.messages.length])).toEqual([
      ["direct-io-aligned-only", 2, 1],
      ["volatile-cache", 16, 1],
      ["preallocation-on-zfs", 7, 1],
    ]);
  });
});
