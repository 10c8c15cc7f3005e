import { expandStudy, formatErrors, loadStudy, parseStudy, scenarioName } from "../../study";
import { fixturePath, minimalStudy } from "./support";

const STACK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

describe("naming", () => {
  it("is <storage>-<cache>-<bus>, with -<io> when the io axis is used", () => {
    expect(scenarioName("xfs-qcow2", "writeback", "virtio")).toBe("xfs-qcow2-writeback-virtio");
    expect(scenarioName("zvol", "none", "virtio-scsi", "io_uring")).toBe("zvol-none-virtio-scsi-io_uring");
  });

  it("gives every matrix scenario a valid, unique stack id", () => {
    const plan = loadStudy(fixturePath("old-zfs.yaml")).plan!;
    const names = plan.scenarios.map((s) => s.name);
    expect(names).toEqual(["zvol-none-virtio-native", "zvol-none-virtio-threads", "zvol-writeback-virtio-threads", "zfs-qcow2-writeback-virtio-threads"]);
    for (const name of names) expect(name).toMatch(STACK_ID);
    expect(new Set(names).size).toBe(names.length);
  });

  it("uses an explicit scenario's name, else the combination's name with its io", () => {
    const plan = parseStudy(
      minimalStudy(`scenarios:
  - { storage: raw, cache: none, bus: virtio, io: native, name: prod-like }
  - { storage: raw, cache: directsync, bus: sata, io: native }
  - { storage: raw, cache: writethrough, bus: ide }`),
      "t.yaml",
    ).plan!;
    expect(plan.scenarios.map((s) => [s.name, s.origin])).toEqual([
      ["prod-like", "explicit"],
      ["raw-directsync-sata-native", "explicit"],
      ["raw-writethrough-ide", "explicit"],
    ]);
    expect(plan.scenarios[0].at).toEqual({ file: "t.yaml", line: 10, column: 5 });
  });

  it("rejects a scenario name that is not a valid stack id", () => {
    const result = parseStudy(minimalStudy("scenarios: [{ storage: raw, cache: none, bus: virtio, name: 'prod like*' }]"), "t.yaml");
    expect(result.errors).toMatchObject([{ line: 9, column: 61, path: "scenarios[0].name", message: '"prod like*" cannot be a stack name' }]);
  });
});

describe("machine", () => {
  const machines = (extra: string): [string, string][] =>
    parseStudy(minimalStudy(extra), "t.yaml").plan!.scenarios.map((s) => [s.name, s.attachment.machine]);

  it("is one machine for the whole study: pc on every scenario when any uses IDE, else q35", () => {
    expect(machines("matrix: { storage: [raw], cache: [none], bus: [virtio, sata, ide] }")).toEqual([
      ["raw-none-virtio", "pc"],
      ["raw-none-sata", "pc"],
      ["raw-none-ide", "pc"],
    ]);
    expect(machines("matrix: { storage: [raw], cache: [none], bus: [virtio, sata] }")).toEqual([
      ["raw-none-virtio", "q35"],
      ["raw-none-sata", "q35"],
    ]);
    // an explicit IDE scenario moves the matrix's scenarios to pc as well
    expect(machines("matrix: { storage: [raw], cache: [none], bus: [virtio] }\nscenarios: [{ storage: raw, cache: writeback, bus: ide }]")).toEqual([
      ["raw-none-virtio", "pc"],
      ["raw-writeback-ide", "pc"],
    ]);
  });

  it("keeps an explicit scenario's own machine", () => {
    expect(machines("scenarios: [{ storage: raw, cache: none, bus: virtio }, { storage: raw, cache: none, bus: sata, machine: q35 }, { storage: raw, cache: none, bus: ide }]")).toEqual([
      ["raw-none-virtio", "pc"],
      ["raw-none-sata", "q35"],
      ["raw-none-ide", "pc"],
    ]);
  });

  it("follows the guest's machine; ide on a q35 guest is excluded with its reason", () => {
    const text = minimalStudy("matrix: { storage: [raw], cache: [none], bus: [virtio, ide] }").replace("memory: 1GiB }", "memory: 1GiB, machine: q35 }");
    const plan = parseStudy(text, "t.yaml").plan!;
    expect(plan.scenarios.map((s) => s.name)).toEqual(["raw-none-virtio"]);
    expect(plan.excluded).toMatchObject([{ name: "raw-none-ide", attachment: { bus: "ide", machine: "q35" }, reasons: [{ rule: "ide-needs-pc" }] }]);
  });
});

