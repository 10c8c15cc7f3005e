import type { AccessPattern, Direction } from "./benchmark-tests";
import { SINGLE_IO, type LoadPoint } from "./load-points";

/** A fio job's options: global options overlaid with the job's own, as fio's JSON output lists them. */
export type FioOptions = Readonly<Record<string, string>>;

/** What a fio `rw` value asks for. `mixed` covers rw/readwrite/randrw; `other` covers trims. */
export type FioWorkload =
  | { readonly kind: "single"; readonly direction: Direction; readonly pattern: AccessPattern }
  | { readonly kind: "mixed" | "other"; readonly value: string };

const SINGLE_WORKLOADS: Readonly<Record<string, { direction: Direction; pattern: AccessPattern }>> = {
  read: { direction: "read", pattern: "sequential" },
  write: { direction: "write", pattern: "sequential" },
  randread: { direction: "read", pattern: "random" },
  randwrite: { direction: "write", pattern: "random" },
};

/** fio's default `rw` and `bs` when neither the job nor the global section sets them. */
export const FIO_DEFAULT_RW = "read";
export const FIO_DEFAULT_BLOCK_SIZE = 4096;

/** Interprets fio's `rw` (alias `readwrite`) option; a `:N` offset modifier is ignored. */
export function parseFioWorkload(options: FioOptions): FioWorkload {
  const raw = (options["rw"] ?? options["readwrite"] ?? FIO_DEFAULT_RW).trim().toLowerCase();
  const value = raw.split(":")[0] ?? raw;
  const single = SINGLE_WORKLOADS[value];
  if (single) return { kind: "single", ...single };
  if (value === "rw" || value === "readwrite" || value === "randrw") return { kind: "mixed", value: raw };
  return { kind: "other", value: raw };
}

/**
 * Parses a fio size such as `512`, `4k`, `4KiB`, `64K`, `1m`, `1MiB`. With `kb_base=1024`
 * (fio's default) `k`/`KB` mean 1024 bytes; `KiB` always does; with `kb_base=1000`, `k`/`KB` mean 1000.
 */
export function parseFioSize(value: string, kbBase = 1024): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?)(b?)\s*$/i.exec(value);
  if (!match) return undefined;
  const [, number, unit = "", binary = ""] = match;
  const exponent = unit === "" ? 0 : "kmgtp".indexOf(unit.toLowerCase()) + 1;
  const base = binary ? 1024 : kbBase;
  return Math.round(Number(number) * base ** exponent);
}

/**
 * The block size a fio job uses for one direction. fio's `bs` (alias `blocksize`) may give
 * separate sizes for reads, writes and trims: `bs=4k,64k`; an empty part means the default.
 */
export function fioBlockSize(options: FioOptions, direction: Direction): number | undefined {
  const raw = options["bs"] ?? options["blocksize"];
  const kbBase = Number(options["kb_base"] ?? 1024) === 1000 ? 1000 : 1024;
  if (raw === undefined) return FIO_DEFAULT_BLOCK_SIZE;
  const parts = raw.split(",");
  const first = parts[0] ?? "";
  const part = direction === "read" ? first : parts.length > 1 ? (parts[1] ?? "") : first;
  if (part.trim() === "") return FIO_DEFAULT_BLOCK_SIZE;
  return parseFioSize(part, kbBase);
}

/** A positive whole number option, or the fallback when it is absent or unreadable. */
function countOption(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
}

/** The load a fio job ran under: its `iodepth` and `numjobs` (fio's default 1 each). */
export function fioLoadPoint(options: FioOptions): LoadPoint {
  return { iodepth: countOption(options["iodepth"], SINGLE_IO.iodepth), numjobs: countOption(options["numjobs"], SINGLE_IO.numjobs) };
}
