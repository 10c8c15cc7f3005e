import { TerraformMetaArguments, TerraformResourceConfig } from "cdktf";
import { LIBVIRT_PROVIDER } from "../../domain/libvirt-provider";

/** What the generated bindings pass to TerraformResource for every libvirt resource. */
export function libvirtResourceConfig(terraformResourceType: string, config: TerraformMetaArguments): TerraformResourceConfig {
  return {
    terraformResourceType,
    terraformGeneratorMetadata: {
      providerName: "libvirt",
      providerVersion: LIBVIRT_PROVIDER.version,
      providerVersionConstraint: LIBVIRT_PROVIDER.version,
    },
    provider: config.provider,
    dependsOn: config.dependsOn,
    count: config.count,
    lifecycle: config.lifecycle,
    provisioners: config.provisioners,
    connection: config.connection,
    forEach: config.forEach,
  };
}
