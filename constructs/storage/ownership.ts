import { createHash } from "node:crypto";
import { IConstruct } from "constructs";
import { TerraformStack } from "../core/cdktf";
import { lvmTagProblem } from "../../domain/host-name-limits";

/** The marker kvmbench puts on what it creates: ZFS user property name, LVM tag prefix. */
export const OWNER_PROPERTY = "kvmbench:owner";

/** The stack a construct belongs to: the name in locks and markers. */
export function stackName(scope: IConstruct): string {
  return TerraformStack.of(scope).node.id;
}

/** `kvmbench:owner=<stack>`, as a ZFS property assignment and as an LVM tag. */
export function ownerMark(scope: IConstruct): string {
  return `${OWNER_PROPERTY}=${stackName(scope)}`;
}

/** A UUID fixed by the stack and construct path: kvmbench's marker on a filesystem. */
export function ownedUuid(scope: IConstruct): string {
  const hex = createHash("sha256").update(`kvmbench\0${stackName(scope)}\0${scope.node.path}`).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Errors for names that go into host commands (pools, datasets, VGs, LVs, files). */
export function checkHostName(kind: string, name: string, pattern = /^[A-Za-z0-9][A-Za-z0-9_.:+-]*$/): string[] {
  return pattern.test(name) ? [] : [`${kind} "${name}" may only hold letters, digits and _ . : + - (and must start with a letter or digit)`];
}

/** Volume group and logical volume names LVM accepts. */
export const LVM_NAME = /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/;

/** What is wrong with kvmbench's owner tag as an LVM tag (the stack name is in it). */
export function ownerTagProblems(tag: string): string[] {
  const problem = lvmTagProblem(tag);
  return problem ? [`stack name in ${problem}`] : [];
}

/** The same host disk twice is a mistake the host would refuse late; say it at synth. */
export function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
