/**
 * Every storage kind kvmbench supports, one backend module each (see backend.ts). The study reads
 * `kind:` against this list, judges and describes storage through it, the stacks build storage
 * with it and `kvmbench run` schedules by it: adding a kind is its module and one line here.
 */
import type { StorageSpec } from "../study/model";
import type { StorageBackend } from "./backend";
import { block } from "./block";
import { file } from "./file";
import { image } from "./image";
import { lvm } from "./lvm";
import { zvol } from "./zvol";

/** A backend whose spec type is known only as a StorageSpec (the registry checks the kind). */
export type AnyStorageBackend = StorageBackend<StorageSpec>;

function register<S extends StorageSpec>(backend: StorageBackend<S>): AnyStorageBackend {
  // Sound because backendOf hands a backend only specs of its own kind.
  return backend as unknown as AnyStorageBackend;
}

export const STORAGE_BACKENDS: readonly AnyStorageBackend[] = [
  register(block),
  register(lvm),
  register(zvol),
  register(image),
  register(file),
];

/** The `kind:` values a study may use, in registry order. */
export const STORAGE_KINDS: readonly string[] = STORAGE_BACKENDS.map((backend) => backend.kind);

/** The backend of a kind, or undefined for a kind kvmbench does not have. */
export function backendNamed(kind: string): AnyStorageBackend | undefined {
  return STORAGE_BACKENDS.find((backend) => backend.kind === kind);
}

/** The backend of a spec (throws for a kind the registry lacks: the study reader refuses those). */
export function backendOf(spec: StorageSpec): AnyStorageBackend {
  const backend = backendNamed(spec.kind);
  if (!backend) throw new Error(`storage kind "${spec.kind}" is not in backends/registry.ts`);
  return backend;
}

/** What a scenario on this storage holds while it runs, as host paths (its devices' paths unless the backend says more). */
export function storageClaims(spec: StorageSpec, devicePaths: readonly string[]): readonly string[] {
  const backend = backendOf(spec);
  return backend.claims ? backend.claims(spec, devicePaths) : devicePaths;
}
