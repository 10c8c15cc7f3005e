/**
 * Sizes in the study model, parsed by the project's one size parser
 * (domain/size.ts: K/M/G/T/P and KiB..PiB are powers of 1024, a bare number or "B"
 * is bytes, SI units are refused). The study adds one requirement: a size is positive.
 */
import { tryParseSize } from "../domain/size";
import type { Size } from "./model";

export { formatSize as formatBytes, isPowerOfTwo } from "../domain/size";

/** What a size looks like, for error messages. */
export const SIZE_EXPECTATION = 'a size such as "100GiB", "16K" or "512B" (K/KiB, M/MiB, G/GiB, T/TiB, P/PiB are powers of 1024; SI units such as GB are refused)';

/** A size, or what is wrong with the text. */
export type SizeResult = { readonly ok: true; readonly size: Size } | { readonly ok: false; readonly error: string };

export function readSize(text: string): SizeResult {
  const parsed = tryParseSize(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (parsed.bytes <= 0) return { ok: false, error: `"${text}" is zero` };
  return { ok: true, size: { text: text.trim(), bytes: parsed.bytes } };
}

/** The size, or undefined when the text is not a positive size. */
export function parseSize(text: string): Size | undefined {
  const result = readSize(text);
  return result.ok ? result.size : undefined;
}
