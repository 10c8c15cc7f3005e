import { Construct } from "constructs";
import { TerraformMetaArguments } from "cdktf";
import { LeanTerraformResource } from "./lean-resource";

export interface TerraformDataConfig extends TerraformMetaArguments {
  /** Stored in state and exposed as `self.input` (destroy-time provisioners may read only `self`). */
  readonly input?: Record<string, string>;
  /** Replaces the resource (re-running its create provisioner) when any value changes. */
  readonly triggersReplace?: Record<string, string>;
}

/**
 * Terraform's built-in `terraform_data` resource (Terraform 1.4+).
 *
 * cdktf's own `DataResource` adds a validation that spawns `terraform version` at synth for
 * every instance: hundreds of subprocesses for a study, and a failed synth on machines without
 * Terraform, which synth does not otherwise need. The Terraform version is checked once, before
 * deploying (`kvmbench run`), instead. Its references (`depends_on` of later steps) are
 * LeanTerraformResource tokens, without stack traces.
 */
export class TerraformData extends LeanTerraformResource {
  private readonly input?: Record<string, string>;
  private readonly triggersReplace?: Record<string, string>;

  constructor(scope: Construct, id: string, config: TerraformDataConfig) {
    super(scope, id, {
      terraformResourceType: "terraform_data",
      terraformGeneratorMetadata: { providerName: "terraform" },
      dependsOn: config.dependsOn,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
    });
    this.input = config.input;
    this.triggersReplace = config.triggersReplace;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: this.input, triggers_replace: this.triggersReplace };
  }
}
