import { Construct, IConstruct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";
import type { Host } from "../host/host";
import { reportRuleWarnings } from "../rules/rule-verdict";
import { DEFAULT_ASHIFT, DEFAULT_COMPRESSION } from "../../domain/storage-defaults";
import type { SizeLike } from "../../domain/size";
import { checkPoolRedundancy } from "../../domain/storage-rules";
import { hostOf, IBlockDevice } from "./block-device";
import { HostObject } from "./host-object";
import { checkHostName, duplicates, ownerMark } from "./ownership";
import { lines } from "./scripts";
import { checkBlockSize, shortSize } from "./sizes";

export { DEFAULT_ASHIFT, DEFAULT_COMPRESSION };

/** How the pool's disks are combined into one vdev. */
export type ZfsVdevLayout = "single" | "mirror" | "raidz1" | "raidz2" | "raidz3";

/** Disks each layout needs at least. */
const MIN_DEVICES: Record<ZfsVdevLayout, number> = { single: 1, mirror: 2, raidz1: 2, raidz2: 3, raidz3: 4 };

const COMPRESSION = /^(on|off|lz4|lzjb|zle|gzip|gzip-[1-9]|zstd|zstd-(1[0-9]|[1-9])|zstd-fast(-\d+)?)$/;

/**
 * What a zvol or a dataset needs of its pool: a pool kvmbench makes (`ZfsPool`) or one already
 * on the host (`ZfsPool.fromName`).
 */
export interface IZfsPool extends IConstruct {
  /** The host the pool is on. */
  readonly host: Host;
  /** Pool name. */
  readonly name: string;
  /** Mountpoint of the root dataset: datasets are mounted under it unless they say otherwise. */
  readonly mountpoint: string;
  /** The whole host disks of the pool (empty for a pool kvmbench did not make: it does not know them). */
  readonly hostDevices: readonly string[];
  /** What must exist before zvols and datasets are made in the pool. */
  readonly dependables: readonly ITerraformDependable[];
  /**
   * The root dataset's recordsize, which datasets inherit, when kvmbench sets it.
   * @default - ZFS's default (128K) for all kvmbench knows
   */
  readonly recordsize?: SizeLike;
}

/** A ZFS pool already on the host, for `ZfsPool.fromName`. */
export interface ExistingZfsPoolProps {
  /** The host the pool is on. */
  readonly host: Host;
  /** Pool name, as `zpool list` shows it. */
  readonly name: string;
  /**
   * Mountpoint of the pool's root dataset, under which datasets made in the pool are mounted.
   * kvmbench cannot see it at synth time; give it when `zfs get mountpoint <pool>` says otherwise.
   * @default "/<name>" (the ZFS default)
   */
  readonly mountpoint?: string;
}

export interface ZfsPoolProps {
  /** Host disks of the pool (whole disks; the pool locks and guards each). */
  readonly devices: readonly IBlockDevice[];
  /** Pool name. @default "kvmbench" */
  readonly name?: string;
  /** Vdev layout: one disk or a stripe (single), mirror, or raidz1/2/3. @default "single" */
  readonly layout?: ZfsVdevLayout;
  /** Sector size as a power of two (12 = 4 KiB, right for nearly every SSD and modern HDD). @default 12 */
  readonly ashift?: number;
  /** Compression of the root dataset, inherited by datasets and zvols. @default "lz4" */
  readonly compression?: string;
  /** Update access times on read. @default - ZFS default (on) */
  readonly atime?: boolean;
  /** Record size of file datasets, e.g. "128K" or "64K". @default - ZFS default (128K) */
  readonly recordsize?: SizeLike;
  /** Synchronous write semantics. @default - ZFS default ("standard") */
  readonly sync?: "standard" | "always" | "disabled";
  /** What the ARC caches. @default - ZFS default ("all") */
  readonly primarycache?: "all" | "metadata" | "none";
  /** Extended attributes: "sa" stores them in the inode (faster on Linux). @default - ZFS default ("on") */
  readonly xattr?: "on" | "off" | "sa" | "dir";
  /** Mountpoint of the root dataset. @default - ZFS default (/<name>) */
  readonly mountpoint?: string;
  /** Erase the disks if they carry any signature (a filesystem, a partition table, an old pool). @default false */
  readonly wipe?: boolean;
}

/**
 * A ZFS pool made with `zpool create` on the host, its root dataset marked
 * `kvmbench:owner=<stack>`. Teardown destroys it only when the mark is this stack's, then
 * clears the ZFS labels and signatures so the disks are blank again.
 */
export class ZfsPool extends HostObject implements IZfsPool {
  /**
   * A pool that is already on the host, for zvols and datasets kvmbench makes in it. kvmbench
   * creates, guards and destroys nothing of the pool itself: no host step, no device lock, no
   * mark; only what is made in it is kvmbench's (and carries this stack's mark).
   */
  public static fromName(scope: Construct, id: string, props: ExistingZfsPoolProps): IZfsPool {
    return new ExistingZfsPool(scope, id, props);
  }

  public readonly name: string;
  public readonly layout: ZfsVdevLayout;
  public readonly hostDevices: readonly string[];
  /** Mountpoint of the root dataset. */
  public readonly mountpoint: string;
  public readonly recordsize?: SizeLike;
  /** The `zpool create` command line, one argument per element. */
  public readonly createCommand: readonly string[];
  private readonly props: ZfsPoolProps;

  constructor(scope: Construct, id: string, props: ZfsPoolProps) {
    super(scope, id, hostOf(props.devices, `ZFS pool ${props.name ?? "kvmbench"}`));
    this.props = props;
    this.name = props.name ?? "kvmbench";
    this.layout = props.layout ?? "single";
    this.hostDevices = props.devices.map((d) => d.devicePath);
    this.mountpoint = props.mountpoint ?? `/${this.name}`;
    this.recordsize = props.recordsize;
    const fsProps: Array<[string, string | undefined]> = [
      ["compression", props.compression ?? DEFAULT_COMPRESSION],
      ["atime", props.atime === undefined ? undefined : props.atime ? "on" : "off"],
      ["recordsize", props.recordsize === undefined ? undefined : shortSize(props.recordsize)],
      ["sync", props.sync],
      ["primarycache", props.primarycache],
      ["xattr", props.xattr],
      ["mountpoint", props.mountpoint],
    ];
    this.createCommand = [
      "zpool",
      "create",
      "-o",
      `ashift=${props.ashift ?? DEFAULT_ASHIFT}`,
      ...fsProps.flatMap(([k, v]) => (v === undefined ? [] : ["-O", `${k}=${v}`])),
      "-O",
      ownerMark(this),
      this.name,
      ...(this.layout === "single" ? [] : [this.layout]),
      ...this.hostDevices,
    ];
    this.createStep({
      script: "zfs-pool.sh",
      environment: {
        POOL: this.name,
        DEVICES: lines(this.hostDevices),
        CREATE_COMMAND: lines(this.createCommand),
        WIPE: props.wipe ? "1" : "0",
      },
      dependsOn: props.devices.flatMap((d) => d.dependables),
    });
    reportRuleWarnings(this, `ZFS pool ${this.name}`, () => checkPoolRedundancy(this.layout, props.devices.length));
  }

  protected checkProps(): string[] {
    const p = this.props;
    const errors = poolNameProblems(this.name);
    if (p.devices.length < MIN_DEVICES[this.layout]) {
      errors.push(`ZFS pool ${this.name}: a ${this.layout} vdev needs at least ${MIN_DEVICES[this.layout]} disks, got ${p.devices.length}`);
    }
    for (const d of p.devices) {
      if (!d.isHostDisk) errors.push(`ZFS pool ${this.name}: ${d.description} is not a whole host disk; pools are built on BlockDevices`);
      if (d.host !== this.host) errors.push(`ZFS pool ${this.name}: ${d.description} is on another host`);
    }
    for (const d of duplicates(this.hostDevices)) errors.push(`ZFS pool ${this.name}: disk ${d} is listed twice`);
    const ashift = p.ashift ?? DEFAULT_ASHIFT;
    if (!Number.isInteger(ashift) || ashift < 9 || ashift > 16) errors.push(`ZFS pool ${this.name}: ashift ${ashift} must be an integer from 9 (512 B) to 16 (64 KiB); 12 suits 4K-sector disks`);
    const compression = p.compression ?? DEFAULT_COMPRESSION;
    if (!COMPRESSION.test(compression)) errors.push(`ZFS pool ${this.name}: compression "${compression}" is not one of off, lz4, zstd, zstd-N, gzip, gzip-N, zle, lzjb`);
    if (p.recordsize !== undefined) errors.push(...checkBlockSize(`ZFS pool ${this.name}: recordsize`, p.recordsize, 512, 16 * 1024 ** 2));
    if (p.mountpoint !== undefined) errors.push(...mountpointProblems(this.name, p.mountpoint));
    return errors;
  }
}

/** A pool already on the host (see `ZfsPool.fromName`): nothing to make, nothing to wait for. */
class ExistingZfsPool extends Construct implements IZfsPool {
  public readonly host: Host;
  public readonly name: string;
  public readonly mountpoint: string;
  public readonly hostDevices: readonly string[] = [];
  public readonly dependables: readonly ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: ExistingZfsPoolProps) {
    super(scope, id);
    this.host = props.host;
    this.name = props.name;
    this.mountpoint = props.mountpoint ?? `/${props.name}`;
    this.node.addValidation({ validate: () => [...poolNameProblems(this.name), ...mountpointProblems(this.name, this.mountpoint)] });
  }
}

function poolNameProblems(name: string): string[] {
  const errors = checkHostName("ZFS pool name", name, /^[A-Za-z][A-Za-z0-9_.:-]*$/);
  if (/^(mirror|raidz|draid|spare|log|cache|special|dedup)/.test(name)) errors.push(`ZFS pool name "${name}" starts with a reserved word`);
  return errors;
}

function mountpointProblems(pool: string, mountpoint: string): string[] {
  return mountpoint.startsWith("/") || mountpoint === "none" || mountpoint === "legacy"
    ? []
    : [`ZFS pool ${pool}: mountpoint "${mountpoint}" must be an absolute path, none or legacy`];
}
