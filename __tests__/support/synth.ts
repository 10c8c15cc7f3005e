import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { checkConformance, formatIssue, SynthesizedStack } from "../../providers/conformance";

/**
 * Synthesizes a stack and fails the test if any libvirt resource in it does not conform to
 * the committed provider schema. Every stack test goes through here.
 */
export function synthConforming(stack: TerraformStack): SynthesizedStack & Record<string, unknown> {
  const json = JSON.parse(Testing.synth(stack)) as SynthesizedStack & Record<string, unknown>;
  const issues = checkConformance(stack.node.id, json);
  if (issues.length) {
    throw new Error(`stack ${stack.node.id} does not conform to the libvirt schema:\n` + issues.map(formatIssue).join("\n"));
  }
  return json;
}
