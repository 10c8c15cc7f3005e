import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const RUNNER_DIR = join(__dirname, "..", "..", "runner");
export const GUEST_SCRIPT = join(RUNNER_DIR, "guest", "run-benchmark.sh");
export const HOST_DIR = join(RUNNER_DIR, "host");

export interface ScriptResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a bash script with extra environment variables (and optional PATH prefix). */
export function runScript(script: string, env: Record<string, string>, pathPrefix?: string): ScriptResult {
  const r = spawnSync("bash", [script], {
    env: { ...process.env, ...env, ...(pathPrefix ? { PATH: `${pathPrefix}:${process.env.PATH ?? ""}` } : {}) },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary directory removed by the returned cleanup function. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `kvmbench-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
