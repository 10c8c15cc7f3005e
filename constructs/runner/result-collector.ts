import { Construct } from "constructs";
import { ITerraformDependable, TerraformOutput } from "../core/cdktf";
import { TerraformData } from "../core/terraform-data";
import { Host } from "../host/host";
import { escapeTerraformTemplate } from "../core/terraform-string";
import { renderHostScript } from "../host/script";
import { stepValueProblems, terraformValues } from "../host/step-values";
import type { ExpectedDisk } from "../../domain/disk-check";
import type { DiskCheckHostFiles, RunHostFiles } from "../../domain/locations";
import { PROJECT_ROOT, runnerScript } from "./runner-scripts";

export interface ResultCollectorProps {
  /** The KVM host the results were measured on. */
  readonly host: Host;
  /** Scenario (stack) name, recorded in the result file. */
  readonly scenario: string;
  /** A guest scenario, the host-side baseline, or a disk check (DiskCheck). */
  readonly kind: "scenario" | "baseline" | "check";
  /** The run's files on the KVM host: the frames, the host's facts, the cache record (domain/locations.ts). */
  readonly hostFiles: Pick<RunHostFiles, "serialLog" | "hostFacts" | "cacheRecord">;
  /** A disk check's records on the host and what it expects of the disk: required with kind "check", which reads them instead of frames. @default - none */
  readonly check?: { readonly records: DiskCheckHostFiles; readonly expected: ExpectedDisk };
  /** Where the result file is written on the machine running Terraform (the stack's `results_path` output). */
  readonly resultFile: string;
  /** The scenario's full configuration, carried into the result file. */
  readonly configuration: Record<string, unknown>;
  /** What must finish first (the wait step). */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * Brings a scenario's results home: on the machine running Terraform (local-exec), fetches the
 * serial log and host facts from the KVM host, verifies the frames and writes the result file;
 * for a disk check, fetches the check's records instead and judges them (failing when the disk
 * is not as expected). The stack's `results_path` output names the file.
 */
export class ResultCollector extends Construct {
  /** Escape hatch: the terraform_data resource running the collector. */
  public readonly resource: TerraformData;
  /** Where the result file is written. */
  public readonly resultPath: string;
  /** The collector's environment as it runs (before escaping for Terraform). */
  public readonly environment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ResultCollectorProps) {
    super(scope, id);
    this.resultPath = props.resultFile;
    if ((props.kind === "check") !== (props.check !== undefined)) {
      throw new Error(`${this.node.path}: a result collector reads a disk check's records exactly when its kind is "check" (kind ${props.kind}, ${props.check ? "with" : "without"} records)`);
    }
    const connection = props.host.connection;
    const ssh: Record<string, string> =
      connection.kind === "ssh"
        ? {
            SSH_HOST: connection.host,
            SSH_USER: connection.user,
            SSH_PORT: String(connection.port),
            SSH_KEY: connection.privateKeyFile,
          }
        : {};
    this.environment = {
      SCENARIO: props.scenario,
      KIND: props.kind,
      SERIAL_LOG: props.hostFiles.serialLog,
      HOST_FACTS: props.hostFiles.hostFacts,
      CACHE_RECORD: props.hostFiles.cacheRecord,
      RESULT_FILE: props.resultFile,
      CONFIGURATION: JSON.stringify(props.configuration),
      ...(props.check ? checkEnvironment(props.check) : {}),
      KVMBENCH_REPO: PROJECT_ROOT,
      ...ssh,
    };
    this.resource = new TerraformData(this, "collect", {
      dependsOn: [...props.dependsOn],
      provisioners: [
        {
          type: "local-exec",
          interpreter: ["/bin/bash", "-c"],
          command: escapeTerraformTemplate(renderHostScript(runnerScript("collect.sh"))),
          environment: terraformValues(this.environment),
        },
      ],
    });
    new TerraformOutput(this, "results_path", {
      value: escapeTerraformTemplate(this.resultPath),
      description: `result file of ${props.scenario}`,
    }).overrideLogicalId("results_path");
    this.node.addValidation({ validate: () => Object.entries(this.environment).flatMap(([name, value]) => stepValueProblems(name, value)) });
  }
}

/** What collect.sh needs for a disk check: the records on the host and the expected disk. */
function checkEnvironment(check: NonNullable<ResultCollectorProps["check"]>): Record<string, string> {
  const { records } = check;
  return {
    CHECK_DOMAIN_XML: records.domainXml,
    CHECK_BLOCK_LIST: records.blockList,
    CHECK_QUERY_BLOCK: records.queryBlock,
    CHECK_WRITE_CACHE: records.writeCache,
    CHECK_QEMU_PROCESS: records.qemuProcess,
    EXPECTED_DISK: JSON.stringify(check.expected),
  };
}
