/** Seeded generation of hostile and plausible strings for the fuzz tests over study values. */
import { ALLOWED_FIO_OPTIONS } from "../../runner/fio-allowlist";

/** mulberry32: small, seeded, good enough to pick fragments. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fragments that try each layer a value passes (Terraform templates, shell quoting, PowerShell's
 * quotes, line breaks, paths, libvirt URI parameters, Object's members, YAML's merge key, sheer
 * length); the payloads create `canary`.
 */
export function hostileFragments(canary: string): string[] {
  return [
    "'", '"', "\u2018", "\u2019", "\u201a", "\u201b", "$", "`", "${", "%{", "$${", "%%{", "}", "{", "$(", ")", "\\u0027", "\\", "\n", "\r", "\t", "\0", "\u2028",
    "-", "--", "..", "/", "//", ";", "|", "&", " ", "*", "?", "~", "#", "=", ",", ":", "@", "!", "<", ">", "é", "😀", "\ud800",
    `touch ${canary}`, `$(touch ${canary})`, `;touch ${canary};#`, `\`touch ${canary}\``, '${"\\u0027"}', "${path.module}", "%{ if true }x%{ endif }",
    "constructor", "__proto__", "toString", "<<", "/dev/shm/", "/tmp/", "../../", "?command=", "&keyfile=/etc/shadow", "%2e%2e/", "x".repeat(300),
  ];
}

export const SAFE = ["a", "b", "z", "Q", "0", "7", "-", "_", ".", "/", "k", "vm", "data", "x1"];

export class Strings {
  constructor(
    private readonly random: () => number,
    private readonly hostile: readonly string[],
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** A whole number from `min` to `max`. */
  count(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  /**
   * Mostly hostile fragments; sometimes words of the field's own vocabulary, alone or with one
   * hostile fragment, which validation is likelier to accept.
   */
  next(words: readonly string[] = SAFE): string {
    if (this.random() < 0.4) {
      const safe = Array.from({ length: 1 + Math.floor(this.random() * 3) }, () => this.pick(words)).join("");
      return this.random() < 0.4 ? safe : safe + this.pick(this.hostile) + this.pick(words);
    }
    return Array.from({ length: 1 + Math.floor(this.random() * 6) }, () => this.pick(this.random() < 0.7 ? this.hostile : words)).join("");
  }

  option(): string {
    return this.pick(Object.keys(ALLOWED_FIO_OPTIONS));
  }
}
