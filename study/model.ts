/**
 * The typed model of a study file (see docs/study.md).
 * Everything here is plain data (JSON-serializable), so a scenario's full configuration
 * can be written into its result file as is.
 */
import type { Bus, CacheMode, IoMode, Machine } from "../domain/disk-settings";
import type { FilesystemType } from "../domain/filesystem-options";
import type { Accelerator, Firmware } from "../domain/guest-settings";
import type { ProfileName } from "../domain/profiles";
import type { Size } from "../domain/size";
import type { ToolName } from "../results/result-file";

export type { Size } from "../domain/size";

/** Where something was written in the study file (1-based line and column). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A duration as written ("30m", "1h30m") and in seconds. */
export interface Duration {
  readonly text: string;
  readonly seconds: number;
}

// ---------------------------------------------------------------- host

export { ACCELERATORS, type Accelerator } from "../domain/guest-settings";

/** How kvmbench reaches a remote host's shell. */
export interface SshSpec {
  /** Host name or address. */
  readonly host: string;
  /** @default "root" */
  readonly user: string;
  /** Path of the private key file on the machine running Terraform. */
  readonly privateKeyFile: string;
  /** @default 22 */
  readonly port: number;
  /**
   * The host's public key ("ssh-ed25519 AAAA..."): Terraform's host steps check it.
   * @default - Terraform's host steps do not check the host key (the provider and virsh check ~/.ssh/known_hosts)
   */
  readonly hostKey?: string;
}

/** A KVM host: `host:` (one) or an entry of `hosts:` (several, issue 8). */
export interface HostSpec {
  /** Name of the host; `hosts:` entries must name it, a single `host:` is called "host". @default "host" */
  readonly name: string;
  /** libvirt connection URI. @default "qemu:///system" */
  readonly uri: string;
  /** SSH settings; needed when the URI is remote. @default - commands run locally */
  readonly ssh?: SshSpec;
  /** Directory on the host for kvmbench's files. @default "/var/lib/kvmbench" */
  readonly workdir: string;
  /** OpenZFS version on the host; decides O_DIRECT on ZFS datasets. @default "2.3" */
  readonly openZfsVersion: string;
  /**
   * How the host runs guests: `kvm`, or `tcg` (software emulation) on a host without working KVM,
   * for checking a study's pipeline; TCG results are not comparable. @default "kvm"
   */
  readonly accelerator: Accelerator;
  /**
   * This host's device paths, by study device name: in place of the study's path, or the only path
   * of a device the study gives none (a disk only this host has). @default - the study's paths
   */
  readonly devices: Readonly<Record<string, string>>;
}

// ---------------------------------------------------------------- storage

export type PoolTopology = "single" | "mirror" | "raidz1" | "raidz2" | "raidz3";
export const POOL_TOPOLOGIES: readonly PoolTopology[] = ["single", "mirror", "raidz1", "raidz2", "raidz3"];
export type ZfsSync = "standard" | "always" | "disabled";
export const ZFS_SYNC_VALUES: readonly ZfsSync[] = ["standard", "always", "disabled"];
export type ZfsPrimaryCache = "all" | "metadata" | "none";
export const ZFS_PRIMARY_CACHE_VALUES: readonly ZfsPrimaryCache[] = ["all", "metadata", "none"];

/** A ZFS pool kvmbench creates on study devices (and destroys afterwards). */
export interface ZfsPoolSpec {
  /** Device names (keys of `devices`). */
  readonly devices: readonly string[];
  /** vdev layout. @default "single" (the devices striped) */
  readonly topology: PoolTopology;
  /** log2 of the sector size, 9 to 16. @default - ZFS's choice */
  readonly ashift?: number;
  /** e.g. "off", "lz4", "zstd", "zstd-3", "gzip-9". @default - ZFS's default (on = lz4) */
  readonly compression?: string;
  /** Pool root dataset recordsize (power of two, 512 to 16M). @default - ZFS default 128K */
  readonly recordsize?: Size;
  /** @default - ZFS default (on) */
  readonly atime?: boolean;
  /** @default - ZFS default ("standard") */
  readonly sync?: ZfsSync;
  /** @default - ZFS default ("all") */
  readonly primarycache?: ZfsPrimaryCache;
}

/** A ZFS dataset (filesystem) holding image files. */
export interface ZfsDatasetSpec {
  readonly pool: ZfsPoolSpec;
  /** @default - inherited from the pool */
  readonly recordsize?: Size;
  /** @default - inherited from the pool */
  readonly compression?: string;
  /** @default - inherited from the pool */
  readonly atime?: boolean;
  /** @default - inherited from the pool */
  readonly sync?: ZfsSync;
  /** @default - inherited from the pool */
  readonly primarycache?: ZfsPrimaryCache;
}

/** A ZFS volume (block device). */
export interface ZvolSpec {
  readonly pool: ZfsPoolSpec;
  readonly size: Size;
  /** Power of two, 512 to 128K. @default - ZFS default (16K) */
  readonly volblocksize?: Size;
  /** Thin-provisioned (`zfs create -s`). @default false */
  readonly sparse: boolean;
  /** @default - inherited from the pool */
  readonly compression?: string;
}

