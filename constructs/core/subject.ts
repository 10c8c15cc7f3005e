import { IConstruct } from "constructs";
import { TerraformStack } from "./cdktf";

/**
 * How error messages name a construct: its scenario (the stack) and its path inside it, e.g.
 * `scenario "xfs-qcow2-writeback-virtio", disk "disk-under-test"`.
 */
export function subjectOf(construct: IConstruct, kind: string): string {
  const stack = TerraformStack.of(construct);
  const path = construct.node.scopes
    .slice(stack.node.scopes.length)
    .map((s) => s.node.id)
    .join("/");
  return `scenario "${stack.node.id}", ${kind} "${path}"`;
}
