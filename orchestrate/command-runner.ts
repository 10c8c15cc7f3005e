/** Running external commands (terraform, virsh, df, ssh) behind an interface tests can replace. */
import { spawn } from "node:child_process";

/** What a finished command gave. */
export interface CommandResult {
  /** Exit status; null when the command could not start or was killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command could not be started, e.g. "ENOENT" when it is not on PATH. */
  readonly spawnError?: string;
}

/** How to run one command. */
export interface CommandOptions {
  /** @default 30 s */
  readonly timeoutMs?: number;
  /** Variables set on top of this process's environment. @default {} */
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs `command` with `args` (no shell) and resolves when it ends; never rejects. */
export type CommandRunner = (command: string, args: readonly string[], options?: CommandOptions) => Promise<CommandResult>;

/** The real runner: child_process.spawn with a timeout (default 30 s). */
export const spawnCommandRunner: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let settled = false;
    const finish = (result: CommandResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(command, [...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish({ code: null, stdout, stderr: `${stderr}\n(timed out after ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s)` });
    }, options.timeoutMs ?? 30_000);
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error: NodeJS.ErrnoException) => finish({ code: null, stdout, stderr: error.message, spawnError: error.code ?? error.message }));
    child.on("close", (code) => finish({ code, stdout, stderr }));
  });
