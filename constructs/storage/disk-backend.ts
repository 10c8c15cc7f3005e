import { IConstruct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";
import type { StorageFacts } from "../../domain/storage-facts";

export type { DirectIoSupport, DiskFormat, StorageFacts } from "../../domain/storage-facts";

/** Where the guest's disk lives, as libvirt sees it. Exactly one variant. */
export type DiskSource =
  | { readonly type: "file"; readonly path: string }
  | { readonly type: "block"; readonly path: string }
  | { readonly type: "volume"; readonly pool: string; readonly volume: string };

/**
 * What every storage backend offers a disk attachment: one disk source, the facts the rules
 * need, and what must exist before a guest may use the disk.
 */
export interface IDiskBackend extends IConstruct {
  readonly source: DiskSource;
  readonly facts: StorageFacts;
  /** Resources (host steps, volumes) the guest's domain must depend on. */
  readonly dependables: readonly ITerraformDependable[];
}
