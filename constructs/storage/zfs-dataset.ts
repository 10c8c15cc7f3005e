import { Construct } from "constructs";
import { zfsDatasetDirectIo } from "../../domain/direct-io";
import type { SizeLike } from "../../domain/size";
import type { DirectIoSupport } from "../../domain/storage-facts";
import { HostObject } from "./host-object";
import { IFileLocation } from "./file-location";
import { checkHostName, ownerMark } from "./ownership";
import { checkBlockSize, shortSize } from "./sizes";
import { ZfsPool } from "./zfs-pool";

export interface ZfsDatasetProps {
  /** The pool the dataset is in. */
  readonly pool: ZfsPool;
  /** Dataset name inside the pool (may contain "/" for nesting). @default "images" */
  readonly name?: string;
  /** Record size, e.g. "64K" to match qcow2 clusters. @default - inherited from the pool */
  readonly recordsize?: SizeLike;
  /** Compression. @default - inherited from the pool */
  readonly compression?: string;
  /** Update access times on read. @default - inherited from the pool */
  readonly atime?: boolean;
  /** Synchronous write semantics. @default - inherited from the pool */
  readonly sync?: "standard" | "always" | "disabled";
  /** What the ARC caches. @default - inherited from the pool */
  readonly primarycache?: "all" | "metadata" | "none";
  /** Extended attributes. @default - inherited from the pool */
  readonly xattr?: "on" | "off" | "sa" | "dir";
  /** Where the dataset is mounted. @default - under the pool's mountpoint: <pool mountpoint>/<name> */
  readonly mountpoint?: string;
}

/**
 * A ZFS file dataset (`zfs create`), marked `kvmbench:owner=<stack>`: a place for disk
 * images. Files on it honour O_DIRECT only from OpenZFS 2.3 (the host's openZfsVersion).
 */
export class ZfsDataset extends HostObject implements IFileLocation {
  public readonly pool: ZfsPool;
  /** Full dataset name, pool/name. */
  public readonly datasetName: string;
  public readonly directory: string;
  public readonly filesystem = "zfs" as const;
  public readonly onZfs = true;
  public readonly directIo: DirectIoSupport;
  public readonly hostDevices: readonly string[];
  public readonly description: string;
  /** The `zfs create` command line, one argument per element. */
  public readonly createCommand: readonly string[];
  private readonly props: ZfsDatasetProps;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: ZfsDatasetProps) {
    super(scope, id, props.pool.host);
    this.props = props;
    this.pool = props.pool;
    this.name = props.name ?? "images";
    this.datasetName = `${props.pool.name}/${this.name}`;
    this.directory = props.mountpoint ?? `${props.pool.mountpoint.replace(/\/$/, "")}/${this.name}`;
    this.directIo = zfsDatasetDirectIo(this.host.openZfsVersion);
    this.hostDevices = props.pool.hostDevices;
    this.description = `ZFS dataset ${this.datasetName}`;
    const options: Array<[string, string | undefined]> = [
      ["recordsize", props.recordsize === undefined ? undefined : shortSize(props.recordsize)],
      ["compression", props.compression],
      ["atime", props.atime === undefined ? undefined : props.atime ? "on" : "off"],
      ["sync", props.sync],
      ["primarycache", props.primarycache],
      ["xattr", props.xattr],
      ["mountpoint", props.mountpoint],
    ];
    this.createCommand = [
      "zfs",
      "create",
      ...options.flatMap(([k, v]) => (v === undefined ? [] : ["-o", `${k}=${v}`])),
      "-o",
      ownerMark(this),
      this.datasetName,
    ];
    this.createStep({
      script: "zfs-dataset.sh",
      environment: { DATASET: this.datasetName, DEVICE: "", CREATE_COMMAND: this.createCommand.join("\n") },
      dependsOn: props.pool.dependables,
    });
  }

  protected checkProps(): string[] {
    const p = this.props;
    const errors = checkHostName("ZFS dataset name", this.name, /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)*$/);
    if (p.recordsize !== undefined) errors.push(...checkBlockSize(`ZFS dataset ${this.datasetName}: recordsize`, p.recordsize, 512, 16 * 1024 ** 2));
    if (p.mountpoint !== undefined && !p.mountpoint.startsWith("/")) errors.push(`ZFS dataset ${this.datasetName}: mountpoint "${p.mountpoint}" must be an absolute path`);
    return errors;
  }
}
