import { Construct } from "constructs";
import { ITerraformDependable } from "../core/cdktf";
import { DEFAULT_VOLBLOCKSIZE } from "../../domain/storage-defaults";
import { formatShortSize, formatSize, tryParseSize } from "../../domain/size";
import { Host } from "../host/host";
import { HostStep } from "../host/host-step";
import { reportRuleWarnings } from "../rules/rule-verdict";
import { checkZvolSparse } from "../../domain/storage-rules";
import { IBlockDevice } from "./block-device";
import { DiskSource, IDiskBackend, StorageFacts } from "./disk-backend";
import { checkHostName, ownerMark } from "./ownership";
import { storageScript } from "./scripts";
import { checkBlockSize, shortSize, ZfsPool } from "./zfs-pool";

export { DEFAULT_VOLBLOCKSIZE };

export interface ZvolProps {
  /** The pool the zvol is in. */
  readonly pool: ZfsPool;
  /** Zvol name inside the pool. @default "vm" */
  readonly name?: string;
  /** Size, e.g. "100GiB" (a multiple of volblocksize). */
  readonly size: string;
  /** Block size, fixed at creation, e.g. "16K". @default "16K" (the OpenZFS default since 2.2) */
  readonly volblocksize?: string;
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
export class Zvol extends Construct implements IBlockDevice, IDiskBackend {
  public readonly host: Host;
  public readonly pool: ZfsPool;
  /** Full dataset name, pool/name. */
  public readonly datasetName: string;
  public readonly devicePath: string;
  public readonly hostDevices: readonly string[];
  public readonly isHostDisk = false;
  public readonly onZfs = true;
  public readonly description: string;
  public readonly source: DiskSource;
  public readonly facts: StorageFacts;
  /** Size in bytes (NaN when the size does not parse; validation reports it). */
  public readonly sizeBytes: number;
  /** The `zfs create -V` command line, one argument per element. */
  public readonly createCommand: readonly string[];
  /** Escape hatch: the host step. */
  public readonly step: HostStep;
  public readonly dependables: readonly ITerraformDependable[];
  private readonly props: ZvolProps;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: ZvolProps) {
    super(scope, id);
    this.props = props;
    this.pool = props.pool;
    this.host = props.pool.host;
    this.name = props.name ?? "vm";
    this.datasetName = `${props.pool.name}/${this.name}`;
    this.devicePath = `/dev/zvol/${this.datasetName}`;
    this.hostDevices = props.pool.hostDevices;
    const size = tryParseSize(props.size);
    this.sizeBytes = size.ok ? size.bytes : Number.NaN;
    const volblocksize = shortSize(props.volblocksize ?? DEFAULT_VOLBLOCKSIZE);
    this.description = `zvol ${this.datasetName}`;
    this.createCommand = [
      "zfs",
      "create",
      ...(props.sparse ? ["-s"] : []),
      "-V",
      size.ok ? formatShortSize(size.bytes) : props.size,
      "-o",
      `volblocksize=${volblocksize}`,
      ...(props.compression ? ["-o", `compression=${props.compression}`] : []),
      ...(props.sync ? ["-o", `sync=${props.sync}`] : []),
      ...(props.primarycache ? ["-o", `primarycache=${props.primarycache}`] : []),
      "-o",
      ownerMark(this),
      this.datasetName,
    ];
    this.step = new HostStep(this, "create", {
      host: this.host,
      script: storageScript("zfs-dataset.sh"),
      environment: { DATASET: this.datasetName, DEVICE: this.devicePath, CREATE_COMMAND: this.createCommand.join("\n") },
      dependsOn: props.pool.dependables,
    });
    this.dependables = [this.step.resource];
    this.source = { type: "block", path: this.devicePath };
    this.facts = {
      medium: "block",
      format: "raw",
      onZfs: true,
      directIo: { support: "yes" },
      hostDevices: this.hostDevices,
      summary: `zvol ${this.datasetName} (${size.ok ? formatSize(size.bytes) : props.size}, volblocksize ${volblocksize}${props.sparse ? ", sparse" : ""})`,
    };
    this.node.addValidation({ validate: () => this.validate() });
    reportRuleWarnings(this, `zvol ${this.datasetName} in pool ${props.pool.name}`, () => checkZvolSparse(props.sparse ?? false));
  }

  private validate(): string[] {
    const p = this.props;
    const errors = checkHostName("zvol name", this.name, /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)*$/);
    const size = tryParseSize(p.size);
    const blockErrors = checkBlockSize(`zvol ${this.datasetName}: volblocksize`, p.volblocksize ?? DEFAULT_VOLBLOCKSIZE, 512, 128 * 1024);
    errors.push(...blockErrors);
    if (!size.ok) errors.push(`zvol ${this.datasetName}: size ${size.error}`);
    else if (size.bytes <= 0) errors.push(`zvol ${this.datasetName}: size must be positive`);
    else if (!blockErrors.length) {
      const block = tryParseSize(p.volblocksize ?? DEFAULT_VOLBLOCKSIZE);
      if (block.ok && size.bytes % block.bytes !== 0) errors.push(`zvol ${this.datasetName}: size ${p.size} is not a multiple of volblocksize ${p.volblocksize ?? DEFAULT_VOLBLOCKSIZE}`);
    }
    return errors;
  }
}
