/**
 * Sizes as sysadmins write them: "100GiB", "16K", "512", "1.5TiB". K/M/G/T/P and
 * KiB/MiB/GiB/TiB/PiB are binary (powers of 1024), as in zfs, qemu-img and lvm; a bare
 * number or "B" is bytes. SI units (kB, MB, GB, TB) are refused: they are too often meant
 * as binary, and a study must say exactly what it measures.
 */

/** A size as written ("100GiB", "16K") and in bytes: how studies, constructs and host commands pass sizes. */
export interface Size {
  /** The size as written, e.g. "100GiB". */
  readonly text: string;
  readonly bytes: number;
}

const UNITS: Record<string, number> = { "": 0, B: 0, K: 1, KIB: 1, M: 2, MIB: 2, G: 3, GIB: 3, T: 4, TIB: 4, P: 5, PIB: 5 };
const SHORT = ["", "K", "M", "G", "T", "P"];

export type SizeParse = { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly error: string };

/** Parses a size; never throws (constructs report the error from their validation). */
export function tryParseSize(text: string): SizeParse {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(text);
  if (!match) {
    return { ok: false, error: `"${text}" is not a size; write e.g. 100GiB, 16K or 512` };
  }
  const unit = match[2].toUpperCase();
  const power = UNITS[unit];
  if (power === undefined) {
    const hint = /^[KMGTP]B$/.test(unit) ? ` (SI units are not accepted; write ${unit[0]}iB for binary)` : "";
    return { ok: false, error: `"${text}" has an unknown unit "${match[2]}"${hint}; use B, K/KiB, M/MiB, G/GiB, T/TiB or P/PiB` };
  }
  const bytes = Number(match[1]) * 1024 ** power;
  if (!Number.isSafeInteger(bytes)) {
    return { ok: false, error: `"${text}" is not a whole number of bytes` };
  }
  return { ok: true, bytes };
}

/** A size as the constructs take it: as written ("100GiB") or a Size (the study's). */
export type SizeLike = string | Size;

/** The size as written. */
export function sizeText(value: SizeLike): string {
  return typeof value === "string" ? value : value.text;
}

/** A SizeLike as a Size, or what is wrong with it (never throws: constructs report it from their validation). */
export function toSize(value: SizeLike): { readonly ok: true; readonly size: Size } | { readonly ok: false; readonly error: string } {
  if (typeof value !== "string") {
    return Number.isSafeInteger(value.bytes) && value.bytes >= 0 ? { ok: true, size: value } : { ok: false, error: `"${value.text}" is not a whole number of bytes` };
  }
  const parsed = tryParseSize(value);
  return parsed.ok ? { ok: true, size: { text: value, bytes: parsed.bytes } } : parsed;
}

/** Parses a size or throws with the same message tryParseSize gives. */
export function parseSize(text: string): number {
  const parsed = tryParseSize(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.bytes;
}

function largestUnit(bytes: number): number {
  let power = 0;
  while (power < SHORT.length - 1 && bytes !== 0 && bytes % 1024 ** (power + 1) === 0) power++;
  return power;
}

/** The largest exact short binary unit, as zfs, qemu-img and mkfs read it: 107374182400 -> "100G", 16384 -> "16K". */
export function formatShortSize(bytes: number): string {
  const power = largestUnit(bytes);
  return `${bytes / 1024 ** power}${SHORT[power]}`;
}

/** The largest exact IEC unit, for people: 107374182400 -> "100GiB", 512 -> "512B". */
export function formatSize(bytes: number): string {
  const power = largestUnit(bytes);
  return `${bytes / 1024 ** power}${power === 0 ? "B" : `${SHORT[power]}iB`}`;
}

/** LVM's input form (lower case is binary in lvcreate -L): 107374182400 -> "100g", 512 -> "512b". */
export function formatLvmSize(bytes: number): string {
  const power = largestUnit(bytes);
  return `${bytes / 1024 ** power}${power === 0 ? "b" : SHORT[power].toLowerCase()}`;
}

/** True for 512, 1024, 2048, ... */
export function isPowerOfTwo(bytes: number): boolean {
  return Number.isSafeInteger(bytes) && bytes > 0 && Number.isInteger(Math.log2(bytes));
}
