/** Settings kvmbench gives storage the study leaves them out of (the constructs' defaults, which like-for-like compares as they take effect). */

/** The sector size of a ZFS pool (4 KiB). */
export const DEFAULT_ASHIFT = 12;
/** The compression of a ZFS pool. */
export const DEFAULT_COMPRESSION = "lz4";
/** The volblocksize of a zvol (the OpenZFS default since 2.2). */
export const DEFAULT_VOLBLOCKSIZE = "16K";
