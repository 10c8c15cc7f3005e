/** Helpers for the settings a backend lets like-for-like compare. */
import type { Size } from "../../domain/size";
import type { Trait } from "../backend";

/** A setting with the study's value, or the default when it left the key out. */
export function trait(setting: string, given: string | undefined, fallback: string): Trait {
  return { setting, value: given ?? fallback, isDefault: given === undefined };
}

/** A size as settings compare it: "64K", "1G", or bytes. */
export function sizeSetting(size: Size | undefined): string | undefined {
  if (!size) return undefined;
  const units: [number, string][] = [
    [1024 ** 3, "G"],
    [1024 ** 2, "M"],
    [1024, "K"],
  ];
  for (const [bytes, unit] of units) if (size.bytes % bytes === 0) return `${size.bytes / bytes}${unit}`;
  return String(size.bytes);
}
