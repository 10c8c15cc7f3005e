import { Construct } from "constructs";
import { join } from "node:path";
import type { ITerraformDependable } from "../core/cdktf";
import { Host } from "../host/host";
import { HostStep } from "../host/host-step";
import type { RunHostFiles } from "../../domain/locations";

/** Host-step scripts of the runner constructs (real files: the tests run them too). */
export type RunnerScript = "prepare-run.sh" | "await-results.sh" | "check-disk.sh" | "baseline.sh" | "collect.sh";

export function runnerScript(name: RunnerScript): string {
  return join(__dirname, "scripts", name);
}

/** The project's root, where `collect.sh` runs the result collector from. */
export const PROJECT_ROOT = join(__dirname, "..", "..");

/**
 * The step before a benchmark (guest or baseline): sets aside an earlier run's logs, records
 * the host's facts and drops its caches, into the run's files on the host.
 */
export function prepareRunStep(
  scope: Construct,
  props: { host: Host; files: RunHostFiles; dependsOn?: readonly ITerraformDependable[]; zfsDataset?: string },
): HostStep {
  const { files } = props;
  return new HostStep(scope, "prepare", {
    host: props.host,
    script: runnerScript("prepare-run.sh"),
    environment: {
      SERIAL_LOG: files.serialLog,
      CONSOLE_LOG: files.consoleLog,
      HOST_FACTS: files.hostFacts,
      CACHE_RECORD: files.cacheRecord,
      // Only where there is one, so that other stacks' steps keep their inputs.
      ...(props.zfsDataset !== undefined ? { ZFS_DATASET: props.zfsDataset } : {}),
    },
    dependsOn: props.dependsOn,
  });
}
