import type { IImageStore } from "./file-location";

/**
 * A libvirt storage pool whose volumes are files in a directory (`virsh pool-list`): what a
 * `PoolVolume` needs of the pool it goes in. A pool kvmbench defines (`DirectoryPool`) or one
 * already on the host (`DirectoryPool.fromName`).
 */
export interface IStoragePool extends IImageStore {
  /** libvirt pool name. */
  readonly name: string;
}
