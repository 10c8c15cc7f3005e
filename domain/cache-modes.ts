import type { CacheMode } from "./disk-settings";

/**
 * What QEMU does with a libvirt cache mode. libvirt starts QEMU with `-blockdev` and sets each
 * disk's `cache.direct` and `cache.no-flush` on its block nodes and `write-cache` on its device
 * (QEMU's "cache modes" in its block device documentation).
 */
export interface CacheBehaviour {
  /** The image is opened with O_DIRECT, bypassing the host's page cache: QEMU's `cache.direct`. */
  readonly direct: boolean;
  /** The guest sees a volatile write cache it must flush: the device's `write-cache` property. */
  readonly writeCache: boolean;
  /** The guest's flushes are dropped: QEMU's `cache.no-flush`. */
  readonly noFlush: boolean;
}

export const CACHE_BEHAVIOUR: Readonly<Record<CacheMode, CacheBehaviour>> = {
  none: { direct: true, writeCache: true, noFlush: false },
  writethrough: { direct: false, writeCache: false, noFlush: false },
  writeback: { direct: false, writeCache: true, noFlush: false },
  directsync: { direct: true, writeCache: false, noFlush: false },
  unsafe: { direct: false, writeCache: true, noFlush: true },
};
