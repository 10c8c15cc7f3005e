import { Construct } from "constructs";
import { reportRuleWarnings } from "../rules/rule-verdict";
import { DEFAULT_VOLBLOCKSIZE } from "../../domain/storage-defaults";
import { sizeText, toSize, type Size, type SizeLike } from "../../domain/size";
import { checkZvolSparse } from "../../domain/storage-rules";
import { IBlockDevice } from "./block-device";
import { DiskSource, IDiskBackend, StorageFacts } from "./disk-backend";
import { HostObject } from "./host-object";
import { checkHostName, ownerMark } from "./ownership";
import { checkBlockSize, readableSize, shortSize } from "./sizes";
import type { IZfsPool } from "./zfs-pool";

export { DEFAULT_VOLBLOCKSIZE };

export interface ZvolProps {
  /** The pool the zvol is in: a ZfsPool, or an existing pool from `ZfsPool.fromName`. */
  readonly pool: IZfsPool;
  /** Zvol name inside the pool. @default "vm" */
  readonly name?: string;
  /** Size, e.g. "100GiB" (a multiple of volblocksize). */
  readonly size: SizeLike;
  /** Block size, fixed at creation, e.g. "16K". @default "16K" (the OpenZFS default since 2.2) */
  readonly volblocksize?: SizeLike;
  /** Thin provisioning (`zfs create -s`): no refreservation, so the pool can run out under the guest. @default false */
  readonly sparse?: boolean;
  /** Compression. @default - inherited from the pool */
  readonly compression?: string;
  /** Synchronous write semantics. @default - inherited from the pool */
  readonly sync?: "standard" | "always" | "disabled";
  /** What the ARC caches. @default - inherited from the pool */
  readonly primarycache?: "all" | "metadata" | "none";
}

/**
 * A ZFS volume (`zfs create -V`), marked `kvmbench:owner=<stack>`: a block device at
 * /dev/zvol/<pool>/<name> for a guest (raw) or for a filesystem.
 */
export class Zvol extends HostObject implements IBlockDevice, IDiskBackend {
  public readonly pool: IZfsPool;
  /** Full dataset name, pool/name. */
  public readonly datasetName: string;
  public readonly devicePath: string;
  public readonly hostDevices: readonly string[];
  public readonly isHostDisk = false;
  public readonly onZfs = true;
  public readonly description: string;
  public readonly source: DiskSource;
  public readonly facts: StorageFacts;
  /** The size (undefined when the given size is not one; validation reports it). */
  public readonly size?: Size;
  /** The `zfs create -V` command line, one argument per element. */
  public readonly createCommand: readonly string[];
  private readonly props: ZvolProps;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: ZvolProps) {
    super(scope, id, props.pool.host);
    this.props = props;
    this.pool = props.pool;
    this.name = props.name ?? "vm";
    this.datasetName = `${props.pool.name}/${this.name}`;
    this.devicePath = `/dev/zvol/${this.datasetName}`;
    this.hostDevices = props.pool.hostDevices;
    const size = toSize(props.size);
    this.size = size.ok ? size.size : undefined;
    const volblocksize = shortSize(props.volblocksize ?? DEFAULT_VOLBLOCKSIZE);
    this.description = `zvol ${this.datasetName}`;
    this.createCommand = [
      "zfs",
      "create",
      ...(props.sparse ? ["-s"] : []),
      "-V",
      shortSize(props.size),
      "-o",
      `volblocksize=${volblocksize}`,
      ...(props.compression ? ["-o", `compression=${props.compression}`] : []),
      ...(props.sync ? ["-o", `sync=${props.sync}`] : []),
      ...(props.primarycache ? ["-o", `primarycache=${props.primarycache}`] : []),
      "-o",
      ownerMark(this),
      this.datasetName,
    ];
    this.createStep({
      script: "zfs-dataset.sh",
      environment: { DATASET: this.datasetName, DEVICE: this.devicePath, CREATE_COMMAND: this.createCommand.join("\n") },
      dependsOn: props.pool.dependables,
    });
    this.source = { type: "block", path: this.devicePath };
    this.facts = {
      medium: "block",
      format: "raw",
      onZfs: true,
      directIo: { support: "yes" },
      hostDevices: this.hostDevices,
      summary: `zvol ${this.datasetName} (${readableSize(props.size)}, volblocksize ${volblocksize}${props.sparse ? ", sparse" : ""})`,
    };
    reportRuleWarnings(this, `zvol ${this.datasetName} in pool ${props.pool.name}`, () => checkZvolSparse(props.sparse ?? false));
  }

  protected checkProps(): string[] {
    const p = this.props;
    const errors = checkHostName("zvol name", this.name, /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)*$/);
    const volblocksize = p.volblocksize ?? DEFAULT_VOLBLOCKSIZE;
    const blockErrors = checkBlockSize(`zvol ${this.datasetName}: volblocksize`, volblocksize, 512, 128 * 1024);
    errors.push(...blockErrors);
    const size = toSize(p.size);
    if (!size.ok) errors.push(`zvol ${this.datasetName}: size ${size.error}`);
    else if (size.size.bytes <= 0) errors.push(`zvol ${this.datasetName}: size must be positive`);
    else if (!blockErrors.length) {
      const block = toSize(volblocksize);
      if (block.ok && size.size.bytes % block.size.bytes !== 0) {
        errors.push(`zvol ${this.datasetName}: size ${sizeText(p.size)} is not a multiple of volblocksize ${sizeText(volblocksize)}`);
      }
    }
    return errors;
  }
}
