import { toSize, type SizeLike } from "../../domain/size";

/** Bytes in a size ("20GiB", "512M" or a Size; see domain/size.ts), or undefined if it is not one. */
export function parseSizeBytes(size: SizeLike): number | undefined {
  const parsed = toSize(size);
  return parsed.ok ? parsed.size.bytes : undefined;
}

/** Whole MiB in a size, or undefined if it is not a size or not a whole number of MiB. */
export function parseSizeMiB(size: SizeLike): number | undefined {
  const bytes = parseSizeBytes(size);
  if (bytes === undefined || bytes % 1024 ** 2 !== 0) return undefined;
  return bytes / 1024 ** 2;
}
