import { Construct } from "constructs";
import {
  Fn,
  ITerraformDependable,
  LocalExecProvisioner,
  RemoteExecProvisioner,
  SSHProvisionerConnection,
  TerraformStack,
  Token,
} from "../core/cdktf";
import { TerraformData } from "../core/terraform-data";
import { Host } from "./host";
import { escapeTerraformTemplate } from "../core/terraform-string";
import { renderHostScript } from "./script";
import { localExecEnvironment, remoteExecExports, stepValueProblems, terraformValues } from "./step-values";

export interface HostStepProps {
  /** The host the script runs on. */
  readonly host: Host;
  /** Path of the `.sh` file (it takes `KB_ACTION=create|destroy` and its settings from the environment). */
  readonly script: string;
  /**
   * The script's settings, by environment variable name. They are stored in the step's
   * `input` (so teardown uses the values the step was created with) and changing one
   * replaces the step. Plain strings known at synth time; any text travels safely (see
   * step-values.ts), lists as one item per line.
   */
  readonly environment: Readonly<Record<string, string>>;
  /** What must exist before the step runs (and is destroyed only after it). @default - nothing */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Variables every step gets, besides its own. */
export const STEP_VARIABLES = ["KVMBENCH_STACK", "KVMBENCH_WORKDIR"] as const;

type Action = "create" | "destroy";

/**
 * A host-side step libvirt cannot do (zpool create, mkfs, qemu-img...): a `terraform_data`
 * with a create-time and a destroy-time provisioner that run the same idempotent script
 * with KB_ACTION=create or destroy. Local hosts use local-exec; remote hosts remote-exec
 * over SSH with the key read by `file()` at apply time (the key never enters the JSON), checking
 * the host's key when the host has one.
 * Destroy-time provisioners may only reference `self`, so every setting travels in `input`.
 */
export class HostStep extends Construct {
  /** Escape hatch: the terraform_data resource. */
  public readonly resource: TerraformData;
  /** Path of the script's `.sh` file. */
  public readonly script: string;
  /** The full environment of the script (the resource's `input`). */
  public readonly environment: Readonly<Record<string, string>>;
  /** The script as it runs on the host (library included, not yet escaped for Terraform). */
  public readonly scriptText: string;

  constructor(scope: Construct, id: string, props: HostStepProps) {
    super(scope, id);
    this.environment = {
      KVMBENCH_STACK: TerraformStack.of(this).node.id,
      KVMBENCH_WORKDIR: props.host.workdir,
      ...props.environment,
    };
    this.script = props.script;
    this.scriptText = renderHostScript(props.script);
    const names = Object.keys(this.environment);
    const connection = props.host.connection;
    const provisioner = (action: Action): LocalExecProvisioner | RemoteExecProvisioner => {
      const when = action === "destroy" ? { when: "destroy" as const } : {};
      if (connection.kind === "local") {
        return {
          type: "local-exec",
          ...when,
          interpreter: ["/bin/bash", "-c"],
          command: escapeTerraformTemplate(this.scriptText),
          environment: { ...localExecEnvironment(names), KB_ACTION: action },
        };
      }
      // remote-exec has no environment: each setting is decoded from base64 into the environment.
      const remote: RemoteExecProvisioner & { readonly when?: "destroy" } = {
        type: "remote-exec",
        ...when,
        inline: [
          "#!/bin/bash",
          ...remoteExecExports(names),
          `export KB_ACTION=${action}`,
          escapeTerraformTemplate(this.scriptText),
        ],
      };
      return remote;
    };
    const sshConnection: SSHProvisionerConnection | undefined =
      connection.kind === "ssh"
        ? {
            type: "ssh",
            host: connection.host,
            user: connection.user,
            port: connection.port,
            privateKey: Fn.file(Fn.pathexpand(connection.privateKeyFile)),
            ...(connection.hostKey !== undefined ? { hostKey: connection.hostKey } : {}),
          }
        : undefined;
    this.resource = new TerraformData(this, "step", {
      input: terraformValues(this.environment),
      triggersReplace: terraformValues(this.environment),
      dependsOn: props.dependsOn?.length ? [...props.dependsOn] : undefined,
      provisioners: [provisioner("create"), provisioner("destroy")],
      connection: sshConnection,
    });
    this.node.addValidation({ validate: () => this.validate() });
  }

  private validate(): string[] {
    const errors: string[] = [];
    for (const [name, value] of Object.entries(this.environment)) {
      errors.push(...stepValueProblems(name, value));
      if (Token.isUnresolved(value)) errors.push(`host step setting ${name} must be known at synth time (got a Terraform reference)`);
    }
    return errors;
  }
}
