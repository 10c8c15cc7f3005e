/**
 * Findings grouped by rule, for output that must stay short: one line per rule naming the
 * scenarios it applies to (by the axis value they share when there is one), instead of one
 * line per scenario.
 */
import { RULE_SUMMARIES, type RuleFinding, type RuleId } from "../domain/rules";
import type { Scenario } from "./scenarios";

/** A finding about one scenario. */
export interface ScenarioFinding {
  readonly scenario: string;
  readonly finding: RuleFinding;
}

/** The findings of one rule. */
export interface RuleGroup {
  readonly rule: RuleId;
  /** The distinct messages, each with the scenarios it was raised for, in order. */
  readonly messages: readonly { readonly message: string; readonly scenarios: readonly string[] }[];
  /** Every scenario the rule applies to, in order, without repeats. */
  readonly scenarios: readonly string[];
  readonly fix: string;
}

const RULE_ORDER = Object.keys(RULE_SUMMARIES);

/** Groups findings by rule, in the rules' order (disk rules, then storage rules). */
export function groupByRule(findings: readonly ScenarioFinding[]): RuleGroup[] {
  const groups = new Map<RuleId, { messages: Map<string, string[]>; scenarios: string[]; fix: string }>();
  for (const { scenario, finding } of findings) {
    const group = groups.get(finding.rule) ?? { messages: new Map<string, string[]>(), scenarios: [], fix: finding.fix };
    const names = group.messages.get(finding.message) ?? [];
    if (!names.includes(scenario)) names.push(scenario);
    group.messages.set(finding.message, names);
    if (!group.scenarios.includes(scenario)) group.scenarios.push(scenario);
    groups.set(finding.rule, group);
  }
  return [...groups]
    .sort(([a], [b]) => RULE_ORDER.indexOf(a) - RULE_ORDER.indexOf(b))
    .map(([rule, group]) => ({
    rule,
    messages: [...group.messages].map(([message, scenarios]) => ({ message, scenarios })),
    scenarios: group.scenarios,
    fix: group.fix,
  }));
}

/** Every scenario's warnings, as scenario findings. */
export function planWarnings(scenarios: readonly Scenario[]): ScenarioFinding[] {
  return scenarios.flatMap((scenario) => scenario.warnings.map((finding) => ({ scenario: scenario.name, finding })));
}

type Axis = "storage" | "cache" | "bus" | "io" | "machine";
const AXES: readonly Axis[] = ["storage", "cache", "bus", "io", "machine"];

/** A scenario or an excluded combination: what a set of them is described by. */
export type Combination = Pick<Scenario, "name" | "storageName" | "attachment">;

function axisValue(scenario: Combination, axis: Axis): string {
  if (axis === "storage") return scenario.storageName;
  if (axis === "io") return scenario.attachment.io ?? "default";
  return scenario.attachment[axis];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The one or two axes whose values the members share and no other combination has: "cache=writeback or unsafe". */
function sharedAxes(members: ReadonlySet<string>, all: readonly Combination[]): string | undefined {
  const inSet = all.filter((c) => members.has(c.name));
  const valuesOf = (axis: Axis) => [...new Set(inSet.map((c) => axisValue(c, axis)))];
  const candidates = [...AXES.map((axis) => [axis]), ...AXES.flatMap((a, i) => AXES.slice(i + 1).map((b) => [a, b]))];
  let best: { axes: Axis[]; values: string[][]; count: number } | undefined;
  for (const axes of candidates) {
    const values = axes.map(valuesOf);
    const covered = all.filter((c) => axes.every((axis, index) => values[index].includes(axisValue(c, axis))));
    if (covered.length !== members.size || !covered.every((c) => members.has(c.name))) continue;
    const count = values.reduce((sum, list) => sum + list.length, 0);
    if (!best || count < best.count) best = { axes, values, count };
  }
  return best?.axes.map((axis, index) => `${axis}=${best.values[index].join(" or ")}`).join(" and ");
}

/**
 * Names a set of scenarios (or excluded combinations) briefly: "all 42 scenarios", "14 scenarios
 * with cache=writeback" when the set is exactly those with some values of one or two axes, else
 * the names (up to four).
 */
export function describeScenarioSet(names: readonly string[], all: readonly Combination[], noun = "scenario"): string {
  const members = new Set(names);
  if (names.length > 1 && names.length === all.length && all.every((s) => members.has(s.name))) return `all ${plural(names.length, noun)}`;
  if (names.length <= 2) return names.join(", ");
  const shared = sharedAxes(members, all);
  if (shared) return `${plural(names.length, noun)} with ${shared}`;
  const shown = names.slice(0, 4).join(", ");
  return `${plural(names.length, noun)}: ${shown}${names.length > 4 ? ` and ${names.length - 4} more` : ""}`;
}

/** One line for a rule's group: `[rule] what the rule is about: which scenarios`. */
export function formatRuleGroup(group: RuleGroup, all: readonly Combination[], noun = "scenario"): string {
  return `[${group.rule}] ${RULE_SUMMARIES[group.rule]}: ${describeScenarioSet(group.scenarios, all, noun)}`;
}

/** The details of a rule's group for `kvmbench list`: each message with every scenario, and the fix. */
export function formatRuleGroupDetails(group: RuleGroup): string[] {
  return [
    `[${group.rule}] ${RULE_SUMMARIES[group.rule]}. Fix: ${group.fix}.`,
    ...group.messages.map(({ message, scenarios }) => `  ${message}: ${scenarios.join(", ")}`),
  ];
}
