import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { checkConformance, formatIssue, SynthesizedStack } from "../../providers/conformance";

export interface SynthOptions {
  /**
   * Run the constructs' validations (errors throw). Off only for tests whose stand-in devices
   * (temp files instead of /dev paths) the validations would rightly refuse.
   * @default true
   */
  readonly validate?: boolean;
}

/**
 * Synthesizes a stack and fails the test if any libvirt resource in it does not conform to
 * the committed provider schema. Every stack test goes through here.
 */
export function synthConforming(stack: TerraformStack, options: SynthOptions = {}): SynthesizedStack & Record<string, unknown> {
  const json = JSON.parse(Testing.synth(stack, options.validate ?? true)) as SynthesizedStack & Record<string, unknown>;
  const issues = checkConformance(stack.node.id, json);
  if (issues.length) {
    throw new Error(`stack ${stack.node.id} does not conform to the libvirt schema:\n` + issues.map(formatIssue).join("\n"));
  }
  return json;
}
