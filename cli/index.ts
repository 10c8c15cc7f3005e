import { Command, CommanderError } from "commander";
import { ResultInputError } from "../results/errors";
import { processStreams, type CliStreams } from "./cli-streams";
import { cdktfEngine, spawnCommandRunner } from "../orchestrate";
import { registerListCommand } from "./commands/list";
import { registerReportCommand } from "./commands/report";
import { processInterrupts, registerRunCommand, type RunDependencies } from "./commands/run";
import { registerValidateCommand } from "./commands/validate";
import { KVMBENCH_VERSION } from "../domain/version";

export { KVMBENCH_VERSION };

/** The real deploy engine, command runner and signals used by `kvmbench run`. */
export const defaultRunDependencies: RunDependencies = {
  engine: cdktfEngine,
  commandRunner: spawnCommandRunner,
  onInterrupt: processInterrupts,
};

/** Where commands leave their exit code (commands that only succeed or throw leave 0). */
export interface ExitCodeHolder {
  code: number;
}

/**
 * Builds the `kvmbench` program. Each command lives in its own file under `cli/commands/` and
 * registers itself here: validate, list, run, report.
 */
export function buildProgram(
  streams: CliStreams = processStreams,
  runDependencies: RunDependencies = defaultRunDependencies,
  exit: ExitCodeHolder = { code: 0 },
): Command {
  const program = new Command("kvmbench")
    .description("kvmbench: KVM storage studies as code (CDK for Terraform + libvirt)")
    .version(KVMBENCH_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: streams.stdout, writeErr: streams.stderr });
  const setExitCode = (code: number): void => {
    exit.code = code;
  };
  registerValidateCommand(program, streams, setExitCode);
  registerListCommand(program, streams, setExitCode);
  registerRunCommand(program, streams, runDependencies, setExitCode);
  registerReportCommand(program, streams);
  program.commands.forEach((command) => command.exitOverride());
  return program;
}

/**
 * Runs the CLI with `argv` (as in process.argv) and resolves to the exit code: the command's own
 * (see each command's help), 1 for unusable input (the message names the file and what was
 * expected), commander's code for usage errors.
 */
export async function runCli(
  argv: readonly string[],
  streams: CliStreams = processStreams,
  runDependencies: RunDependencies = defaultRunDependencies,
): Promise<number> {
  const exit: ExitCodeHolder = { code: 0 };
  const program = buildProgram(streams, runDependencies, exit);
  try {
    await program.parseAsync([...argv]);
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const command = argv[2] ? `kvmbench ${argv[2]}` : "kvmbench";
    if (error instanceof ResultInputError) {
      streams.stderr(`${command}: error: ${error.message}\n`);
      return 1;
    }
    streams.stderr(`${command}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
