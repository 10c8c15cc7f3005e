import { Construct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";
import type { Host } from "../host/host";
import { zfsDatasetDirectIo } from "../../domain/direct-io";
import { workdirProblem } from "../../domain/host-values";
import { toSize, type SizeLike } from "../../domain/size";
import type { DirectIoSupport } from "../../domain/storage-facts";
import { HostObject } from "./host-object";
import { IFileLocation } from "./file-location";
import { checkHostName, ownerMark } from "./ownership";
import { checkBlockSize, shortSize } from "./sizes";
import type { IZfsPool } from "./zfs-pool";

/** Dataset names inside a pool (may contain "/" for nesting). */
const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)*$/;
/** Full dataset names: the pool, then the datasets under it. */
const FULL_DATASET_NAME = /^[A-Za-z][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)*$/;

/** A mounted ZFS file dataset already on the host, for `ZfsDataset.fromName`. */
export interface ExistingZfsDatasetProps {
  /** The host the dataset is on (its `openZfsVersion` decides O_DIRECT support, as for datasets kvmbench makes). */
  readonly host: Host;
  /** Full dataset name, pool/name, as `zfs list` shows it, e.g. "tank/images". */
  readonly name: string;
  /**
   * Where the dataset is mounted: the directory disk images go in. kvmbench cannot see it at
   * synth time; give it when `zfs get mountpoint <name>` says otherwise.
   * @default "/<name>" (the ZFS default when no ancestor sets a mountpoint)
   */
  readonly mountpoint?: string;
}

export interface ZfsDatasetProps {
  /** The pool the dataset is in: a ZfsPool, or an existing pool from `ZfsPool.fromName`. */
  readonly pool: IZfsPool;
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
  /**
   * A mounted file dataset that is already on the host, as a place for disk images
   * (`DiskImage`, `DirectoryPool`). kvmbench creates, guards and destroys nothing of the dataset:
   * no host step, no mark; only the images made in it are kvmbench's.
   */
  public static fromName(scope: Construct, id: string, props: ExistingZfsDatasetProps): IFileLocation {
    return new ExistingZfsDataset(scope, id, props);
  }

  public readonly pool: IZfsPool;
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
    const recordsize = props.recordsize ?? props.pool.recordsize;
    const recordsizeBytes = recordsize === undefined ? undefined : toSize(recordsize);
    // a recordsize that is no size is reported by the validation; the default stands in until then
    this.directIo = zfsDatasetDirectIo(this.host.openZfsVersion, recordsizeBytes?.ok ? recordsizeBytes.size.bytes : undefined);
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
    const errors = checkHostName("ZFS dataset name", this.name, DATASET_NAME);
    if (p.recordsize !== undefined) errors.push(...checkBlockSize(`ZFS dataset ${this.datasetName}: recordsize`, p.recordsize, 512, 16 * 1024 ** 2));
    if (p.mountpoint !== undefined && !p.mountpoint.startsWith("/")) errors.push(`ZFS dataset ${this.datasetName}: mountpoint "${p.mountpoint}" must be an absolute path`);
    else if (p.mountpoint === undefined && !this.directory.startsWith("/")) {
      errors.push(`ZFS dataset ${this.datasetName}: pool ${p.pool.name} has mountpoint ${p.pool.mountpoint}, so the dataset needs a mountpoint of its own`);
    }
    return errors;
  }
}

/** A mounted dataset already on the host (see `ZfsDataset.fromName`): nothing to make, nothing to wait for. */
class ExistingZfsDataset extends Construct implements IFileLocation {
  public readonly host: Host;
  /** Full dataset name, pool/name. */
  public readonly datasetName: string;
  public readonly directory: string;
  public readonly filesystem = "zfs" as const;
  public readonly onZfs = true;
  public readonly directIo: DirectIoSupport;
  public readonly hostDevices: readonly string[] = [];
  public readonly dependables: readonly ITerraformDependable[] = [];
  public readonly description: string;

  constructor(scope: Construct, id: string, props: ExistingZfsDatasetProps) {
    super(scope, id);
    this.host = props.host;
    this.datasetName = props.name;
    this.directory = props.mountpoint ?? `/${props.name}`;
    this.directIo = zfsDatasetDirectIo(props.host.openZfsVersion);
    this.description = `ZFS dataset ${props.name}`;
    this.node.addValidation({ validate: () => this.checkProps() });
  }

  private checkProps(): string[] {
    const errors = FULL_DATASET_NAME.test(this.datasetName)
      ? []
      : [`ZFS dataset name "${this.datasetName}" must be the full name, pool/dataset, of letters, digits and _ . : - (the pool's starting with a letter), e.g. tank/images`];
    const problem = workdirProblem(this.directory, "mountpoint");
    if (problem) errors.push(`ZFS dataset ${this.datasetName}: ${problem}`);
    return errors;
  }
}
