import { tryParseSize } from "../../domain/size";

/** Bytes in a size string ("20GiB", "512M"; see domain/size.ts), or undefined if it is not one. */
export function parseSizeBytes(size: string): number | undefined {
  const parsed = tryParseSize(size);
  return parsed.ok ? parsed.bytes : undefined;
}

/** Whole MiB in a size string, or undefined if it is not a size or not a whole number of MiB. */
export function parseSizeMiB(size: string): number | undefined {
  const bytes = parseSizeBytes(size);
  if (bytes === undefined || bytes % 1024 ** 2 !== 0) return undefined;
  return bytes / 1024 ** 2;
}
