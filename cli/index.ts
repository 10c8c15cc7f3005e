import { Command, CommanderError } from "commander";
import { ResultInputError } from "../results/errors";
import { processStreams, type CliStreams } from "./cli-streams";
import { registerReportCommand } from "./commands/report";

/** The kvmbench version shown by --version. */
export const KVMBENCH_VERSION = "0.1.0";

/**
 * Builds the `kvmbench` program. Each command lives in its own file under `cli/commands/` and
 * registers itself here (report now; validate, list and run to come).
 */
export function buildProgram(streams: CliStreams = processStreams): Command {
  const program = new Command("kvmbench")
    .description("kvmbench: KVM storage studies as code (CDK for Terraform + libvirt)")
    .version(KVMBENCH_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: streams.stdout, writeErr: streams.stderr });
  registerReportCommand(program, streams);
  program.commands.forEach((command) => command.exitOverride());
  return program;
}

/**
 * Runs the CLI with `argv` (as in process.argv) and resolves to the exit code: 0 on success,
 * 1 for unusable input (the message names the file and what was expected), commander's code for
 * usage errors.
 */
export async function runCli(argv: readonly string[], streams: CliStreams = processStreams): Promise<number> {
  const program = buildProgram(streams);
  try {
    await program.parseAsync([...argv]);
    return 0;
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
