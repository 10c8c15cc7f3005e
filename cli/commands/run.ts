import type { Command } from "commander";
import { resolve } from "node:path";
import { formatErrors, loadStudy } from "../../study";
import {
  buildJobs,
  exitCodeOf,
  formatPreflightProblems,
  formatSchedule,
  formatSummary,
  jobClaims,
  preflight,
  runStudy,
  type CommandRunner,
  checkProvider,
  type DeployEngine,
  type DeployEngineOptions,
  type Job,
} from "../../orchestrate";
import { formerResultsNote, resolveResultsDirectory } from "../../stacks/results-directory";
import type { CliStreams } from "../cli-streams";
import { STUDY_ARGUMENT_HELP, studyPath } from "../study-argument";

/** Options of `kvmbench run`, as commander parses them. */
export interface RunOptions {
  readonly only?: string;
  readonly resume?: boolean;
  readonly keep?: boolean;
  readonly results?: string;
  readonly dryRun?: boolean;
}

/** What `run` uses from the outside world; tests replace it. */
export interface RunDependencies {
  readonly engine: (options: DeployEngineOptions) => DeployEngine;
  readonly commandRunner: CommandRunner;
  /** Calls `listener` on each interrupt (SIGINT/SIGTERM); returns a function that stops listening. */
  readonly onInterrupt: (listener: () => void) => () => void;
  /** @default false */
  readonly skipPreflight?: boolean;
}

/** Exit code when the study is invalid, --only matches nothing, or a preflight check failed (nothing ran). */
export const EXIT_NOT_STARTED = 2;

/** Listens for SIGINT and SIGTERM on this process. */
export function processInterrupts(listener: () => void): () => void {
  process.on("SIGINT", listener);
  process.on("SIGTERM", listener);
  return () => {
    process.off("SIGINT", listener);
    process.off("SIGTERM", listener);
  };
}

function keepWarnings(jobs: readonly Job[]): string[] {
  const first = new Map<string, string>();
  const blocked: string[] = [];
  for (const job of jobs.filter((j) => j.kind === "scenario")) {
    const claims = jobClaims(job);
    const holder = claims.map((c) => first.get(c)).find((h) => h !== undefined);
    if (holder) blocked.push(`${job.name} (after ${holder})`);
    else claims.forEach((c) => first.set(c, job.name));
  }
  return blocked.length === 0
    ? []
    : [`warning: --keep leaves each scenario deployed on its devices, so these will not start: ${blocked.join(", ")}; narrow the run with --only`];
}

/**
 * Runs `kvmbench run` and resolves to its exit code: 0 every stack completed (or was skipped by
 * --resume), 1 some failed or could not start, 2 nothing ran (study errors, --only matched
 * nothing, preflight failed), 130 interrupted.
 */
