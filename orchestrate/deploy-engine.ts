/** The deploy/destroy step behind an interface: cdktf for real, a recording stand-in in tests. */

/** One deploy or destroy of one stack. */
export interface StackRequest {
  /** Stack name. */
  readonly stack: string;
  /** Environment the cdktf app reads: KVMBENCH_STUDY, KVMBENCH_RESULTS, KVMBENCH_HOST. */
  readonly env: Readonly<Record<string, string>>;
  /** Synth output directory for this run slot (so parallel deploys do not share one cdktf.out). */
  readonly outputDir: string;
  /** File the command's output is appended to. */
  readonly logFile: string;
  /**
   * Where a deploy writes the stack's outputs (`cdktf deploy --outputs-file`): the orchestrator
   * reads the result file's path, the `results_path` output, from it. @default - not written
   */
  readonly outputsFile?: string;
  /** Aborting asks the running command to stop (terraform stops gracefully) and rejects. */
  readonly signal?: AbortSignal;
}

/**
 * Deploys and destroys stacks. `deploy` resolves when the stack is applied (for a scenario: when
 * its results have been collected) and rejects with a message when it failed or was aborted.
 */
export interface DeployEngine {
  deploy(request: StackRequest): Promise<void>;
  destroy(request: StackRequest): Promise<void>;
}

/** How the engine must run cdktf on this machine (what the preflight found). */
export interface DeployEngineOptions {
  /**
   * Pass `--skip-provider-lock`: the provider comes from a mirror and its registry is out of
   * reach, so cdktf's `terraform providers lock` would fail (orchestrate/provider-check.ts).
   */
  readonly skipProviderLock: boolean;
}

/** Thrown by an engine when the request's signal stopped the command. */
export class StackAborted extends Error {
  constructor(stack: string) {
    super(`${stack}: stopped by interrupt`);
    this.name = "StackAborted";
  }
}
