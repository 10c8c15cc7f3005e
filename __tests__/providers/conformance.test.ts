import { Testing } from "../../constructs/core/cdktf";
import { checkConformance, ConformanceIssue, SynthesizedStack } from "../../providers/conformance";
import { MinimalStack } from "../../examples/minimal-stack";

function issuesOf(mutate: (stack: MinimalStack) => void): ConformanceIssue[] {
  const stack = new MinimalStack(Testing.app(), "example");
  mutate(stack);
  return checkConformance("example", JSON.parse(Testing.synth(stack)) as SynthesizedStack);
}

function resource(stack: MinimalStack, id: string): { addOverride(path: string, value: unknown): void } {
  return stack.node.findChild(id) as unknown as { addOverride(path: string, value: unknown): void };
}

describe("schema conformance check", () => {
  it("passes the example stack", () => {
    expect(issuesOf(() => undefined)).toEqual([]);
  });

  it("reports a misspelt attribute with stack, resource and path", () => {
    const issues = issuesOf((s) => s.domain.addOverride("devices.disks.0.driver.cachemode", "none"));
    expect(issues).toEqual([
      expect.objectContaining({
        stack: "example",
        resource: "libvirt_domain.guest",
        path: "devices.disks[0].driver.cachemode",
        problem: "unknown attribute",
      }),
    ]);
    expect(issues[0].detail).toContain("cache");
  });

  it("reports a read-only attribute that is set", () => {
    const issues = issuesOf((s) => resource(s, "disk").addOverride("allocation", 1024));
    expect(issues).toEqual([
      expect.objectContaining({ resource: "libvirt_volume.disk", path: "allocation", problem: "read-only attribute set" }),
    ]);
  });

  it("reports a value of the wrong type", () => {
    const issues = issuesOf((s) => s.domain.addOverride("vcpu", "two"));
    expect(issues).toEqual([expect.objectContaining({ path: "vcpu", problem: "wrong type" })]);
    expect(issues[0].detail).toBe('expected number, got "two"');
  });

  it("reports a required attribute that is missing, also inside nested lists", () => {
    const issues = issuesOf((s) => {
      resource(s, "pool").addOverride("type", undefined);
      s.domain.addOverride("os.boot_devices", [{}]);
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: "libvirt_pool.pool", path: "type", problem: "required attribute missing" }),
        expect.objectContaining({ resource: "libvirt_domain.guest", path: "os.boot_devices[0].dev", problem: "required attribute missing" }),
      ]),
    );
  });

  it("accepts Terraform expressions wherever a value is expected", () => {
    expect(issuesOf((s) => s.domain.addOverride("vcpu", "${var.vcpus}"))).toEqual([]);
  });
});
