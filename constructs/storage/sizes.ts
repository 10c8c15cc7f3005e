/** Sizes in the storage constructs' settings: what they tell the host commands and people. */
import { formatShortSize, formatSize, isPowerOfTwo, sizeText, toSize, type SizeLike } from "../../domain/size";

/** The size as zfs and qemu-img read it ("128K"), or as given when it is not a size (validation reports it). */
export function shortSize(value: SizeLike): string {
  const size = toSize(value);
  return size.ok ? formatShortSize(size.size.bytes) : sizeText(value);
}

/** The size for people ("100GiB"), or as given when it is not a size. */
export function readableSize(value: SizeLike): string {
  const size = toSize(value);
  return size.ok ? formatSize(size.size.bytes) : sizeText(value);
}

/** Errors for a power-of-two block size such as recordsize, volblocksize or a qcow2 cluster. */
export function checkBlockSize(what: string, value: SizeLike, min: number, max: number): string[] {
  const size = toSize(value);
  if (!size.ok) return [`${what}: ${size.error}`];
  if (!isPowerOfTwo(size.size.bytes) || size.size.bytes < min || size.size.bytes > max) {
    return [`${what} ${sizeText(value)} must be a power of two from ${formatShortSize(min)} to ${formatShortSize(max)}`];
  }
  return [];
}
