import { Testing } from "../../constructs/core/cdktf";
import { BaselineStack } from "../../stacks/baseline-stack";
import { buildStudyApp, StudyFileError } from "../../stacks/app";
import { join } from "node:path";
import { seedApp, stackJson } from "./support";

describe("the seed study app (what `npx cdktf synth` writes by default)", () => {
  const { stacks } = seedApp();

  it("has the baseline and the 42 scenario stacks with readable, stable names", () => {
    expect(stacks).toHaveLength(43);
    expect(stacks[0]).toBeInstanceOf(BaselineStack);
    const names = stacks.map((s) => s.node.id);
    expect(names[0]).toBe("baseline");
    expect(names).toContain("xfs-qcow2-writeback-virtio");
    expect(names).toContain("zvol-ext4-qcow2-none-ide");
    expect(new Set(names).size).toBe(43);
  });

  it.each(stacks.map((s) => [s.node.id, s] as const))("%s passes its validations and the schema conformance check", (_name, stack) => {
    expect(() => stackJson(stack)).not.toThrow();
  });
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
