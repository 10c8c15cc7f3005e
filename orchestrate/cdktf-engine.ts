/** The real DeployEngine: `cdktf deploy|destroy <stack> --auto-approve` in the project directory. */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { StackAborted, type DeployEngine, type DeployEngineOptions, type StackRequest } from "./deploy-engine";
import { descendantsNamed } from "./process-tree";

/** The kvmbench project directory (where cdktf.json and main.ts are). */
export const PROJECT_DIR = resolve(__dirname, "..");

/** Grace period after SIGINT before the command is killed. */
const STOP_GRACE_MS = 5 * 60_000;

/** Signals one process; one that already ended is fine. */
function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // the process has already exited
  }
}

/** Signals the child's process group; a group that already ended is fine. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid !== undefined) signalProcess(-pid, signal);
}

function cdktfCommand(projectDir: string): { command: string; args: string[] } {
  const local = join(projectDir, "node_modules", ".bin", "cdktf");
  return existsSync(local) ? { command: local, args: [] } : { command: "npx", args: ["cdktf"] };
}

/**
 * Spawns cdktf in its own process group (a terminal Ctrl-C then reaches only kvmbench, which
 * decides what to stop), appends its output to the request's log file, and on abort stops
 * terraform gracefully, waits for it (at most 5 minutes, then SIGKILL) and rejects with
 * StackAborted.
 *
 * Gracefully means one SIGINT to terraform itself: it finishes the operations in flight (a
 * domain being created) and saves them in its state, so the destroy that follows removes them.
 * cdktf runs terraform in a terminal of its own, and on SIGINT it writes Ctrl-C there and exits
 * at once, which hangs that terminal up and kills terraform before it saves its state (a guest
 * then outlives its stack). So cdktf gets the SIGINT only while no terraform runs (synth).
 */
export class CdktfEngine implements DeployEngine {
  /**
   * @param projectDir where cdktf.json is
   * @param extraArgs appended to every cdktf command, e.g. ["--skip-synth"] to deploy what is already in the output directory
   */
  constructor(
    private readonly projectDir: string = PROJECT_DIR,
    private readonly extraArgs: readonly string[] = [],
  ) {}

  deploy(request: StackRequest): Promise<void> {
    return this.execute("deploy", request);
  }

  destroy(request: StackRequest): Promise<void> {
    return this.execute("destroy", request);
  }

  private execute(verb: "deploy" | "destroy", request: StackRequest): Promise<void> {
    mkdirSync(dirname(request.logFile), { recursive: true });
    mkdirSync(request.outputDir, { recursive: true });
    const log = createWriteStream(request.logFile, { flags: "a" });
    const { command, args } = cdktfCommand(this.projectDir);
    const outputs: string[] = [];
    if (verb === "deploy" && request.outputsFile !== undefined) {
      mkdirSync(dirname(request.outputsFile), { recursive: true });
      outputs.push("--outputs-file", request.outputsFile);
    }
    const fullArgs = [...args, verb, request.stack, "--auto-approve", "--output", request.outputDir, ...outputs, ...this.extraArgs];
    log.write(`\n=== ${new Date().toISOString()} ${command} ${fullArgs.join(" ")}\n`);
    return new Promise((done, fail) => {
      if (request.signal?.aborted) {
        log.end();
        fail(new StackAborted(request.stack));
        return;
      }
      const child = spawn(command, fullArgs, {
        cwd: this.projectDir,
        env: { ...process.env, ...request.env, CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      let aborted = false;
      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        aborted = true;
        const terraform = child.pid === undefined ? [] : descendantsNamed(child.pid, "terraform");
        if (terraform.length > 0) {
          log.write(`\n=== ${new Date().toISOString()} interrupt: sending SIGINT to terraform (pid ${terraform.join(", ")}): it saves what it made, then cdktf ${verb} ends\n`);
          for (const pid of terraform) signalProcess(pid, "SIGINT");
        } else {
          log.write(`\n=== ${new Date().toISOString()} interrupt: sending SIGINT to cdktf ${verb}\n`);
          signalGroup(child.pid, "SIGINT");
        }
        killTimer = setTimeout(() => {
          for (const pid of terraform) signalProcess(pid, "SIGKILL");
          signalGroup(child.pid, "SIGKILL");
        }, STOP_GRACE_MS);
      };
      request.signal?.addEventListener("abort", onAbort, { once: true });
      const finish = (error?: Error): void => {
        request.signal?.removeEventListener("abort", onAbort);
        if (killTimer) clearTimeout(killTimer);
        log.end(() => (error ? fail(error) : done()));
      };
      child.on("error", (error) => finish(new Error(`cannot start ${command}: ${error.message}; is cdktf-cli installed (npm ci)?`)));
      child.on("close", (code, signal) => {
        log.write(`=== ${new Date().toISOString()} cdktf ${verb} ended with ${signal ?? `exit code ${code}`}\n`);
        if (aborted) finish(new StackAborted(request.stack));
        else if (code === 0) finish();
        else finish(new Error(`cdktf ${verb} ${request.stack} failed (${signal ?? `exit code ${code}`})`));
      });
    });
  }
}

/** The engine `kvmbench run` deploys with: cdktf in this project, with the flags the preflight asked for. */
export function cdktfEngine(options: DeployEngineOptions): CdktfEngine {
  return new CdktfEngine(PROJECT_DIR, options.skipProviderLock ? ["--skip-provider-lock"] : []);
}
