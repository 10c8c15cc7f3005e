import { execFile } from "node:child_process";
import { resolve } from "node:path";

/** The package's real `kvmbench` command. */
export const BIN = resolve(__dirname, "../../bin/kvmbench.js");

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real bin with node and collects its exit code and output. */
export function kvmbench(...args: string[]): Promise<Outcome> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
