import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildJobs, exitCodeOf, formatSummary, runStudy, type Job, type RunSettings } from "../../orchestrate";
import type { BenchmarkRun } from "../../results/result-file";
import { loadStudy, type StudyPlan } from "../../study";
import { freshDirectory, writeResultFile } from "../fixtures/results/fio-study";
import { fioRuns, ONE_HOST_STUDY, RecordingEngine, TWO_HOST_STUDY, writeStudy, type EngineEvent, type RecordingBehaviour } from "./support";

let runs: BenchmarkRun[];
beforeAll(async () => {
  runs = await fioRuns();
});

function planOf(text: string): StudyPlan {
  const { plan, errors } = loadStudy(writeStudy(text));
  expect(errors).toEqual([]);
  return plan!;
}

interface Setup {
  readonly plan: StudyPlan;
  readonly jobs: readonly Job[];
  readonly engine: RecordingEngine;
  readonly settings: RunSettings;
  readonly progress: string[];
}

function setup(text: string, behaviour: Omit<RecordingBehaviour, "runs"> = {}, extra: Partial<RunSettings> = {}, only?: string): Setup {
  const plan = planOf(text);
  const { jobs } = buildJobs(plan, { only });
  const engine = new RecordingEngine({ runs, ...behaviour });
  const resultsDir = freshDirectory("orchestrate-results");
  const progress: string[] = [];
  const settings: RunSettings = {
    engine,
    studyName: plan.study.name,
    resultsDir,
    studyFile: plan.study.file,
    progress: (line) => progress.push(line),
    ...extra,
  };
  return { plan, jobs, engine, settings, progress };
}

const SCENARIOS = ["raw-none-virtio", "raw-none-sata", "raw-writeback-virtio", "raw-writeback-sata"];