describe("exclusions (old-zfs.yaml: OpenZFS 0.7, io axis)", () => {
  const plan = loadStudy(fixturePath("old-zfs.yaml")).plan!;

  it("leaves out zfs-qcow2 with cache=none and io=native with writeback, each with its reason", () => {
    expect(plan.excluded.map((e) => [e.name, e.reasons.map((r) => r.rule)])).toEqual([
      ["zvol-writeback-virtio-native", ["io-native-needs-direct"]],
      ["zfs-qcow2-none-virtio-native", ["cache-needs-direct-io"]],
      ["zfs-qcow2-none-virtio-threads", ["cache-needs-direct-io"]],
      ["zfs-qcow2-writeback-virtio-native", ["io-native-needs-direct"]],
    ]);
    expect(plan.excluded[1].reasons[0].message).toContain("ZFS datasets refuse O_DIRECT before OpenZFS 0.8 (host declares 0.7)");
  });

  it("attaches warnings to the scenarios it keeps", () => {
    const kept = plan.scenarios.find((s) => s.name === "zfs-qcow2-writeback-virtio-threads")!;
    expect(kept.warnings.map((w) => w.rule)).toEqual(["volatile-cache"]);
    expect(kept.attachment).toEqual({ bus: "virtio", cache: "writeback", io: "threads", machine: "q35" });
  });
});

describe("explicit scenarios (explicit.yaml)", () => {
  const file = fixturePath("explicit.yaml");
  const result = loadStudy(file);

  it("yields no plan", () => {
    expect(result.plan).toBeUndefined();
    expect(result.study).toBeUndefined();
  });

  it("reports each rule break and each repeated stack name with its position", () => {
    expect(result.errors.map((e) => [e.line, e.column, e.path, e.message])).toEqual([
      [22, 5, "scenarios[1]", "io=native with cache=writeback: QEMU refuses native AIO without O_DIRECT (rule io-native-needs-direct)"],
      [23, 5, "scenarios[2]", expect.stringContaining("cache=none needs O_DIRECT, which qcow2 on zfs on ssd does not support")],
      [24, 5, "scenarios[3]", 'stack name "zvol-none-virtio" is already used by the matrix (at line 16, column 1)'],
      [25, 5, "scenarios[4].name", 'stack name "prod-like" is already used by the scenario at line 21, column 5'],
      [26, 5, "scenarios[5]", "bus=ide on machine=q35: only the pc (i440fx) machine has an IDE controller (rule ide-needs-pc)"],
      [27, 5, "scenarios[6].name", 'stack name "baseline" is already used by the baseline stack'],
    ]);
    expect(result.errors[0].expected).toBe(
      "a combination the rules allow: use cache=none or cache=directsync with io=native, or io=threads/io_uring with this cache mode",
    );
    expect(result.errors[2].expected).toBe('a unique stack name (add a distinct "name:" to this scenario)');
    expect(formatErrors(result.errors).split("\n")[0]).toBe(
      `${file}:22:5: scenarios[1]: io=native with cache=writeback: QEMU refuses native AIO without O_DIRECT (rule io-native-needs-direct); expected a combination the rules allow: use cache=none or cache=directsync with io=native, or io=threads/io_uring with this cache mode`,
    );
  });

  it("resolves a relative guest image path against the study file's folder", () => {
    const text = minimalStudy("scenarios: [{ storage: raw, cache: none, bus: virtio }]").replace("https://example.com/d.qcow2", "./images/d.qcow2, imageDirectory: /studies/mine/images");
    const study = parseStudy(text, "/studies/mine/study.yaml").study!;
    expect(study.guest.image).toEqual({ kind: "file", path: "/studies/mine/images/d.qcow2" });
  });
});

describe("expandStudy on a study built in code", () => {
  it("gives the same plan as parsing", () => {
    const parsed = loadStudy(fixturePath("old-zfs.yaml"));
    const again = expandStudy(parsed.study!);
    expect(again.errors).toEqual([]);
    expect(again.plan!.scenarios.map((s) => s.name)).toEqual(parsed.plan!.scenarios.map((s) => s.name));
    expect(again.plan!.excluded).toEqual(parsed.plan!.excluded);
  });
});
