import { Construct } from "constructs";
import { LibvirtCloudinitDisk, LibvirtProvider, LibvirtVolume } from "../core/libvirt";
import { terraformLiteral } from "../core/terraform-string";

export interface ImageVolumeProps {
  readonly provider: LibvirtProvider;
  /** Pool the volume goes into. */
  readonly pool: string;
  /** Volume name, unique in the pool. */
  readonly name: string;
  /** URL or local path of the content uploaded into the volume. */
  readonly url: string;
  /**
   * Format of the content, when the volume should be declared with one. The provider reads a
   * volume's format back from libvirt, which probes the uploaded content: an ISO 9660 image
   * reads back as `iso` whatever was declared, so ISOs leave this to the probe.
   * @default - libvirt's probe of the content
   */
  readonly format?: string;
}

/** A libvirt volume uploaded from a URL or a local file (an OS image, an ISO). */
export class ImageVolume extends Construct {
  public readonly volume: LibvirtVolume;

  constructor(scope: Construct, id: string, props: ImageVolumeProps) {
    super(scope, id);
    this.volume = new LibvirtVolume(this, "volume", {
      provider: props.provider,
      name: props.name,
      pool: props.pool,
      ...(props.format === undefined ? {} : { target: { format: { type: props.format } } }),
      create: { content: { url: terraformLiteral(props.url) } },
    });
  }
}

export interface BootVolumeProps extends ImageVolumeProps {
  /** Format of the OS image (qcow2 or raw): the copy-on-write layer's backing format. */
  readonly format: string;
  /** Capacity of the boot disk in bytes. */
  readonly capacity: number;
}

/** A boot disk: the OS image uploaded once, and a qcow2 copy-on-write layer of the wanted size over it. */
export class BootVolume extends Construct {
  public readonly image: ImageVolume;
  public readonly volume: LibvirtVolume;

  constructor(scope: Construct, id: string, props: BootVolumeProps) {
    super(scope, id);
    this.image = new ImageVolume(this, "image", { ...props, name: `${props.name}-image.${props.format}` });
    this.volume = new LibvirtVolume(this, "volume", {
      provider: props.provider,
      name: `${props.name}.qcow2`,
      pool: props.pool,
      capacity: props.capacity,
      target: { format: { type: "qcow2" } },
      backingStore: { path: this.image.volume.path, format: { type: props.format } },
    });
  }
}

export interface CloudInitVolumeProps {
  readonly provider: LibvirtProvider;
  readonly pool: string;
  /** Guest name: instance-id, hostname and volume name derive from it. */
  readonly guestName: string;
  readonly userData: string;
  readonly networkConfig?: string;
}

/** A NoCloud (cidata) ISO for cloud-init or cloudbase-init, uploaded into a libvirt volume. */
export class CloudInitVolume extends Construct {
  public readonly disk: LibvirtCloudinitDisk;
  public readonly volume: LibvirtVolume;

  constructor(scope: Construct, id: string, props: CloudInitVolumeProps) {
    super(scope, id);
    this.disk = new LibvirtCloudinitDisk(this, "cidata", {
      provider: props.provider,
      name: `${props.guestName}-cidata`,
      // Shell scripts and job files in user-data are full of `${`: text, not Terraform templates.
      userData: terraformLiteral(props.userData),
      metaData: `instance-id: ${props.guestName}\nlocal-hostname: ${props.guestName}\n`,
      networkConfig: props.networkConfig === undefined ? undefined : terraformLiteral(props.networkConfig),
    });
    this.volume = new LibvirtVolume(this, "volume", {
      provider: props.provider,
      name: `${props.guestName}-cidata.iso`,
      pool: props.pool,
      // No declared format: libvirt probes the upload as `iso` and the provider reads that back.
      create: { content: { url: this.disk.path } },
    });
  }
}
