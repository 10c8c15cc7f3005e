/**
 * Rule warnings of constructs: cdktf annotations by default, or collected for the app to print
 * grouped. The cdktf CLI prints every annotation of every stack on a line of its own, so a study
 * of 40 stacks would print the same warning 14 times; an app that attaches a collector prints one
 * line per rule instead (see stacks/app.ts and main.ts).
 */
import type { IConstruct } from "constructs";
import { Annotations, TerraformStack } from "../core/cdktf";
import { formatFinding, type RuleFinding } from "../../domain/rules";

/** A rule warning raised by a construct, with where it was raised. */
export interface CollectedWarning {
  readonly finding: RuleFinding;
  /** What the finding is about, e.g. `scenario "x", disk "disk-under-test" (bus=...)`. */
  readonly subject: string;
  /** The id of the stack holding the construct. */
  readonly stack: string;
  /** The construct's path. */
  readonly path: string;
}

const collectors = new WeakMap<IConstruct, WarningCollector>();

/** Collects the rule warnings of every construct under a scope instead of annotating them. */
export class WarningCollector {
  private readonly collected: CollectedWarning[] = [];

  /** Attaches a collector to `scope` (usually the App) and returns it. */
  public static attach(scope: IConstruct): WarningCollector {
    const collector = new WarningCollector();
    collectors.set(scope, collector);
    return collector;
  }

  /** The collector attached to `scope` or an enclosing scope, if any. */
  public static of(scope: IConstruct): WarningCollector | undefined {
    for (const enclosing of [...scope.node.scopes].reverse()) {
      const collector = collectors.get(enclosing);
      if (collector) return collector;
    }
    return undefined;
  }

  /** Every warning so far, in the order the constructs raised them. */
  public get warnings(): readonly CollectedWarning[] {
    return this.collected;
  }

  /** @internal */
  public add(warning: CollectedWarning): void {
    this.collected.push(warning);
  }
}

/** Reports a rule's warning about `scope`: to the enclosing collector, else as a cdktf annotation. */
export function addRuleWarning(scope: IConstruct, subject: string, finding: RuleFinding): void {
  const collector = WarningCollector.of(scope);
  if (!collector) {
    Annotations.of(scope).addWarning(formatFinding(subject, finding));
    return;
  }
  collector.add({ finding, subject, stack: TerraformStack.of(scope).node.id, path: scope.node.path });
}
