import { Construct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";
import { LibvirtVolume } from "../core/libvirt";
import { sizeText, toSize, type Size, type SizeLike } from "../../domain/size";
import { DiskFormat, DiskSource, IDiskBackend, StorageFacts } from "./disk-backend";
import { checkHostName } from "./ownership";
import { readableSize } from "./sizes";
import type { IStoragePool } from "./storage-pool";

export interface PoolVolumeProps {
  /** The libvirt pool the volume goes in: an existing pool (`DirectoryPool.fromName`) or a DirectoryPool. */
  readonly pool: IStoragePool;
  /**
   * Volume name, unique in the pool, e.g. "db1-data.qcow2". A pool such as `default` holds other
   * guests' volumes too: choose a name that says whose disk it is.
   */
  readonly name: string;
  /** Virtual size, e.g. "100GiB" (a multiple of 512 bytes). */
  readonly size: SizeLike;
  /** Image format. @default "qcow2" */
  readonly format?: DiskFormat;
}

/**
 * A guest disk that libvirt makes as a volume in a storage pool (the provider's
 * `libvirt_volume`, with the pool's own tools: qemu-img for qcow2). Terraform creates the volume
 * on deploy and deletes it, with its data, on destroy; the pool it is in is left as it is. The
 * guest sees it through libvirt (`<source pool=... volume=...>`), so `virsh vol-list` shows it.
 */
export class PoolVolume extends Construct implements IDiskBackend {
  public readonly pool: IStoragePool;
  /** Volume name in the pool. */
  public readonly name: string;
  public readonly format: DiskFormat;
  /** The size (undefined when the given size is not one; validation reports it). */
  public readonly size?: Size;
  public readonly source: DiskSource;
  public readonly facts: StorageFacts;
  public readonly dependables: readonly ITerraformDependable[];
  /** Escape hatch: the libvirt volume. */
  public readonly volume: LibvirtVolume;
  private readonly props: PoolVolumeProps;

  constructor(scope: Construct, id: string, props: PoolVolumeProps) {
    super(scope, id);
    this.props = props;
    this.pool = props.pool;
    this.name = props.name;
    this.format = props.format ?? "qcow2";
    const size = toSize(props.size);
    this.size = size.ok ? size.size : undefined;
    this.volume = new LibvirtVolume(this, "volume", {
      provider: props.pool.host.provider,
      name: this.name,
      pool: props.pool.name,
      capacity: this.size?.bytes ?? 0,
      target: { format: { type: this.format } },
      dependsOn: props.pool.dependables.length ? [...props.pool.dependables] : undefined,
    });
    this.dependables = [this.volume];
    this.source = { type: "volume", pool: props.pool.name, volume: this.name };
    this.facts = {
      medium: "file",
      format: this.format,
      filesystem: props.pool.filesystem,
      onZfs: props.pool.onZfs,
      directIo: props.pool.directIo,
      hostDevices: props.pool.hostDevices,
      summary: `${this.format} volume ${this.name} (${readableSize(props.size)}) in libvirt pool ${props.pool.name} on ${props.pool.description}`,
    };
    this.node.addValidation({ validate: () => this.checkProps() });
  }

  private checkProps(): string[] {
    const what = `volume ${this.name} in libvirt pool ${this.pool.name}`;
    const errors = checkHostName("libvirt volume name", this.name);
    if (this.format !== "qcow2" && this.format !== "raw") errors.push(`${what}: format "${String(this.format)}" must be qcow2 or raw`);
    const size = toSize(this.props.size);
    if (!size.ok) errors.push(`${what}: size ${size.error}`);
    else if (size.size.bytes < 512 || size.size.bytes % 512 !== 0) errors.push(`${what}: size ${sizeText(this.props.size)} must be a positive multiple of 512 bytes`);
    return errors;
  }
}
