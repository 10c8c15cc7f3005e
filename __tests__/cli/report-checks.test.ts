/**
 * `kvmbench report` on the folder of a check-mode study: the baseline's measurements and each
 * disk check (judged from a real domain's records), labelled as checks, without scores.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, defaultRunDependencies } from "../../cli";
import { freshDirectory, runFio, writeResultFile } from "../fixtures/results/fio-study";
import { writeCheckResult } from "../support/check-results";
import { kvmbench } from "./run-bin";

const configuration = (storage: string, cache: string, bus: string) => ({ storageName: storage, storage: { kind: "block" }, attachment: { bus, cache, machine: "q35" } });

let folder: string;
let measured: string;
beforeAll(async () => {
  folder = freshDirectory("check-report");
  const baselineRun = { repeat: 1, tool: "fio" as const, output: JSON.parse(await runFio(join(freshDirectory("check-report-fio"), "baseline.json"))) as unknown };
  writeResultFile(folder, "baseline", "baseline", { device: "/dev/loop0" }, [baselineRun]);
  writeCheckResult(join(folder, "raw-none-sata.json"), "raw-none-sata", "passed", configuration("raw", "none", "sata"));
  writeCheckResult(join(folder, "raw-writethrough-sata.json"), "raw-writethrough-sata", "failed", configuration("raw", "writethrough", "sata"));
  // a measured study's folder in which one scenario's file is a check
  measured = freshDirectory("check-report-mixed");
  writeResultFile(measured, "baseline", "baseline", { device: "/dev/loop0" }, [baselineRun]);
  writeResultFile(measured, "raw-none-virtio", "scenario", configuration("raw", "none", "virtio"), [baselineRun]);
  writeResultFile(measured, "raw-writeback-virtio", "scenario", configuration("raw", "writeback", "virtio"), [baselineRun]);
  writeCheckResult(join(measured, "raw-none-sata.json"), "raw-none-sata", "passed", configuration("raw", "none", "sata"));
});

async function report(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["node", "kvmbench", "report", ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, defaultRunDependencies);
  return { code, stdout, stderr };
}

describe("kvmbench report on a folder of disk checks", () => {
  it("writes summary.md with the baseline and the checks, labelled as checks, and what differed in a failed one", async () => {
    const outcome = await report(folder);
    expect(outcome.stderr).toBe(
      `loaded the baseline and 2 disk check(s): checks, not measurements (no scores)\nwrote ${join(folder, "report", "summary.md")}\n1 of 2 disk checks passed; failed: raw-writethrough-sata\n`,
    );
    expect(outcome.code).toBe(0);
    expect(existsSync(join(folder, "report", "report.html"))).toBe(false);
    const summary = readFileSync(join(folder, "report", "summary.md"), "utf8");
    expect(summary).toMatch(/^# Disk checks: check-report-\w+\n\nThese are disk checks, not measurements/);
    expect(summary).toContain("no scores, rankings or verdict");
    expect(summary).toContain("**1 of 2 disk checks passed; failed: raw-writethrough-sata.**");
    expect(summary).toContain("## Baseline: host-side fio on the bare device");
    expect(summary).toMatch(/^\| Sequential read \| [\d.]+ \| \d+ \| [\d.,]+ \|$/m);
    expect(summary).toContain("| raw-none-sata | raw | sata | none | default | passed (15 checks) | 2026-12-06T07:32:52Z |");
    expect(summary).toContain("| raw-writethrough-sata | raw | sata | writethrough | default | FAILED (4 of 15 differ) | 2026-12-06T07:32:52Z |");
    expect(summary).toContain("_Checked on test-host; QEMU 7.2.22; libvirt 9.0.0._");
    expect(summary).toContain("## What differed: raw-writethrough-sata");
    expect(summary).toContain("| cache in the domain XML | writethrough | none |");
    expect(summary).not.toMatch(/weighted|verdict:/i);
  });

  it("--json prints the checks and the baseline's figures on stdout", async () => {
    const outcome = await report(folder, "--json");
    expect(outcome.code).toBe(0);
    const document = JSON.parse(outcome.stdout) as { kind: string; passed: string[]; failed: string[]; baseline: Record<string, { mbPerSecond: number }>; checks: Array<{ scenario: string; ok: boolean; findings: unknown[] }> };
    expect(document).toMatchObject({ kind: "checks", passed: ["raw-none-sata"], failed: ["raw-writethrough-sata"] });
    expect(document.baseline["seq-read"]?.mbPerSecond).toBeGreaterThan(0);
    expect(document.checks.map((c) => [c.scenario, c.ok, c.findings.length])).toEqual([["raw-none-sata", true, 15], ["raw-writethrough-sata", false, 15]]);
  });

  it("--emit has no winner to write", async () => {
    const outcome = await report(folder, "--emit", "raw-none-sata");
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("holds disk checks (a check-mode study's results), which measure nothing: there is no winner to emit");
  });

  it("comparing it with another folder says it holds checks, which measure nothing", async () => {
    const outcome = await report(folder, measured);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${folder}: only baseline.json, no scenario results (2 disk checks, which measure nothing: \`kvmbench report ${folder}\` lists a folder of checks)`);
  });

  it("the real command prints the same (bin/kvmbench.js)", async () => {
    const outcome = await kvmbench("report", folder, "--out", freshDirectory("check-report-out"));
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toContain("1 of 2 disk checks passed; failed: raw-writethrough-sata");
  });
});

describe("kvmbench report on measurements with a disk check among them", () => {
  it("scores the measured scenarios and names the check it left out", async () => {
    const outcome = await report(measured, "--json");
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toContain("loaded baseline and 2 scenario(s)");
    expect(outcome.stderr).toContain(`warning: ${join(measured, "raw-none-sata.json")}: a disk check, not measurements: left out of the scores`);
  });
});
