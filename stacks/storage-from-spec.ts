/**
 * Study storage specs -> storage constructs: each spec is built by its kind's backend
 * (backends/registry.ts) from the construct library, ending in the one disk backend the guest's
 * attachment uses.
 */
import { Construct } from "constructs";
import type { BuildKit, StorageLibrary } from "../backends/backend";
import { backendOf } from "../backends/registry";
import type { Host } from "../constructs/host/host";
import { HostStep } from "../constructs/host/host-step";
import * as storageConstructs from "../constructs/storage";
import type { IDiskBackend } from "../constructs/storage";
import type { StorageSpec } from "../study/model";

export interface StorageBuildContext {
  readonly host: Host;
  /** Key of the spec in the study; names pools and volume groups (`kvmbench-<name>`). */
  readonly storageName: string;
  /** Device name -> path on this host. */
  readonly devicePath: (name: string) => string;
  /** The study's `wipe` for this storage: may the host disks carry data? */
  readonly wipe: boolean;
}

/** The construct library the backends build from. */
const LIBRARY: StorageLibrary = { ...storageConstructs, HostStep };

/** Builds the constructs of one storage spec under `scope` and returns its disk backend. */
export function buildStorage(scope: Construct, spec: StorageSpec, context: StorageBuildContext): IDiskBackend {
  const kit: BuildKit = { scope, library: LIBRARY, ...context };
  return backendOf(spec).build(spec, kit);
}