export async function runRun(argument: string | undefined, options: RunOptions, streams: CliStreams, deps: RunDependencies): Promise<number> {
  const file = studyPath(argument);
  const { plan, errors } = loadStudy(file);
  if (!plan) {
    streams.stderr(`${formatErrors(errors)}\n${file}: the study has errors; nothing was deployed (check with: kvmbench validate ${file})\n`);
    return EXIT_NOT_STARTED;
  }
  const { jobs, unselected } = buildJobs(plan, { only: options.only });
  if (jobs.length === 0) {
    streams.stderr(`kvmbench run: --only ${options.only ?? ""} matches no stack of study ${plan.study.name}; the stacks are: ${unselected.join(", ")}\n`);
    return EXIT_NOT_STARTED;
  }
  const results = resolveResultsDirectory(options.results, plan.study.name);
  if ("problem" in results) {
    streams.stderr(`kvmbench run: --results: ${results.problem}; give a directory of your own for the result files\n`);
    return EXIT_NOT_STARTED;
  }
  const resultsDir = results.path;
  const note = options.results === undefined ? formerResultsNote(plan.study.name, resultsDir) : undefined;
  if (note) streams.stderr(`note: ${note}\n`);
  if (options.dryRun) {
    streams.stdout(`study ${plan.study.name}: run order (results in ${resultsDir}):\n${formatSchedule(jobs).join("\n")}\n`);
    return 0;
  }
  let engineOptions: DeployEngineOptions = { skipProviderLock: false };
  if (!deps.skipPreflight) {
    streams.stderr(`preflight: checking terraform, the libvirt provider, libvirt, free space and devices on ${new Set(jobs.map((j) => j.host.name)).size} host(s)\n`);
    const provider = await checkProvider(deps.commandRunner);
    const problems = [...(await preflight(jobs, { run: deps.commandRunner, guestNetwork: plan.study.guest.network })), ...provider.problems];
    engineOptions = { skipProviderLock: provider.skipProviderLock };
    if (provider.skipProviderLock && problems.length === 0) {
      streams.stderr("preflight: the libvirt provider comes from a mirror and its registry is out of reach: deploying with --skip-provider-lock\n");
    }
    if (problems.length > 0) {
      streams.stderr(`${formatPreflightProblems(problems).join("\n")}\nkvmbench run: ${problems.length} preflight problem(s); nothing was deployed\n`);
      return EXIT_NOT_STARTED;
    }
  }
  if (options.keep) for (const line of keepWarnings(jobs)) streams.stderr(`${line}\n`);

  const controller = new AbortController();
  let interrupts = 0;
  const stopListening = deps.onInterrupt(() => {
    interrupts += 1;
    if (interrupts === 1) {
      streams.stderr("\ninterrupt: starting no new scenario; destroying the running ones (this can take minutes)\n");
      controller.abort();
    } else streams.stderr("interrupt: already stopping; waiting for the running destroys so nothing half-made is left\n");
  });
  try {
    streams.stderr(`study ${plan.study.name}: ${jobs.length} stack(s); results in ${resultsDir}\n`);
    if (plan.study.benchmark.mode === "check") {
      streams.stderr("check mode: each scenario's guest is started, its disk checked as QEMU opened it, and the guest stopped; no benchmark runs in it (the baseline still measures)\n");
    }
    const summary = await runStudy(jobs, {
      engine: deps.engine(engineOptions),
      studyName: plan.study.name,
      resultsDir,
      studyFile: resolve(plan.study.file),
      resume: options.resume === true,
      keep: options.keep === true,
      signal: controller.signal,
      progress: (line) => streams.stderr(`${line}\n`),
    });
    streams.stderr(`${formatSummary(summary).join("\n")}\n`);
    return exitCodeOf(summary);
  } finally {
    stopListening();
  }
}

/** Adds `kvmbench run` to the program; `setExitCode` receives the command's exit code. */
export function registerRunCommand(program: Command, streams: CliStreams, deps: RunDependencies, setExitCode: (code: number) => void): void {
  program
    .command("run")
    .summary("deploy, measure and destroy every scenario of a study, unattended")
    .description(
      "Run a whole study: the baseline first, then each scenario: cdktf deploy (ends when its results are collected), " +
        "check the result file, cdktf destroy. Scenarios on different devices (or hosts) run in parallel; never two on one device. " +
        "Ctrl-C stops starting new scenarios, destroys the running ones and prints a summary.",
    )
    .argument("[study]", STUDY_ARGUMENT_HELP)
    .option("--only <glob>", "run only the stacks whose name matches this glob (picomatch; the baseline is named baseline), e.g. 'zvol-*' or '{baseline,*-virtio}'")
    .option("--resume", "skip stacks whose result file is complete")
    .option("--keep", "leave scenario stacks deployed after their results are in (the baseline is always destroyed)")
    .option("--results <dir>", "directory for result files and logs (default: $XDG_DATA_HOME/kvmbench/results/<study name>, ~/.local/share unless set)")
    .option("--dry-run", "print the run order with each stack's host and devices; deploy nothing")
    .addHelpText(
      "after",
      "\nExit codes: 0 all stacks complete, 1 a stack failed or could not start, 2 nothing ran (study errors, preflight), 130 interrupted.\n" +
        "\nExamples:\n" +
        "  kvmbench run                                  the bundled seed study, every stack\n" +
        "  kvmbench run my-study.yaml --resume           continue after a stop; complete results are kept\n" +
        "  kvmbench run my-study.yaml --only 'zvol-*'    only the zvol scenarios\n" +
        "  kvmbench run my-study.yaml --only zvol-none-virtio --keep   leave it deployed to inspect\n" +
        "  kvmbench run my-study.yaml --dry-run          show which host and device each stack gets\n",
    )
    .action(async (study: string | undefined, options: RunOptions) => setExitCode(await runRun(study, options, streams, deps)));
}
