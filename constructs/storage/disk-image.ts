import { Construct } from "constructs";
import { reportRuleWarnings } from "../rules/rule-verdict";
import { sizeText, toSize, type SizeLike } from "../../domain/size";
import { checkImagePreallocation } from "../../domain/storage-rules";
import { DiskFormat, DiskSource, IDiskBackend, StorageFacts } from "./disk-backend";
import { IFileLocation } from "./file-location";
import { HostObject } from "./host-object";
import { checkHostName } from "./ownership";
import { checkBlockSize, readableSize, shortSize } from "./sizes";

/** qemu-img preallocation: off (sparse), metadata (qcow2 only), falloc, full (writes zeroes). */
export type Preallocation = "off" | "metadata" | "falloc" | "full";

export interface DiskImageProps {
  /** Where the file lives: a Filesystem, a ZfsDataset or a DirectoryPool. */
  readonly location: IFileLocation;
  /** Image format. @default "qcow2" */
  readonly format?: DiskFormat;
  /** Virtual size, e.g. "100GiB". */
  readonly size: SizeLike;
  /** How much space is allocated up front. @default "off" */
  readonly preallocation?: Preallocation;
  /** qcow2 cluster size, e.g. "64K". @default - qemu-img default (64K) */
  readonly clusterSize?: SizeLike;
  /** File name. @default "<construct id>.<format>" */
  readonly fileName?: string;
}

/**
 * A qcow2 or raw disk image made on the host with `qemu-img create` (the provider's volume
 * `allocation` is read-only, so preallocation needs qemu-img). Marker: a file under the
 * host workdir's markers/ naming the stack; teardown deletes only images this stack made.
 */
export class DiskImage extends HostObject implements IDiskBackend {
  public readonly location: IFileLocation;
  public readonly format: DiskFormat;
  public readonly preallocation: Preallocation;
  /** Absolute path of the image on the host. */
  public readonly path: string;
  public readonly source: DiskSource;
  public readonly facts: StorageFacts;
  /** The `qemu-img create` command line, one argument per element. */
  public readonly createCommand: readonly string[];
  private readonly props: DiskImageProps;
  private readonly fileName: string;

  constructor(scope: Construct, id: string, props: DiskImageProps) {
    super(scope, id, props.location.host);
    this.props = props;
    const where = props.location;
    this.location = where;
    this.format = props.format ?? "qcow2";
    this.preallocation = props.preallocation ?? "off";
    this.fileName = props.fileName ?? `${id}.${this.format}`;
    this.path = `${where.directory.replace(/\/$/, "")}/${this.fileName}`;
    const options = [`preallocation=${this.preallocation}`, ...(props.clusterSize ? [`cluster_size=${shortSize(props.clusterSize)}`] : [])];
    this.createCommand = ["qemu-img", "create", "-f", this.format, "-o", options.join(","), this.path, shortSize(props.size)];
    this.createStep({
      script: "disk-image.sh",
      environment: { IMAGE_PATH: this.path, CREATE_COMMAND: this.createCommand.join("\n") },
      dependsOn: where.dependables,
    });
    this.source = { type: "file", path: this.path };
    this.facts = {
      medium: "file",
      format: this.format,
      filesystem: where.filesystem,
      onZfs: where.onZfs,
      directIo: where.directIo,
      hostDevices: where.hostDevices,
      summary: `${this.format} file (${readableSize(props.size)}, preallocation=${this.preallocation}) on ${where.description}`,
    };
    reportRuleWarnings(this, `image ${this.path}`, () => checkImagePreallocation(where.filesystem, this.preallocation));
  }

  protected checkProps(): string[] {
    const p = this.props;
    const what = `image ${this.path}`;
    const errors = checkHostName("image file name", this.fileName);
    if (this.format !== "qcow2" && this.format !== "raw") errors.push(`${what}: format "${String(this.format)}" must be qcow2 or raw`);
    if (!["off", "metadata", "falloc", "full"].includes(this.preallocation)) errors.push(`${what}: preallocation "${this.preallocation}" must be off, metadata, falloc or full`);
    if (this.format === "raw" && this.preallocation === "metadata") errors.push(`${what}: preallocation=metadata exists only for qcow2; use off, falloc or full for raw`);
    if (p.clusterSize !== undefined) {
      if (this.format !== "qcow2") errors.push(`${what}: clusterSize applies to qcow2 only`);
      errors.push(...checkBlockSize(`${what}: clusterSize`, p.clusterSize, 512, 2 * 1024 ** 2));
    }
    const size = toSize(p.size);
    if (!size.ok) errors.push(`${what}: size ${size.error}`);
    else if (size.size.bytes < 512 || size.size.bytes % 512 !== 0) errors.push(`${what}: size ${sizeText(p.size)} must be a positive multiple of 512 bytes`);
    return errors;
  }
}
