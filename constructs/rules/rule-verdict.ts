/**
 * The rules' verdict on a stack, judged before its constructs were built. A study judges every
 * scenario once, with the facts of its storage, to expand its matrix (study/scenarios.ts); the
 * verdict travels with the scenario into its stack. A stack that carries one reports it, and the
 * constructs in it (the disk attachment, the storage) do not judge the rules again. Constructs
 * built without a verdict (a library user's stack) judge their own.
 */
import type { IConstruct } from "constructs";
import { TerraformStack } from "../core/cdktf";
import { formatFinding, type RuleFinding } from "../../domain/rules";
import { addRuleWarning } from "./rule-warnings";

const verdicts = new WeakMap<IConstruct, RuleVerdict>();

export class RuleVerdict {
  private constructor(
    /** Who the findings are about, e.g. `scenario "zvol-none-virtio"`. */
    public readonly subject: string,
    public readonly findings: readonly RuleFinding[],
  ) {}

  /**
   * Gives `stack` its verdict, before anything is built in it: its warnings are reported now (to
   * the app's WarningCollector, else as annotations), its errors fail the stack's validation.
   */
  public static give(stack: TerraformStack, subject: string, findings: readonly RuleFinding[]): RuleVerdict {
    if (verdicts.has(stack)) throw new Error(`stack ${stack.node.id} already has its rules' verdict`);
    const verdict = new RuleVerdict(subject, findings);
    verdicts.set(stack, verdict);
    for (const finding of findings) if (finding.level === "warning") addRuleWarning(stack, subject, finding);
    stack.node.addValidation({ validate: () => findings.filter((f) => f.level === "error").map((f) => formatFinding(subject, f)) });
    return verdict;
  }

  /** The verdict of the stack holding `scope`, if one was given. */
  public static of(scope: IConstruct): RuleVerdict | undefined {
    return verdicts.get(TerraformStack.of(scope));
  }
}

/**
 * Reports the warnings a construct's rules find about it, unless its stack carries a verdict
 * (which already holds them): `judge` then does not run.
 */
export function reportRuleWarnings(scope: IConstruct, subject: string, judge: () => readonly RuleFinding[]): void {
  if (RuleVerdict.of(scope)) return;
  for (const finding of judge()) addRuleWarning(scope, subject, finding);
}
