import { Construct } from "constructs";
import { numberToTerraform, stringToTerraform } from "cdktf";
import { CloudinitDiskConfig } from "../../.gen/providers/libvirt/cloudinit-disk";
import {
  PoolConfig,
  poolFeaturesToTerraform,
  poolRefreshToTerraform,
  poolSourceToTerraform,
  poolTargetToTerraform,
} from "../../.gen/providers/libvirt/pool";
import {
  VolumeConfig,
  volumeBackingStoreToTerraform,
  volumeCreateToTerraform,
  volumeTargetToTerraform,
} from "../../.gen/providers/libvirt/volume";
import { LeanTerraformResource, withoutUndefined } from "./lean-resource";
import { libvirtResourceConfig } from "./libvirt-resource-config";

/*
 * Lean `libvirt_volume`, `libvirt_pool` and `libvirt_cloudinit_disk` resources, in the manner of
 * LibvirtDomain: the generated config types and `*ToTerraform` mapping functions, without the
 * generated classes' output-reference objects. The generated `Volume` builds one
 * `*OutputReference` (and `ComplexList`) per nested block when constructed, each capturing a
 * full stack trace for cdktf's token diagnostics; with three volumes per guest that was about
 * a fifth of a study's synth time. kvmbench reads only a few scalar attributes back (`name`,
 * `path`), which resolve to the same Terraform references the generated getters give; like
 * every LeanTerraformResource, their reference tokens carry no stack trace either.
 *
 * The synthesized JSON is the generated classes' exactly (tests in __tests__/core/ compare
 * both): the same resource type, meta-arguments and attribute mapping. The config goes to the
 * mapping functions as given; the generated classes pass it through output references' setters
 * and getters first, which hand back the same values for any config without empty blocks.
 */


/** A `libvirt_volume` (see the file comment for why not the generated `Volume`). */
export class LibvirtVolume extends LeanTerraformResource {
  public static readonly tfResourceType = "libvirt_volume";
  private readonly config: VolumeConfig;

  constructor(scope: Construct, id: string, config: VolumeConfig) {
    super(scope, id, libvirtResourceConfig(LibvirtVolume.tfResourceType, config));
    this.config = config;
  }

  /** Reference to the volume's `id`. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** Reference to the volume's `name` (as a guest disk's source, it orders the domain after the volume). */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  /** Reference to the volume's `path` on the host. */
  public get path(): string {
    return this.getStringAttribute("path");
  }

  /** Reference to the volume's `key`. */
  public get key(): string {
    return this.getStringAttribute("key");
  }

  /** Reference to the volume's `pool`. */
  public get pool(): string {
    return this.getStringAttribute("pool");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return withoutUndefined({
      allocation_unit: stringToTerraform(c.allocationUnit),
      backing_store: volumeBackingStoreToTerraform(c.backingStore),
      capacity: numberToTerraform(c.capacity),
      capacity_unit: stringToTerraform(c.capacityUnit),
      create: volumeCreateToTerraform(c.create),
      name: stringToTerraform(c.name),
      physical_unit: stringToTerraform(c.physicalUnit),
      pool: stringToTerraform(c.pool),
      target: volumeTargetToTerraform(c.target),
      type: stringToTerraform(c.type),
    });
  }
}

/** A `libvirt_pool` (see the file comment for why not the generated `Pool`). */
export class LibvirtPool extends LeanTerraformResource {
  public static readonly tfResourceType = "libvirt_pool";
  private readonly config: PoolConfig;

  constructor(scope: Construct, id: string, config: PoolConfig) {
    super(scope, id, libvirtResourceConfig(LibvirtPool.tfResourceType, config));
    this.config = config;
  }

  /** Reference to the pool's `id`. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** Reference to the pool's `name`. */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  /** Reference to the pool's `uuid`. */
  public get uuid(): string {
    return this.getStringAttribute("uuid");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return withoutUndefined({
      allocation_unit: stringToTerraform(c.allocationUnit),
      available_unit: stringToTerraform(c.availableUnit),
      capacity_unit: stringToTerraform(c.capacityUnit),
      features: poolFeaturesToTerraform(c.features),
      name: stringToTerraform(c.name),
      refresh: poolRefreshToTerraform(c.refresh),
      source: poolSourceToTerraform(c.source),
      target: poolTargetToTerraform(c.target),
      type: stringToTerraform(c.type),
    });
  }
}

/** A `libvirt_cloudinit_disk` (see the file comment; the generated class is small, but kept in step). */
export class LibvirtCloudinitDisk extends LeanTerraformResource {
  public static readonly tfResourceType = "libvirt_cloudinit_disk";
  private readonly config: CloudinitDiskConfig;

  constructor(scope: Construct, id: string, config: CloudinitDiskConfig) {
    super(scope, id, libvirtResourceConfig(LibvirtCloudinitDisk.tfResourceType, config));
    this.config = config;
  }

  /** Reference to the disk's `id`. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** Reference to the disk's `name`. */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  /** Reference to the ISO's `path` on the machine running Terraform (a volume's `create.content.url`). */
  public get path(): string {
    return this.getStringAttribute("path");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return withoutUndefined({
      meta_data: stringToTerraform(c.metaData),
      name: stringToTerraform(c.name),
      network_config: stringToTerraform(c.networkConfig),
      user_data: stringToTerraform(c.userData),
    });
  }
}
