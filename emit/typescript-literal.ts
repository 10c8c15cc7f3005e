/** Values as TypeScript source: the props of recorded constructs, written for the emitted stack. */

/** How a value that is not plain data is written: a construct as its variable, the host as `host`. */
export type ReferenceName = (value: object) => string | undefined;

/** Source text written as it is (an identifier or an expression the emitter made). */
export class RawSource {
  constructor(public readonly text: string) {}
}

/** `text` written as it is by typescriptLiteral. */
export function raw(text: string): RawSource {
  return new RawSource(text);
}

const NO_REFERENCES: ReferenceName = () => undefined;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isSize(value: object): value is { text: string; bytes: number } {
  const keys = Object.keys(value).sort();
  return keys.length === 2 && keys[0] === "bytes" && keys[1] === "text" && typeof (value as { text: unknown }).text === "string";
}

/**
 * `value` as a TypeScript expression: strings as JSON string literals (they cannot break out of
 * the literal), numbers, booleans, arrays, objects (undefined members left out), a size as the
 * text it was written as ("100GiB"), raw source as it is, and references by `reference`. Throws
 * for anything else.
 */
export function typescriptLiteral(value: unknown, reference: ReferenceName = NO_REFERENCES, indent = ""): string {
  if (value instanceof RawSource) return value.text;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => typescriptLiteral(item, reference, indent)).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const name = reference(value);
    if (name !== undefined) return name;
    if (isSize(value)) return JSON.stringify(value.text);
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new Error(`cannot write a ${value.constructor.name} as TypeScript`);
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    if (members.length === 0) return "{}";
    const inner = `${indent}  `;
    return `{\n${members.map(([key, member]) => `${inner}${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${typescriptLiteral(member, reference, inner)},`).join("\n")}\n${indent}}`;
  }
  throw new Error(`cannot write ${String(value)} as TypeScript`);
}

/** A variable name from a construct id: "zfs-pool" → "zfsPool", "disk-ssd" → "diskSsd". */
export function variableName(id: string, taken: ReadonlySet<string>): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  const joined = words.map((word, index) => (index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1))).join("");
  const base = /^[A-Za-z]/.test(joined) ? joined : `construct${joined}`;
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base}${suffix}`;
  return name;
}

/** Text for a `/* *\/` comment: one line, and no `*\/` to end it early. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\*\//g, "* /");
}
