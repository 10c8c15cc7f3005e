/**
 * A storage backend: everything kvmbench knows about one `kind:` of storage, in one module. The
 * study reads its specs and judges its scenarios with it (reader, devices, summary, facts, rule
 * findings, like-for-like settings), the stacks build it (construct builder), and `kvmbench run`
 * schedules it (what a scenario on it holds). backends/registry.ts lists every backend; a kind it
 * does not list is refused by the study reader, so none is half supported.
 *
 * A backend builds from the construct library it is handed (`BuildKit.library`) and imports the
 * library only for its types: reading a study, which iterates the registry, never loads the
 * constructs (cdktf and the provider bindings).
 */
import type { Construct } from "constructs";
import type { Host } from "../constructs/host/host";
import type { HostStep } from "../constructs/host/host-step";
import type * as StorageConstructs from "../constructs/storage";
import type { IDiskBackend } from "../constructs/storage/disk-backend";
import type { RuleFinding } from "../domain/rules";
import type { StorageFacts } from "../domain/storage-facts";
import type { HostSpec, StorageSpec, ZfsPoolSpec } from "../study/model";
import type { MapFields, StudyReader } from "../study/yaml-reader";

/** Names the study defines, which specs may refer to. */
export interface StudyNames {
  readonly devices: readonly string[];
}

/** What a backend's reader gets: the storage's mapping, already checked against the backend's keys. */
export interface SpecReading {
  readonly reader: StudyReader;
  readonly fields: MapFields;
  readonly names: StudyNames;
  /** The storage's `wipe` (undefined when it is broken: the reader reported it). */
  readonly wipe: boolean | undefined;
}

/** A setting like-for-like compares between scenarios, as it takes effect (study/like-for-like.ts). */
export interface Trait {
  /** What it is, e.g. "ZFS compression". */
  readonly setting: string;
  readonly value: string;
  /** Whether the study left the key out (the value is a default). */
  readonly isDefault: boolean;
}

/** The facts of a storage that depend on its kind; the study adds the host devices and the summary. */
export type KindFacts = Omit<StorageFacts, "hostDevices" | "summary">;

/** The construct library a backend builds from. */
export type StorageLibrary = typeof StorageConstructs & { readonly HostStep: typeof HostStep };

/** What a backend's builder gets: where to build, on which host, with what. */
export interface BuildKit {
  /** The scope the storage's constructs go under. */
  readonly scope: Construct;
  readonly host: Host;
  /** The storage's name in the study: names its pools and volume groups (`kvmbench-<name>`) and its mountpoint. */
  readonly storageName: string;
  /** The study's `wipe` for this storage: may its host disks carry data? */
  readonly wipe: boolean;
  /** The path of a study device on this host. */
  devicePath(name: string): string;
  /** The storage constructs (constructs/storage) and HostStep. */
  readonly library: StorageLibrary;
}

export interface StorageBackend<S extends StorageSpec> {
  /** The study's `kind:` value. */
  readonly kind: S["kind"];
  /** Keys its storage mapping has besides `kind` and `wipe`. */
  readonly keys: { readonly required: readonly string[]; readonly optional: readonly string[] };
  /** Reads a spec; undefined when something is wrong (each problem reported through the reader, with its position). */
  read(reading: SpecReading): S | undefined;
  /** The study devices it consumes (keys of `devices`), in order. */
  devices(spec: S): readonly string[];
  /** One line for people, e.g. "qcow2 on xfs on ssd". */
  summary(spec: S): string;
  /** The facts the disk rules judge, on a host. */
  facts(spec: S, host: HostSpec): KindFacts;
  /** The storage rules' findings about it. */
  findings(spec: S): RuleFinding[];
  /** The settings like-for-like compares, as they take effect. */
  traits(spec: S): Trait[];
  /**
   * What a scenario on it holds for its whole deploy, as host paths: two scenarios that hold a
   * path in common never run at once. @default - the paths of its devices on the host
   */
  claims?(spec: S, devicePaths: readonly string[]): readonly string[];
  /** The ZFS pool under it, if any. @default - none */
  zfsPool?(spec: S): ZfsPoolSpec | undefined;
  /** Paths of the host scripts its constructs run (constructs/storage/scripts/, or its own beside it). */
  readonly scripts: readonly string[];
  /** Builds its constructs under `kit.scope` and returns the disk the guest gets. */
  build(spec: S, kit: BuildKit): IDiskBackend;
}
