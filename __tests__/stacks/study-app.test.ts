import { Testing } from "../../constructs/core/cdktf";
import { BaselineStack } from "../../stacks/baseline-stack";
import { buildStudyApp, StudyFileError } from "../../stacks/app";
import { join } from "node:path";
import { strayTemplates } from "../support/stray-templates";
import { resourcesAt, seedApp, stackJson } from "./support";

describe("the seed study app (what `npx cdktf synth` writes by default)", () => {
  const { stacks } = seedApp();

  it("has the baseline and the 44 scenario stacks with readable, stable names", () => {
    expect(stacks).toHaveLength(45);
    expect(stacks[0]).toBeInstanceOf(BaselineStack);
    const names = stacks.map((s) => s.node.id);
    expect(names[0]).toBe("baseline");
    expect(names).toContain("xfs-qcow2-writeback-virtio");
    expect(names).toContain("zvol-ext4-qcow2-none-ide");
    expect(names).toContain("raidz1-zfs-qcow2-writeback-virtio");
    expect(new Set(names).size).toBe(45);
  });

  it("gives every scenario's guest the same machine type and firmware: pc (the IDE scenarios need it), BIOS", () => {
    const machines = stacks
      .filter((stack) => stack.node.id !== "baseline")
      .map((stack) => Object.values(stackJson(stack).resource.libvirt_domain)[0] as { os: { type_machine: string; firmware?: string } })
      .map((domain) => `${domain.os.type_machine}/${domain.os.firmware ?? "bios"}`);
    expect(machines).toHaveLength(44);
    expect(new Set(machines)).toEqual(new Set(["pc/bios"]));
  });

  it.each(stacks.map((s) => [s.node.id, s] as const))("%s passes its validations and the schema conformance check", (_name, stack) => {
    expect(() => stackJson(stack)).not.toThrow();
  });

  it.each(stacks.map((s) => [s.node.id, s] as const))("%s passes every string (scripts, user-data, settings, outputs) to Terraform escaped", (_name, stack) => {
    expect(strayTemplates(stackJson(stack))).toEqual([]);
  });

  it.each(stacks.filter((s) => s.node.id !== "baseline").map((s) => [s.node.id, s] as const))(
    "%s has the runner: results serial port on a host file, wait step after the guest, collector",
    (name, stack) => {
      const json = stackJson(stack);
      const [domainId, domain] = Object.entries(json.resource.libvirt_domain)[0] as [string, { devices: { serials: unknown[] } }];
      expect(domain.devices.serials).toContainEqual({
        source: { file: { append: "off", path: `/var/lib/kvmbench/results/seed-study/${name}.serial.log` } },
        target: { port: 1, type: "isa-serial" },
      });
      const [wait] = resourcesAt(json, "terraform_data", "runner/wait/step");
      expect(wait.depends_on).toEqual([`libvirt_domain.${domainId}`]);
      expect(resourcesAt(json, "terraform_data", "runner/results/collect")).toHaveLength(1);
      expect(json.output?.results_path.value).toBe(`/results/seed-study/${name}.json`);
    },
  );
});

describe("a study file with errors", () => {
  it("adds no stacks and reports every error with its position", () => {
    const app = Testing.app();
    const file = join(__dirname, "..", "fixtures", "studies", "broken.yaml");
    let error: unknown;
    try {
      buildStudyApp(app, { KVMBENCH_STUDY: file });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StudyFileError);
    expect((error as Error).message).toMatch(/broken\.yaml:\d+:\d+: /);
    expect((error as Error).message).toMatch(/no stacks were written/);
    expect(app.node.children).toHaveLength(0);
  });
});