describe("runStudy with a recording stand-in for cdktf", () => {
  it("runs the baseline first, then each scenario in study order: deploy, result check, destroy", async () => {
    const { jobs, engine, settings, progress } = setup(ONE_HOST_STUDY);
    const summary = await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(["baseline", ...SCENARIOS]);
    // one device: strictly one after the other, each destroyed before the next deploy
    const verbs = engine.events.map((e) => `${e.verb} ${e.stack}`);
    expect(verbs).toEqual(["baseline", ...SCENARIOS].flatMap((s) => [`deploy ${s}`, `destroy ${s}`]));
    expect(summary.outcomes.map((o) => o.status)).toEqual(Array(5).fill("completed"));
    expect(exitCodeOf(summary)).toBe(0);
    for (const name of ["baseline", ...SCENARIOS]) expect(existsSync(join(settings.resultsDir, `${name}.json`))).toBe(true);
    expect(engine.events[0].env).toEqual({ KVMBENCH_STUDY: expect.stringMatching(/study\.yaml$/), KVMBENCH_RESULTS: settings.resultsDir });
    expect(progress[0]).toMatch(/^\[1\/5\] baseline deploying on host \(\/dev\/disk\/by-id\/ata-TEST_SSD\); log .*logs\/baseline\.log \(elapsed 0s, ETA unknown\)$/);
    expect(progress.find((l) => l.startsWith("[2/5] raw-none-virtio deploying"))).toMatch(/ETA \d+s\)$/);
    expect(progress).toContainEqual(expect.stringMatching(/^\[5\/5\] raw-writeback-sata done in \d+s \(elapsed \d+s, ETA 0s\)$/));
  });

  it("--resume skips stacks whose complete result exists and reruns incomplete ones", async () => {
    const { jobs, engine, settings, progress } = setup(ONE_HOST_STUDY, {}, { resume: true });
    writeResultFile(settings.resultsDir, "baseline", "baseline", {}, runs);
    writeResultFile(settings.resultsDir, "raw-none-virtio", "scenario", {}, runs);
    writeResultFile(settings.resultsDir, "raw-none-sata", "scenario", {}, []); // no runs: incomplete
    const summary = await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(["raw-none-sata", "raw-writeback-virtio", "raw-writeback-sata"]);
    expect(summary.outcomes.map((o) => [o.job.name, o.status])).toEqual([
      ["baseline", "skipped"],
      ["raw-none-virtio", "skipped"],
      ["raw-none-sata", "completed"],
      ["raw-writeback-virtio", "completed"],
      ["raw-writeback-sata", "completed"],
    ]);
    expect(progress[0]).toBe("[1/5] baseline skipped: complete result exists (--resume) (elapsed 0s, ETA unknown)");
    expect(exitCodeOf(summary)).toBe(0);
  });

  it("--only runs just the matching stacks (picomatch on stack names)", async () => {
    const { jobs, engine, settings } = setup(ONE_HOST_STUDY, {}, {}, "{baseline,*-sata}");
    await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(["baseline", "raw-none-sata", "raw-writeback-sata"]);
  });

  it("--keep leaves scenarios deployed (not the baseline); later scenarios on the held device do not start", async () => {
    const { jobs, engine, settings } = setup(ONE_HOST_STUDY, {}, { keep: true });
    const summary = await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(["baseline", "raw-none-virtio"]);
    expect(engine.destroyed()).toEqual(["baseline"]);
    const byName = new Map(summary.outcomes.map((o) => [o.job.name, o]));
    expect(byName.get("raw-none-virtio")).toMatchObject({ status: "completed", leftDeployed: true });
    expect(byName.get("raw-none-virtio")!.destroyCommand).toMatch(/^KVMBENCH_STUDY=\S+ KVMBENCH_RESULTS=\S+ npx cdktf destroy raw-none-virtio --auto-approve --output \S+slot-0$/);
    expect(byName.get("raw-none-sata")).toMatchObject({ status: "blocked", reason: expect.stringContaining("host:/dev/disk/by-id/ata-TEST_SSD") });
    expect(exitCodeOf(summary)).toBe(1);
    const text = formatSummary(summary).join("\n");
    expect(text).toContain("still deployed (1); remove each with:");
    expect(text).toContain("not started, device still held (3):");
  });

  it("--keep with --only on one scenario keeps it and reports success", async () => {
    const { jobs, engine, settings } = setup(ONE_HOST_STUDY, {}, { keep: true }, "raw-none-sata");
    const summary = await runStudy(jobs, settings);
    expect(engine.destroyed()).toEqual([]);
    expect(exitCodeOf(summary)).toBe(0);
  });

  it("an interrupt mid-run destroys the running scenario, starts no later one, and says what ran", async () => {
    const controller = new AbortController();
    const { jobs, engine, settings } = setup(
      ONE_HOST_STUDY,
      {
        deployMs: (stack) => (stack === "raw-none-sata" ? 2_000 : 20),
        onDeployStart: (stack) => stack === "raw-none-sata" && setTimeout(() => controller.abort(), 20),
      },
      { signal: controller.signal },
    );
    const started = Date.now();
    const summary = await runStudy(jobs, settings);
    expect(Date.now() - started).toBeLessThan(1_500); // the 2 s deploy was stopped, not waited for
    expect(summary.interrupted).toBe(true);
    expect(exitCodeOf(summary)).toBe(130);
    expect(summary.outcomes.map((o) => [o.job.name, o.status])).toEqual([
      ["baseline", "completed"],
      ["raw-none-virtio", "completed"],
      ["raw-none-sata", "interrupted"],
      ["raw-writeback-virtio", "not-started"],
      ["raw-writeback-sata", "not-started"],
    ]);
    const aborted = engine.events.find((e) => e.stack === "raw-none-sata" && e.verb === "deploy")!;
    expect(aborted.outcome).toBe("aborted");
    const destroy = engine.events.find((e) => e.stack === "raw-none-sata" && e.verb === "destroy")!;
    expect(destroy.start).toBeGreaterThanOrEqual(aborted.end);
    expect(engine.deployOrder()).not.toContain("raw-writeback-virtio");
    const text = formatSummary(summary).join("\n");
    expect(text).toMatch(/^interrupted after \d+s: 5 stacks: 2 completed, 1 interrupted, 2 not-started$/m);
    expect(text).toContain("interrupted: raw-none-sata on host: stopped by interrupt during deploy; destroyed");
    expect(text).toContain("not started (2): raw-writeback-virtio, raw-writeback-sata");
  });

  it("with --keep, an interrupted scenario is still destroyed", async () => {
    const controller = new AbortController();
    const { jobs, engine, settings } = setup(
      ONE_HOST_STUDY,
      { deployMs: 2_000, onDeployStart: () => setTimeout(() => controller.abort(), 10) },
      { signal: controller.signal, keep: true },
      "raw-none-virtio",
    );
    const summary = await runStudy(jobs, settings);
    expect(engine.destroyed()).toEqual(["raw-none-virtio"]);
    expect(summary.outcomes[0]).toMatchObject({ status: "interrupted" });
    expect(summary.outcomes[0].leftDeployed).toBeUndefined();
  });

  it("a failing scenario does not stop the rest; it is reported with its log paths and the exit code is non-zero", async () => {
    const { jobs, engine, settings } = setup(ONE_HOST_STUDY, { failDeploy: ["raw-none-sata"], noResult: ["raw-writeback-virtio"] });
    const summary = await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(["baseline", ...SCENARIOS]);
    expect(engine.destroyed()).toEqual(["baseline", ...SCENARIOS]); // the failed ones are destroyed too
    expect(summary.outcomes.map((o) => o.status)).toEqual(["completed", "completed", "failed", "failed", "completed"]);
    expect(exitCodeOf(summary)).toBe(1);
    const failed = summary.outcomes[2];
    expect(failed.reason).toBe("deploy failed: cdktf deploy raw-none-sata failed (exit code 1)");
    expect(failed.logFile).toBe(join(settings.resultsDir, "logs", "raw-none-sata.log"));
    expect(readFileSync(failed.logFile!, "utf8")).toBe("deploy raw-none-sata\ndestroy raw-none-sata\n");
    expect(summary.outcomes[3].reason).toBe(`no result file at ${join(settings.resultsDir, "raw-writeback-virtio.json")}`);
    const text = formatSummary(summary).join("\n");
    expect(text).toContain("failed (2):");
    expect(text).toContain(`  raw-none-sata on host: deploy failed: cdktf deploy raw-none-sata failed (exit code 1)\n    log: ${failed.logFile}`);
    expect(text).toContain("/var/lib/kvmbench/results/one-host/raw-none-sata.failed.txt on host");
  });

  it("checks the result file the stack's results_path output names, and fails a deploy that left no output", async () => {
    const elsewhere = freshDirectory("orchestrate-elsewhere");
    const { jobs, engine, settings } = setup(ONE_HOST_STUDY, {
      resultsPath: (stack, resultsDir) => (stack === "raw-none-sata" ? join(elsewhere, `${stack}.json`) : join(resultsDir, `${stack}.json`)),
      noOutputs: ["raw-writeback-virtio"],
    });
    const summary = await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(["baseline", ...SCENARIOS]);
    const byName = new Map(summary.outcomes.map((o) => [o.job.name, o]));
    expect(byName.get("raw-none-sata")).toMatchObject({ status: "completed", resultFile: join(elsewhere, "raw-none-sata.json") });
    expect(byName.get("raw-none-virtio")).toMatchObject({ status: "completed", resultFile: join(settings.resultsDir, "raw-none-virtio.json") });
    const outputs = join(settings.resultsDir, ".kvmbench", "outputs", "raw-writeback-virtio.json");
    expect(byName.get("raw-writeback-virtio")).toMatchObject({ status: "failed", reason: `the deploy left no results_path output in ${outputs}` });
  });

  it("asks each deploy for the stack's outputs in a file of its own, and reads none left from an earlier deploy", async () => {
    const { jobs, engine, settings } = setup(ONE_HOST_STUDY, { noOutputs: ["raw-none-virtio"] }, {}, "raw-none-virtio");
    const stale = join(settings.resultsDir, ".kvmbench", "outputs", "raw-none-virtio.json");
    mkdirSync(dirname(stale), { recursive: true });
    writeFileSync(stale, JSON.stringify({ "raw-none-virtio": { runner: { results: { results_path: join(settings.resultsDir, "raw-none-virtio.json") } } } }));
    const summary = await runStudy(jobs, settings);
    expect(summary.outcomes[0]).toMatchObject({ status: "failed", reason: `the deploy left no results_path output in ${stale}` });
    expect(engine.events.find((e) => e.verb === "deploy")?.outputDir).toBe(join(settings.resultsDir, ".kvmbench", "cdktf.out", "slot-0"));
  });

  it("a failed destroy keeps the device held: later scenarios on it do not start", async () => {
    const { jobs, engine, settings } = setup(ONE_HOST_STUDY, { failDestroy: ["raw-none-virtio"] });
    const summary = await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(["baseline", "raw-none-virtio"]);
    expect(summary.outcomes.map((o) => o.status)).toEqual(["completed", "failed", "blocked", "blocked", "blocked"]);
    expect(summary.outcomes[1]).toMatchObject({ leftDeployed: true, reason: expect.stringContaining("destroy failed") });
  });

  it("a deploy that failed before creating anything (empty state) holds no device: later scenarios on it run", async () => {
    const { jobs, engine, settings } = setup(ONE_HOST_STUDY, { failBeforeCreate: ["raw-none-virtio"] });
    const summary = await runStudy(jobs, settings);
    expect(engine.deployOrder()).toEqual(["baseline", ...SCENARIOS]);
    expect(summary.outcomes.map((o) => o.status)).toEqual(["completed", "failed", "completed", "completed", "completed"]);
    expect(summary.outcomes[1].leftDeployed).toBeUndefined();
    expect(summary.outcomes[1].reason).toMatch(/deploy failed: .*; destroy failed: .*; its state holds nothing, so nothing is left deployed$/);
    expect(formatSummary(summary).join("\n")).not.toContain("still deployed");
  });

  it("two hosts: one queue per host device in parallel, never two stacks on one device at once", async () => {
    const { jobs, engine, settings } = setup(TWO_HOST_STUDY, { deployMs: 40 });
    expect(jobs.map((j) => `${j.name}@${j.host.name}`)).toEqual([
      "baseline@kvm1",
      "raw-none-virtio@kvm2",
      "raw-none-sata@kvm1",
      "raw-writeback-virtio@kvm2",
      "raw-writeback-sata@kvm1",
      "raw-writethrough-virtio@kvm2",
      "raw-writethrough-sata@kvm1",
    ]);
    const summary = await runStudy(jobs, settings);
    expect(exitCodeOf(summary)).toBe(0);

    // the app builds a moved scenario for its host: KVMBENCH_HOST for kvm2, nothing for the default host
    const deployedWith = (stack: string) => engine.events.find((e: EngineEvent) => e.verb === "deploy" && e.stack === stack)!.env;
    expect(deployedWith("raw-none-virtio").KVMBENCH_HOST).toBe("kvm2");
    expect(deployedWith("raw-none-sata").KVMBENCH_HOST).toBeUndefined();
    expect(deployedWith("raw-none-virtio").KVMBENCH_STUDY).toBe(settings.studyFile);

    // a stack occupies its device from its deploy's start to its destroy's end
    const host = new Map(jobs.map((j) => [j.name, `${j.host.name}:${j.devices.join(",")}`]));
    const spans = jobs.map((j) => {
      const mine = engine.events.filter((e: EngineEvent) => e.stack === j.name);
      return { name: j.name, device: host.get(j.name)!, start: Math.min(...mine.map((e) => e.start)), end: Math.max(...mine.map((e) => e.end)) };
    });
    const overlaps = (a: (typeof spans)[number], b: (typeof spans)[number]): boolean => a.start < b.end && b.start < a.end;
    for (const a of spans) {
      for (const b of spans) if (a !== b && a.device === b.device) expect({ a: a.name, b: b.name, overlap: overlaps(a, b) }).toEqual({ a: a.name, b: b.name, overlap: false });
    }
    // most stacks in progress at one time: sweep over starts (+1) and ends (-1), ends first at equal times
    const edges = spans.flatMap((s) => [{ at: s.start, step: 1 }, { at: s.end, step: -1 }]).sort((x, y) => x.at - y.at || x.step - y.step);
    let current = 0;
    let maxConcurrent = 0;
    for (const edge of edges) maxConcurrent = Math.max(maxConcurrent, (current += edge.step));
    expect(maxConcurrent).toBe(2);
    // the baseline runs before every stack on its device
    const baseline = spans.find((s) => s.name === "baseline")!;
    for (const s of spans.filter((x) => x.device === baseline.device && x !== baseline)) expect(s.start).toBeGreaterThanOrEqual(baseline.end);

    // parallel deploys use separate synth dirs
    const outputDir = (name: string): string => engine.events.find((e) => e.stack === name)!.outputDir;
    for (const a of spans) for (const b of spans) if (a !== b && overlaps(a, b)) expect(outputDir(a.name)).not.toBe(outputDir(b.name));
  });
});
