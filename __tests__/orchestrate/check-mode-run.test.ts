/**
 * `kvmbench run` of a check-mode study: its scenarios are disk checks, whose result is a passed
 * check; the baseline measures as always. Deploys go to a recording stand-in for cdktf that writes
 * checks judged from a real domain's records (__tests__/support/check-results.ts).
 */
import { join } from "node:path";
import { buildJobs, exitCodeOf, formatSummary, resultProblem, runStudy, type RunSettings } from "../../orchestrate";
import type { BenchmarkRun } from "../../results/result-file";
import { loadStudy } from "../../study";
import { freshDirectory, writeResultFile } from "../fixtures/results/fio-study";
import { writeCheckResult } from "../support/check-results";
import { fioRuns, ONE_HOST_STUDY, RecordingEngine, writeStudy, type RecordingBehaviour } from "./support";

const CHECK_STUDY = ONE_HOST_STUDY.replace("benchmark: { profile: quick, size: 1GiB }", "benchmark: { profile: quick, size: 1GiB, mode: check }");

let runs: BenchmarkRun[];
beforeAll(async () => {
  runs = await fioRuns();
});

function setup(behaviour: Omit<RecordingBehaviour, "runs"> = {}, extra: Partial<RunSettings> = {}) {
  const { plan } = loadStudy(writeStudy(CHECK_STUDY));
  const { jobs } = buildJobs(plan!);
  const engine = new RecordingEngine({ runs, ...behaviour });
  const settings: RunSettings = { engine, studyName: plan!.study.name, resultsDir: freshDirectory("check-mode-run"), studyFile: plan!.study.file, ...extra };
  return { jobs, engine, settings };
}

const CHECKED = { "raw-none-virtio": "passed", "raw-none-sata": "passed", "raw-writeback-virtio": "passed", "raw-writeback-sata": "passed" } as const;

describe("a check-mode study's jobs", () => {
  it("are the baseline, which measures, then one disk check per scenario", () => {
    const { jobs } = setup();
    expect(jobs.map((j) => [j.name, j.kind])).toEqual([
      ["baseline", "baseline"],
      ["raw-none-virtio", "check"],
      ["raw-none-sata", "check"],
      ["raw-writeback-virtio", "check"],
      ["raw-writeback-sata", "check"],
    ]);
  });
});

describe("runStudy of a check-mode study", () => {
  it("completes a scenario whose disk check passed, and fails one whose check found the disk otherwise, saying what differed", async () => {
    const { jobs, engine, settings } = setup({ checks: { ...CHECKED, "raw-writeback-sata": "failed" } });
    const summary = await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(jobs.map((j) => j.name));
    expect(summary.outcomes.map((o) => [o.job.name, o.status])).toEqual([
      ["baseline", "completed"],
      ["raw-none-virtio", "completed"],
      ["raw-none-sata", "completed"],
      ["raw-writeback-virtio", "completed"],
      ["raw-writeback-sata", "failed"],
    ]);
    const failed = summary.outcomes[4];
    expect(failed?.reason).toBe(
      `the disk check failed (${join(settings.resultsDir, "raw-writeback-sata.json")}): cache in the domain XML: expected writethrough, found none; ` +
        "O_DIRECT in QEMU: cache.direct (query-block; cache=writethrough): expected off, found on; " +
        "the guest's write cache: the device's write-cache (qom-get; cache=writethrough): expected off, found on; " +
        "O_DIRECT on QEMU's open file (fdinfo; cache=writethrough): expected off, found on",
    );
    expect(formatSummary(summary)).toContain(`  completed raw-none-virtio on host in 0s: ${join(settings.resultsDir, "raw-none-virtio.json")}`);
    expect(exitCodeOf(summary)).toBe(1);
  });

  it("--resume skips passed checks and reruns a failed check, a missing one, and measurements where a check is due", async () => {
    const { jobs, engine, settings } = setup({ checks: CHECKED }, { resume: true });
    const at = (name: string) => join(settings.resultsDir, `${name}.json`);
    writeResultFile(settings.resultsDir, "baseline", "baseline", {}, runs);
    writeCheckResult(at("raw-none-virtio"), "raw-none-virtio", "passed");
    writeCheckResult(at("raw-none-sata"), "raw-none-sata", "failed");
    writeResultFile(settings.resultsDir, "raw-writeback-virtio", "scenario", {}, runs);
    expect(resultProblem(at("raw-writeback-virtio"), "check")).toMatch(/^incomplete result file: .*raw-writeback-virtio\.json: not a disk check's result; expected a disk check's result file/);
    expect(resultProblem(at("raw-none-virtio"), "scenario")).toMatch(/raw-none-virtio\.json: a disk check's result \(kind "check": the disk was checked, no benchmark ran\), not measurements/);

    const summary = await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(["raw-none-sata", "raw-writeback-virtio", "raw-writeback-sata"]);
    expect(summary.outcomes.map((o) => o.status)).toEqual(["skipped", "skipped", "completed", "completed", "completed"]);
  });

  it("--keep leaves a checked scenario deployed, as it does a measured one", async () => {
    const { jobs, engine, settings } = setup({ checks: CHECKED }, { keep: true });
    const summary = await runStudy(jobs.slice(0, 2), settings);
    expect(engine.events.map((e) => `${e.verb} ${e.stack}`)).toEqual(["deploy baseline", "destroy baseline", "deploy raw-none-virtio"]);
    expect(summary.outcomes[1]).toMatchObject({ status: "completed", leftDeployed: true });
  });
});
