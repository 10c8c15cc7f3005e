/**
 * The one place kvmbench imports CDK for Terraform from (besides the generated bindings),
 * so that moving to the community fork (cdktn) is a change to this file.
 */
export {
  Annotations,
  App,
  Fn,
  Lazy,
  LocalBackend,
  TerraformOutput,
  TerraformStack,
  Testing,
  Token,
  dependable,
} from "cdktf";
export type {
  IResolvable,
  ITerraformDependable,
  LocalExecProvisioner,
  RemoteExecProvisioner,
  SSHProvisionerConnection,
  TerraformResource,
} from "cdktf";