/** An LVM logical volume on one study device (its own volume group). */
export interface LogicalVolumeSpec {
  /** Device name (key of `devices`). */
  readonly device: string;
  readonly size: Size;
}

export { FILESYSTEM_TYPES, type FilesystemType } from "../domain/filesystem-options";

/** Where a filesystem lives: exactly one of a device, a zvol, or a logical volume. */
export type FilesystemSource =
  | { readonly kind: "device"; readonly device: string }
  | { readonly kind: "zvol"; readonly zvol: ZvolSpec }
  | { readonly kind: "lvm"; readonly lvm: LogicalVolumeSpec };

/** An ext4/xfs filesystem kvmbench makes and mounts for image files. */
export interface FilesystemSpec {
  readonly type: FilesystemType;
  readonly source: FilesystemSource;
  /** Extra mkfs arguments, e.g. ["-m", "0"]. @default [] */
  readonly mkfsOptions: readonly string[];
  /** Mount options, e.g. ["noatime"]. @default [] (the defaults) */
  readonly mountOptions: readonly string[];
}

export type ImageFormat = "qcow2" | "raw";
export const IMAGE_FORMATS: readonly ImageFormat[] = ["qcow2", "raw"];
export type Preallocation = "off" | "metadata" | "falloc" | "full";
export const PREALLOCATIONS: readonly Preallocation[] = ["off", "metadata", "falloc", "full"];

/**
 * What every storage spec has. The rest is its kind's: each kind is a backend
 * (backends/registry.ts), which reads, describes and builds its specs; the kinds below are
 * kvmbench's own.
 */
export interface StorageSpec {
  /** A kind of backends/registry.ts. */
  readonly kind: string;
  /** Erase the devices this storage uses even if they carry data. @default false */
  readonly wipe: boolean;
}

/** The whole device as the guest's disk. */
export interface BlockStorageSpec extends StorageSpec {
  readonly kind: "block";
  readonly device: string;
}

/** An LVM logical volume as the guest's disk. */
export interface LvmStorageSpec extends StorageSpec {
  readonly kind: "lvm";
  readonly device: string;
  readonly size: Size;
}

/** A zvol as the guest's disk. */
export interface ZvolStorageSpec extends StorageSpec, ZvolSpec {
  readonly kind: "zvol";
}

/** An image file on a filesystem or a ZFS dataset. */
export interface ImageStorageSpec extends StorageSpec {
  readonly kind: "image";
  readonly format: ImageFormat;
  readonly size: Size;
  /** qemu-img preallocation ("metadata" only for qcow2). @default "off" */
  readonly preallocation: Preallocation;
  /** qcow2 cluster size (power of two, 512 to 2M). @default - qemu default 64K */
  readonly clusterSize?: Size;
  /** Where the file lives: exactly one of a filesystem or a ZFS dataset. */
  readonly location:
    | { readonly kind: "filesystem"; readonly filesystem: FilesystemSpec }
    | { readonly kind: "dataset"; readonly dataset: ZfsDatasetSpec };
}

// ---------------------------------------------------------------- guest, benchmark

export type GuestOs = "linux" | "windows";
export const GUEST_OSES: readonly GuestOs[] = ["linux", "windows"];
export { FIRMWARES, type Firmware } from "../domain/guest-settings";

/** The guest's boot image: a URL or a file on the machine running Terraform. */
export type GuestImage = { readonly kind: "url"; readonly url: string } | { readonly kind: "file"; readonly path: string };

/** Where a Windows guest gets DiskSpd. */
export interface DiskspdSpec {
  /** diskspd.exe inside the image. @default "C:\\kvmbench\\diskspd.exe" */
  readonly path?: string;
  /** DiskSpd release zip the guest may download when `path` is missing. @default - no download */
  readonly downloadUrl?: string;
}

export interface GuestSpec {
  readonly os: GuestOs;
  readonly image: GuestImage;
  /**
   * The directory that holds the guest's files: image and virtioWin paths (on the machine running
   * Terraform) and directKernelBoot's kernel and initrd (on the KVM host) must be in it.
   * @default - the guest's image and ISO are URLs, and it boots no kernel file
   */
  readonly imageDirectory?: string;
  /** The virtio-win driver ISO, attached as a CD-ROM (Windows guests only; required there). */
  readonly virtioWin?: GuestImage;
  /** Where Windows guests get DiskSpd. @default {} (diskspd.exe in the image, no download) */
  readonly diskspd?: DiskspdSpec;
  readonly vcpus: number;
  readonly memory: Size;
  /** @default - "pc" for bus ide, "q35" otherwise */
  readonly machine?: Machine;
  /** @default "bios" */
  readonly firmware: Firmware;
  /** The libvirt network the guest's card joins, or `false` for no network card. @default "default" */
  readonly network: string | false;
  /** A kernel on the host booted directly (images without a bootloader). @default - the image boots itself */
  readonly directKernelBoot?: DirectKernelBootSpec;
}

