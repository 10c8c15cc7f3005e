/** The unit the orchestrator runs: one stack (the baseline or a scenario) on one host. */
import type { HostSpec } from "../study";

/** One stack to deploy, check and destroy. */
export interface Job {
  /** Stack name (the scenario name, or "baseline"). */
  readonly name: string;
  /** The baseline, a scenario that measures, or a scenario whose disk is only checked (`benchmark.mode: check`). */
  readonly kind: "baseline" | "scenario" | "check";
  /** The host it runs on. */
  readonly host: HostSpec;
  /** Device paths on `host` the stack consumes (preflight checks they are block devices). */
  readonly devices: readonly string[];
  /**
   * Paths on `host` the stack holds for its whole deploy-check-destroy: its devices, and whatever
   * else its storage's backend claims. Two jobs with a claim in common never run at once.
   */
  readonly claims: readonly string[];
  /**
   * True when the study puts this stack on `host` as written; false when the scheduler moved it
   * to another allowed host (then it is synthesized from a copy of the study listing `host` first).
   */
  readonly onDefaultHost: boolean;
}

/** The key of a claim: host name and path. */
export function deviceKey(host: HostSpec, path: string): string {
  return `${host.name}:${path}`;
}

/** Every claim key of a job. */
export function jobClaims(job: Job): string[] {
  return job.claims.map((path) => deviceKey(job.host, path));
}
