/**
 * The runner loop of `kvmbench run`: for each job, deploy (which ends when the results are on
 * this machine), check the result file, destroy (unless --keep); device queues in parallel;
 * --resume skips complete results; an abort stops new starts and destroys what is running.
 */
import { rmSync } from "node:fs";
import { hostResultsDirectory, outputsFile, runHostFiles, runLogFile, stateFile, synthSlotDirectory } from "../domain/locations";
import { StackAborted, type DeployEngine, type StackRequest } from "./deploy-engine";
import { jobClaims, type Job } from "./jobs";
import type { JobOutcome, RunSummary } from "./outcome";
import { estimateRemaining, formatDuration, progressLine } from "./progress";
import { resultFileOf, resultProblem } from "./result-check";
import { readResultsPath, RESULTS_PATH_OUTPUT } from "./stack-outputs";
import { runScheduled, type JobEnd } from "./schedule";
import { stateHoldsResources } from "./stack-state";

/** Everything the loop needs; files and commands come in through here so tests can replace them. */
export interface RunSettings {
  readonly engine: DeployEngine;
  /** The study's name (the runner files host-side logs under it). */
  readonly studyName: string;
  /**
   * Absolute directory of result files (KVMBENCH_RESULTS); logs, synth output slots and the
   * stacks' outputs go beside them (domain/locations.ts).
   */
  readonly resultsDir: string;
  /** Absolute path of the study file. */
  readonly studyFile: string;
  /** Skip jobs whose result file is complete. @default false */
  readonly resume?: boolean;
  /** Leave scenario stacks deployed (the baseline is always destroyed). @default false */
  readonly keep?: boolean;
  /** Aborting stops new starts and destroys the running stacks. */
  readonly signal?: AbortSignal;
  /** Receives progress lines (no newline). */
  readonly progress?: (line: string) => void;
  /** Clock in milliseconds. @default Date.now */
  readonly now?: () => number;
  /** undefined when the result file is complete, else the problem. @default resultProblem */
  readonly checkResult?: (path: string, kind: Job["kind"]) => string | undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parallelismOf(jobs: readonly Job[]): number {
  return Math.max(1, Math.min(jobs.length, new Set(jobs.flatMap(jobClaims)).size));
}

/** Runs the jobs (already in run order, baseline first) and resolves to what happened to each. */
export async function runStudy(jobs: readonly Job[], settings: RunSettings): Promise<RunSummary> {
  const now = settings.now ?? Date.now;
  const progress = settings.progress ?? (() => undefined);
  const checkResult = settings.checkResult ?? resultProblem;
  const signal = settings.signal ?? new AbortController().signal;
  const started = now();
  const total = jobs.length;
  const outcomes = new Map<Job, JobOutcome>();
  const durations: number[] = [];
  const freeSlots: number[] = [];
  let slotCount = 0;
  let index = 0;

  const toRun: Job[] = [];
  for (const job of jobs) {
    const resultFile = resultFileOf(settings.resultsDir, job);
    if (settings.resume && checkResult(resultFile, job.kind) === undefined) {
      outcomes.set(job, { job, status: "skipped", resultFile });
      progress(progressLine(++index, total, job.name, "skipped: complete result exists (--resume)", now() - started, undefined));
    } else toRun.push(job);
  }
  const parallelism = parallelismOf(toRun);
  const eta = (): number | undefined => estimateRemaining({ durations, remaining: toRun.length - durations.length, parallelism });

  const runJob = async (job: Job): Promise<JobEnd> => {
    const position = ++index;
    const slot = freeSlots.shift() ?? slotCount++;
    const jobStart = now();
    const logFile = runLogFile(settings.resultsDir, job.name);
    const outputDir = synthSlotDirectory(settings.resultsDir, slot);
    const outputs = outputsFile(settings.resultsDir, job.name);
    // The app builds each scenario for its first allowed host unless KVMBENCH_HOST names another.
    const env: Record<string, string> = {
      KVMBENCH_STUDY: settings.studyFile,
      KVMBENCH_RESULTS: settings.resultsDir,
      ...(job.onDefaultHost ? {} : { KVMBENCH_HOST: job.host.name }),
    };
    const request: StackRequest = { stack: job.name, env, outputDir, logFile, outputsFile: outputs };
    const destroyCommand = `${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")} npx cdktf destroy ${job.name} --auto-approve --output ${outputDir}`;
    const hostFailedFile = runHostFiles(hostResultsDirectory(job.host.workdir, settings.studyName), job.name).failed;
    const line = (what: string): void => progress(progressLine(position, total, job.name, what, now() - started, eta()));
    line(`deploying on ${job.host.name} (${job.claims.join(", ")}); log ${logFile}`);

    let failure: string | undefined;
    let interrupted = false;
    // The stack says where it wrote its result file: its results_path output, read after the deploy.
    let written: string | undefined;
    try {
      rmSync(outputs, { force: true });
      await settings.engine.deploy({ ...request, signal });
      written = readResultsPath(outputs, job.name);
      failure = written === undefined ? `the deploy left no ${RESULTS_PATH_OUTPUT} output in ${outputs}` : checkResult(written, job.kind);
    } catch (error) {
      interrupted = error instanceof StackAborted || signal.aborted;
      failure = interrupted ? "stopped by interrupt during deploy; destroyed" : `deploy failed: ${message(error)}`;
    }
    const keep = settings.keep === true && job.kind !== "baseline" && !interrupted;
    let leftDeployed = keep;
    if (!keep) {
      line(interrupted ? "interrupted: destroying" : "destroying");
      try {
        await settings.engine.destroy(request);
      } catch (error) {
        // A deploy that failed before it created anything (at terraform init, say) leaves an empty
        // state, and its destroy fails the same way: nothing is deployed, no device is held.
        leftDeployed = stateHoldsResources(stateFile(settings.resultsDir, job.name));
        failure = `${failure ? `${failure}; ` : ""}destroy failed: ${message(error)}; ${
          leftDeployed ? `the stack is still deployed and holds ${job.claims.join(", ")}` : "its state holds nothing, so nothing is left deployed"
        }`;
      }
    }
    const durationMs = now() - jobStart;
    const status = interrupted ? "interrupted" : failure ? "failed" : "completed";
    if (!interrupted) durations.push(durationMs);
    outcomes.set(job, {
      job,
      status,
      durationMs,
      logFile,
      ...(failure ? { reason: failure } : {}),
      ...(status === "failed" ? { hostFailedFile: `${hostFailedFile} on ${job.host.name}` } : {}),
      ...(status === "completed" && written !== undefined ? { resultFile: written } : {}),
      ...(leftDeployed ? { leftDeployed, destroyCommand } : {}),
    });
    line(`${status === "completed" ? "done" : status}${keep ? " (kept)" : ""} in ${formatDuration(durationMs)}${failure ? `: ${failure}` : ""}`);
    freeSlots.push(slot);
    freeSlots.sort((a, b) => a - b);
    return { releaseDevices: !leftDeployed };
  };

  const { notStarted, blocked } = await runScheduled(toRun, { claims: jobClaims, run: runJob, mayStart: () => !signal.aborted });
  for (const job of notStarted) outcomes.set(job, { job, status: "not-started" });
  for (const [job, held] of blocked) {
    outcomes.set(job, { job, status: "blocked", reason: `needs ${held.join(", ")}, still held by a stack left deployed (--keep or a failed destroy)` });
  }
  return { outcomes: jobs.map((job) => outcomes.get(job)!), interrupted: signal.aborted, elapsedMs: now() - started };
}