/** libvirt direct kernel boot: files on the KVM host. */
export interface DirectKernelBootSpec {
  readonly kernel: string;
  /** @default - none */
  readonly initrd?: string;
  /** @default - empty */
  readonly cmdline?: string;
}

export type BenchmarkProfile = ProfileName;
export { PROFILE_NAMES as BENCHMARK_PROFILES } from "../domain/profiles";
export type FioOptionValue = string | number | boolean;

/**
 * What each scenario's deploy does: `measure` boots the guest and runs the benchmark in it;
 * `check` starts the guest, checks that QEMU opened the disk under test as the scenario says
 * (source, bus, cache, io) and stops it, with no benchmark (docs/runner.md, "Disk checks"). The
 * baseline measures in both.
 */
export type BenchmarkMode = "measure" | "check";
export const BENCHMARK_MODES: readonly BenchmarkMode[] = ["measure", "check"];

export interface BenchmarkSpec {
  readonly profile: BenchmarkProfile;
  /** Measure each scenario, or only check its disk. @default "measure" */
  readonly mode?: BenchmarkMode;
  /** The tool that measures in the guest (benchmark-tools/registry.ts). @default - the guest OS's: fio on linux, diskspd on windows */
  readonly tool?: ToolName;
  /** Size of the test file / region. */
  readonly size: Size;
  /** @default 3 */
  readonly repeats: number;
  /** Per-scenario time limit. @default - the runner's default */
  readonly timeout?: Duration;
  /** Extra fio options (Linux guests and the host-side baseline), e.g. { iodepth: 32 }. @default {} */
  readonly fio: Readonly<Record<string, FioOptionValue>>;
  /**
   * Queue depths: every test runs at each, inside the scenario's one deploy (DiskSpd's -o).
   * @default - `fio.iodepth`, else 1
   */
  readonly iodepth?: readonly number[];
  /** Jobs running each test at once, swept like `iodepth` (DiskSpd's -t). @default - `fio.numjobs`, else 1 */
  readonly numjobs?: readonly number[];
  /**
   * Whether a Linux guest installs fio from its distribution's packages at first boot (needs the
   * guest's network); `false` when the image already carries it. @default true
   */
  readonly install: boolean;
  /**
   * End each test once its throughput is steady (fio's steadystate): true or false, or settings
   * of its own. @default - the profile's choice (hdtune: on, quick: off)
   */
  readonly steadyState?: SteadyStateSpec;
}

/** `benchmark.steadyState`: on with the defaults, off, or settings (each defaulted when left out). */
export type SteadyStateSpec =
  | boolean
  | {
      /** fio's criterion and limit, e.g. "bw_slope:1%". @default "bw_slope:1%" */
      readonly criterion?: string;
      /** The rolling window the criterion must hold over. @default 10s */
      readonly window?: Duration;
      /** Time before the window starts. @default 5s */
      readonly ramp?: Duration;
    };

/** Host-side fio on the bare device: the reference for weighting. */
export interface BaselineSpec {
  readonly device: string;
  /** Erase the device even if it carries data. @default false */
  readonly wipe: boolean;
}

// ---------------------------------------------------------------- matrix, scenarios

export interface MatrixSpec {
  readonly storage: readonly string[];
  readonly cache: readonly CacheMode[];
  readonly bus: readonly Bus[];
  /** @default - no io axis (hypervisor default) */
  readonly io?: readonly IoMode[];
  /** Names of the hosts its scenarios may run on (not an axis). @default - every host of the study */
  readonly hosts?: readonly string[];
  readonly at?: SourcePosition;
}

/** One scenario named explicitly under `scenarios:`. */
export interface ExplicitScenarioSpec {
  /** Stack name. @default "<storage>-<cache>-<bus>[-<io>]" */
  readonly name?: string;
  readonly storage: string;
  readonly cache: CacheMode;
  readonly bus: Bus;
  /** @default - hypervisor default */
  readonly io?: IoMode;
  /** @default - the guest's machine, else "pc" for ide and "q35" otherwise */
  readonly machine?: Machine;
  /** Names of the hosts it may run on. @default - every host of the study */
  readonly hosts?: readonly string[];
  readonly at?: SourcePosition;
}

/** A validated study. */
export interface Study {
  readonly version: 1;
  readonly name: string;
  /** The study file's path (as given). */
  readonly file: string;
  /** One entry for `host:` (or the default host), several for `hosts:`. */
  readonly hosts: readonly HostSpec[];
  /**
   * Device name -> its path on every host (a host's `devices` may give another). A device only
   * some hosts have is not here: its paths are in those hosts' `devices`.
   */
  readonly devices: Readonly<Record<string, string>>;
  /** Storage name -> spec, in file order. */
  readonly storage: Readonly<Record<string, StorageSpec>>;
  readonly guest: GuestSpec;
  readonly benchmark: BenchmarkSpec;
  /** @default - no baseline */
  readonly baseline?: BaselineSpec;
  /** @default - no matrix */
  readonly matrix?: MatrixSpec;
  /** @default [] */
  readonly scenarios: readonly ExplicitScenarioSpec[];
}
