/** Text listings for people (the CLI's `kvmbench list`): scenarios and excluded combinations. */
import type { DiskSettings } from "../domain/disk-settings";
import { formatFinding } from "../domain/rules";
import { formatDifference, likeForLikeDifferences } from "./like-for-like";
import { formatRuleGroupDetails, groupByRule, planWarnings } from "./rule-groups";
import type { ExcludedCombination, Scenario, StudyPlan } from "./scenarios";

export function formatAttachment(settings: DiskSettings): string {
  return `bus=${settings.bus} cache=${settings.cache}${settings.io ? ` io=${settings.io}` : ""} machine=${settings.machine}`;
}

/** One line: name, storage summary, attachment, the hosts it may run on (`withHosts`, for a study of several), and the rules' warnings by id. */
export function formatScenario(scenario: Scenario, nameWidth = 0, withHosts = false): string {
  const warnings = scenario.warnings.length > 0 ? ` (warning: ${scenario.warnings.map((w) => w.rule).join(", ")})` : "";
  const hosts = withHosts ? ` hosts=${scenario.placements.map((p) => p.host.name).join(",")}` : "";
  return `${scenario.name.padEnd(nameWidth)}  ${scenario.facts.summary}; ${formatAttachment(scenario.attachment)}${hosts}${warnings}`;
}

/** One line per reason: `name: what is wrong. Fix: how.` */
export function formatExcluded(excluded: ExcludedCombination): string[] {
  return excluded.reasons.map((reason) => formatFinding(excluded.name, reason));
}

/**
 * The whole listing: a header, the baseline, each scenario, then the excluded combinations with
 * reasons, each warning's details (its message and every scenario it applies to) and the settings
 * that differ between scenarios beyond their axes.
 */
export function formatListing(plan: StudyPlan): string {
  const { study, scenarios, excluded, baseline } = plan;
  const width = Math.max(0, ...scenarios.map((s) => s.name.length), baseline ? baseline.name.length : 0);
  const lines = [
    `study ${study.name} (${study.file}): ${scenarios.length} scenarios${baseline ? " plus baseline" : ""}, ${excluded.length} combinations excluded`,
  ];
  if (baseline) lines.push(`${baseline.name.padEnd(width)}  host-side fio on ${baseline.device} (${baseline.devicePath})`);
  lines.push(...scenarios.map((s) => formatScenario(s, width, study.hosts.length > 1)));
  if (excluded.length > 0) {
    lines.push("", `excluded (${excluded.length}):`);
    for (const combination of excluded) lines.push(...formatExcluded(combination));
  }
  const warnings = groupByRule(planWarnings(scenarios));
  if (warnings.length > 0) {
    lines.push("", `warnings (${warnings.length} rule${warnings.length === 1 ? "" : "s"}):`);
    for (const group of warnings) lines.push(...formatRuleGroupDetails(group));
  }
  const differences = likeForLikeDifferences(scenarios);
  if (differences.length > 0) {
    lines.push("", `not like-for-like (${differences.length} setting${differences.length === 1 ? "" : "s"}):`);
    lines.push(...differences.map(formatDifference));
  }
  return lines.join("\n");
}
