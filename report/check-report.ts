/**
 * The report of a check-mode study's folder: the baseline's measurements and each scenario's disk
 * check, labelled as checks. No benchmark ran in the guests, so there are no scores or verdict.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TEST_IDS, testLabel } from "../results/benchmark-tests";
import type { CheckResultFile } from "../results/check-result-file";
import type { CheckStudyResults } from "../results/load-check-directory";
import { scenarioSettings } from "../results/scenario-settings";
import { formatMbPerSecond, formatMs, formatNumber, formatSetting } from "./format";
import { escapeMarkdownText, markdownTable } from "./summary-markdown";
import type { ReportTable } from "./summary-tables";
import { REPORT_FILES } from "./write-report";

const CHECKS_EXPLAINED =
  "These are disk checks, not measurements (the study's `benchmark.mode: check`): each scenario's guest was started, " +
  "kvmbench checked that QEMU opened the disk under test as the scenario says (source, format, bus, cache, io, O_DIRECT, " +
  "the guest's write cache) and stopped the guest. No benchmark ran in the guests, so there are no scores, rankings or " +
  "verdict; run the study with `mode: measure` for those.";

function failedOf(results: CheckStudyResults): CheckResultFile[] {
  return results.checks.filter((c) => !c.check.ok);
}

/** "3 of 4 disk checks passed; failed: a" */
export function checkCountLine(results: CheckStudyResults): string {
  const failed = failedOf(results);
  const passed = results.checks.length - failed.length;
  return `${passed} of ${results.checks.length} disk checks passed${failed.length > 0 ? `; failed: ${failed.map((c) => c.scenario).join(", ")}` : ""}`;
}

function baselineTable(results: CheckStudyResults): ReportTable | undefined {
  const { baseline } = results;
  if (!baseline) return undefined;
  const rows = TEST_IDS.flatMap((test) => {
    const summary = baseline.tests.get(test);
    if (!summary) return [];
    const { mbPerSecond, iops, p99LatencyMs } = summary.statistics;
    return [[testLabel(test), formatMbPerSecond(mbPerSecond?.median), formatNumber(iops?.median, 0), formatMs(p99LatencyMs?.median)]];
  });
  return { title: "Baseline: host-side fio on the bare device", columns: ["test", "MB/s", "IOPS", "p99 latency (ms)"], rows, note: "Medians across repeats. The only measurements of a check-mode study." };
}

function checksTable(results: CheckStudyResults): ReportTable {
  return {
    title: "Disk checks",
    columns: ["scenario", "storage", "bus", "cache", "io", "check", "checked at"],
    rows: results.checks.map((c) => {
      const settings = scenarioSettings(c.scenario, c.configuration);
      const { findings, ok } = c.check;
      const verdict = ok ? `passed (${findings.length} checks)` : `FAILED (${findings.filter((f) => !f.ok).length} of ${findings.length} differ)`;
      return [c.scenario, formatSetting(settings, "storage"), formatSetting(settings, "bus"), formatSetting(settings, "cache"), formatSetting(settings, "io"), verdict, c.checkedAt ?? "–"];
    }),
  };
}

function differencesTable(check: CheckResultFile): ReportTable {
  return {
    title: `What differed: ${check.scenario}`,
    columns: ["check", "expected", "found"],
    rows: check.check.findings.filter((f) => !f.ok).map((f) => [f.what, f.expected, f.found]),
  };
}

/** Where the checks ran: each distinct host, QEMU and libvirt. */
function checkedOn(results: CheckStudyResults): string {
  const distinct = (values: Array<string | undefined>) => [...new Set(values.filter((v): v is string => v !== undefined))].join(", ") || "unknown";
  const hosts = results.checks.map((c) => c.host);
  return `Checked on ${distinct(hosts.map((h) => h.hostname))}; QEMU ${distinct(hosts.map((h) => h.qemu))}; libvirt ${distinct(hosts.map((h) => h.libvirt))}.`;
}

/** summary.md of a folder of disk checks. */
export function renderCheckSummaryMarkdown(results: CheckStudyResults, title: string): string {
  const baseline = baselineTable(results);
  const sections = [
    `# Disk checks: ${escapeMarkdownText(title)}`,
    "",
    CHECKS_EXPLAINED,
    "",
    `**${escapeMarkdownText(checkCountLine(results))}.**`,
    "",
    baseline ? markdownTable(baseline) : "## Baseline\n\n_No baseline.json in this folder._",
    "",
    markdownTable(checksTable(results), checkedOn(results)),
    "",
    ...failedOf(results).flatMap((c) => [markdownTable(differencesTable(c)), ""]),
  ];
  return `${sections.join("\n").trimEnd()}\n`;
}

/** What `kvmbench report DIR --json` prints for a folder of disk checks. */
export function checksToJson(results: CheckStudyResults): Record<string, unknown> {
  return {
    kind: "checks",
    passed: results.checks.filter((c) => c.check.ok).map((c) => c.scenario),
    failed: failedOf(results).map((c) => c.scenario),
    baseline: results.baseline
      ? Object.fromEntries([...results.baseline.tests].map(([test, summary]) => [test, { mbPerSecond: summary.statistics.mbPerSecond?.median ?? null, iops: summary.statistics.iops?.median ?? null }]))
      : null,
    checks: results.checks.map((c) => ({ scenario: c.scenario, ok: c.check.ok, checkedAt: c.checkedAt ?? null, domain: c.check.domain, findings: c.check.findings })),
  };
}

/** Writes summary.md into `outDirectory` (created if needed) and returns its path. */
export function writeCheckReport(results: CheckStudyResults, outDirectory: string, title: string): string {
  mkdirSync(outDirectory, { recursive: true });
  const path = join(outDirectory, REPORT_FILES.summary);
  writeFileSync(path, renderCheckSummaryMarkdown(results, title));
  return path;
}
