/**
 * The generated libvirt provider bindings (`.gen/`, made by `cdktf get` from the committed
 * schema cache). Each module is imported on its own: the domain bindings alone are ~7 MB,
 * and loading only what is used keeps synth fast.
 */
export { LibvirtProvider } from "../../.gen/providers/libvirt/provider";
export { Pool } from "../../.gen/providers/libvirt/pool";
export { Volume } from "../../.gen/providers/libvirt/volume";
export { LibvirtDomain } from "./libvirt-domain";
// Lean volume, pool and cloud-init disk resources (libvirt-storage.ts says why); the generated
// classes stay exported for code that wants their output references.
export { LibvirtCloudinitDisk, LibvirtPool, LibvirtVolume } from "./libvirt-storage";
export type { CloudinitDiskConfig } from "../../.gen/providers/libvirt/cloudinit-disk";
export type { PoolConfig } from "../../.gen/providers/libvirt/pool";
export type { VolumeConfig } from "../../.gen/providers/libvirt/volume";
export type { LibvirtDomainConfig } from "./libvirt-domain";
export { CloudinitDisk } from "../../.gen/providers/libvirt/cloudinit-disk";
export type { DomainConfig, DomainDevices, DomainDevicesDisks } from "../../.gen/providers/libvirt/domain";
export {
  domainDevicesControllersToTerraform,
  domainDevicesDisksToTerraform,
  domainDevicesSerialsToTerraform,
} from "../../.gen/providers/libvirt/domain";
export type {
  DomainClock,
  DomainDevicesControllers,
  DomainDevicesInterfaces,
  DomainDevicesSerials,
  DomainFeatures,
  DomainFeaturesHyperV,
  DomainOs,
} from "../../.gen/providers/libvirt/domain";
