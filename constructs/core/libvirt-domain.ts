import { Construct } from "constructs";
import {
  DomainConfig,
  domainClockToTerraform,
  domainCpuToTerraform,
  domainDevicesToTerraform,
  domainFeaturesToTerraform,
  domainOsToTerraform,
} from "../../.gen/providers/libvirt/domain";
import { libvirtResourceConfig } from "./libvirt-resource-config";
import { LeanTerraformResource, withoutUndefined } from "./lean-resource";

/** The `libvirt_domain` attributes kvmbench sets; anything else goes through `addOverride`. */
export type LibvirtDomainConfig = Pick<
  DomainConfig,
  | "name"
  | "type"
  | "description"
  | "memory"
  | "memoryUnit"
  | "vcpu"
  | "cpu"
  | "os"
  | "features"
  | "clock"
  | "devices"
  | "autostart"
  | "running"
  | "onPoweroff"
  | "onReboot"
  | "onCrash"
  | "provider"
  | "dependsOn"
  | "lifecycle"
>;

/**
 * A `libvirt_domain` resource, synthesized with the generated bindings' own mapping functions.
 *
 * The generated `Domain` class builds its whole output-reference tree when constructed (some
 * thousands of objects per domain, each capturing a stack trace): about 30 ms per guest, most
 * of a study's synth time. kvmbench reads no attribute back from a domain, so this class keeps
 * the generated config types and JSON mapping and skips that tree (and, as a
 * LeanTerraformResource, the stack traces of the tokens that reference it).
 */
export class LibvirtDomain extends LeanTerraformResource {
  public static readonly tfResourceType = "libvirt_domain";
  private readonly config: LibvirtDomainConfig;

  constructor(scope: Construct, id: string, config: LibvirtDomainConfig) {
    super(scope, id, libvirtResourceConfig(LibvirtDomain.tfResourceType, config));
    this.config = config;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return withoutUndefined({
      name: c.name,
      type: c.type,
      description: c.description,
      memory: c.memory,
      memory_unit: c.memoryUnit,
      vcpu: c.vcpu,
      cpu: domainCpuToTerraform(c.cpu),
      os: domainOsToTerraform(c.os),
      features: domainFeaturesToTerraform(c.features),
      clock: domainClockToTerraform(c.clock),
      devices: domainDevicesToTerraform(c.devices),
      autostart: c.autostart,
      running: c.running,
      on_poweroff: c.onPoweroff,
      on_reboot: c.onReboot,
      on_crash: c.onCrash,
    });
  }
}
