/**
 * Reads values out of a parsed YAML document, checking their shape and recording every
 * problem with its position and key path (reading goes on after a problem, so that one
 * pass reports all of them). Readers return undefined for a value that is wrong.
 */
import { Alias, Document, LineCounter, Node, Pair, isAlias, isMap, isScalar, isSeq, visit } from "yaml";
import type { StudyError } from "./errors";
import type { Size, SourcePosition } from "./model";
import { SIZE_EXPECTATION, readSize } from "./size";
import { closestMatch, listAlternatives } from "./suggest";

/** Control characters, line and paragraph separators, and UTF-16 halves without their other half. */
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `a.b`, `a[3]` */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** Keys a mapping must and may have. */
export interface MapShape {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** The entries of one mapping, by key, after checking it against its shape. */
export class MapFields {
  constructor(
    /** The mapping itself (its position is where missing keys are reported). */
    readonly node: Node,
    readonly path: string,
    private readonly entries: ReadonlyMap<string, { readonly key: Node; readonly value: Node | null }>,
  ) {}

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value node (null for `key:` with nothing after it), or undefined when the key is absent. */
  value(key: string): Node | null | undefined {
    return this.entries.get(key)?.value;
  }

  keyNode(key: string): Node | undefined {
    return this.entries.get(key)?.key;
  }

  pathOf(key: string): string {
    return childPath(this.path, key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }
}

/** Describes what a node is, for "got ..." messages. */
function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return "nothing (null)";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return "nothing (null)";
    if (typeof value === "string") return `the string "${value}"`;
    if (typeof value === "number" || typeof value === "bigint") return `the number ${String(value)}`;
    if (typeof value === "boolean") return `the boolean ${String(value)}`;
  }
  return "an unsupported value";
}

/**
 * The text of a mapping key, or undefined for a key that is not a plain scalar. YAML's merge key
 * (`<<`, which YAML 1.1 documents resolve to a symbol) has no text: kvmbench does not merge.
 */
export function keyText(key: Node | null | undefined): string | undefined {
  if (!key || !isScalar(key)) return undefined;
  const value = key.value;
  if (typeof value === "string") return value === MERGE_KEY ? undefined : value;
  return typeof value === "number" || typeof value === "bigint" || typeof value === "boolean" ? String(value) : undefined;
}

const MERGE_KEY = "<<";
const MERGE_EXPECTATION = "the keys written out in each mapping (an alias such as *name may stand for a whole value, not be merged into a mapping)";

/** What is wrong with a key keyText refuses. */
function keyProblem(key: Node | null): { message: string; expected: string } {
  const merge = key && isScalar(key) && (typeof key.value === "symbol" || key.value === MERGE_KEY);
  return merge ? { message: 'a YAML merge key ("<<") is not read', expected: MERGE_EXPECTATION } : { message: `a key is ${describe(key)}`, expected: "plain keys" };
}

export class StudyReader {
  readonly errors: StudyError[] = [];

  /** Bytes read again through aliases so far (see `resolve`). */
  private aliasedBytes = 0;
  private aliasBudgetReported = false;
  /** `defined` lists of `reference` as sets, so that each look-up is constant time. */
  private readonly definedSets = new WeakMap<readonly string[], ReadonlySet<string>>();
  /** Each alias's anchor, found in one walk of the document (see anchorOf). */
  private aliasTargets?: Map<Alias, Node>;

  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
    private readonly document: Document,
    /** How many bytes aliases may make the reader read again, in all (the study's size limit). */
    private readonly aliasBudget = Number.POSITIVE_INFINITY,
  ) {}

  /** Position of a node's first character. */
  position(node: Node | null | undefined, fallback?: Node): SourcePosition {
    const offset = node?.range?.[0] ?? fallback?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  error(node: Node | null | undefined, path: string, message: string, expected: string, fallback?: Node): void {
    this.errors.push({ ...this.position(node, fallback), path, message, expected });
  }

  errorAt(at: SourcePosition, path: string, message: string, expected: string): void {
    this.errors.push({ ...at, path, message, expected });
  }

  /**
   * Follows `*alias` to its anchor. Each alias makes the reader read its anchor's text again;
   * past the budget (as many bytes as a study may have) it stops following them, so aliases
   * cannot make reading grow faster than the file.
   */
  resolve(node: Node | null | undefined): Node | null | undefined {
    if (!node || !isAlias(node)) return node;
    const target = this.anchorOf(node);
    const range = target?.range;
    this.aliasedBytes += range ? range[1] - range[0] : 0;
    if (this.aliasedBytes > this.aliasBudget) {
      if (!this.aliasBudgetReported) {
        this.aliasBudgetReported = true;
        this.error(node, "", `aliases make the study more than ${this.aliasBudget} bytes long`, "fewer aliases (*name) of large anchors");
      }
      return null;
    }
    return target;
  }

  /**
   * The node an alias stands for: the last node anchored with its name before it, as YAML says.
   * The yaml library's own Alias.resolve walks the whole document for each alias, which made a
   * study of many aliases quadratic; this walks it once.
   */
  private anchorOf(alias: Alias): Node | null {
    if (!this.aliasTargets) {
      const targets = new Map<Alias, Node>();
      const latest = new Map<string, Node>();
      visit(this.document, {
        Node: (_key, node) => {
          if (isAlias(node)) {
            const target = latest.get(node.source);
            if (target) targets.set(node, target);
          } else if (node.anchor) latest.set(node.anchor, node);
        },
      });
      this.aliasTargets = targets;
    }
    return this.aliasTargets.get(alias) ?? null;
  }

  /**
   * Checks a mapping: reports unknown keys (suggesting the closest known one) and missing
   * required keys. Returns undefined (and reports) when the node is not a mapping.
   */
  map(raw: Node | null | undefined, path: string, shape: MapShape, expected: string, fallback?: Node): MapFields | undefined {
    const node = this.resolve(raw);
    if (!node || !isMap(node)) {
      this.error(node, path, `wrong type: got ${describe(node)}`, expected, fallback);
      return undefined;
    }
    const known = [...shape.required, ...shape.optional];
    const entries = new Map<string, { key: Node; value: Node | null }>();
    for (const item of node.items as Pair<unknown, unknown>[]) {
      const key = item.key as Node | null;
      const text = keyText(key);
      if (text === undefined) {
        const { message, expected } = keyProblem(key);
        this.error(key, path, message, expected, node);
        continue;
      }
      if (entries.has(text)) {
        this.error(key, childPath(path, text), `key "${text}" is given twice`, "each key once in a mapping");
        continue;
      }
      if (!known.includes(text)) {
        const suggestion = closestMatch(text, known);
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
        this.error(key, childPath(path, text), `unknown key "${text}"${hint}`, `one of the keys ${listAlternatives(known)}`);
        continue;
      }
      entries.set(text, { key: key as Node, value: (item.value as Node | null) ?? null });
    }
    for (const required of shape.required) {
      if (!entries.has(required)) {
        this.error(node, childPath(path, required), `required key "${required}" is missing`, `"${required}" in ${path === "" ? "the study" : path}`);
      }
    }
    return new MapFields(node, path, entries);
  }

  /** A mapping whose keys are names the study defines (devices, storage): returns [name, value] pairs. */
  namedEntries(raw: Node | null | undefined, path: string, expected: string): { name: string; key: Node; value: Node | null }[] {
    const node = this.resolve(raw);
    if (!node || !isMap(node)) {
      this.error(node, path, `wrong type: got ${describe(node)}`, expected);
      return [];
    }
    const result: { name: string; key: Node; value: Node | null }[] = [];
    const seen = new Set<string>();
    for (const item of node.items as Pair<unknown, unknown>[]) {
      const key = item.key as Node | null;
      const name = keyText(key);
      if (key === null || name === undefined) {
        const { message, expected } = keyProblem(key);
        this.error(key, path, message, expected === "plain keys" ? "a name" : expected, node);
        continue;
      }
      if (seen.has(name)) {
        this.error(key, childPath(path, name), `"${name}" is defined twice`, "each name once");
        continue;
      }
      seen.add(name);
      result.push({ name, key, value: (item.value as Node | null) ?? null });
    }
    return result;
  }

  list(raw: Node | null | undefined, path: string, expected: string, options: { nonEmpty?: boolean } = {}): (Node | null)[] | undefined {
    const node = this.resolve(raw);
    if (!node || !isSeq(node)) {
      this.error(node, path, `wrong type: got ${describe(node)}`, expected);
      return undefined;
    }
    const items = node.items as (Node | null)[];
    if (options.nonEmpty && items.length === 0) {
      this.error(node, path, "the list is empty", expected);
      return undefined;
    }
    return items.map((item) => this.resolve(item) ?? null);
  }

  private scalarValue(node: Node | null | undefined): unknown {
    return node && isScalar(node) ? node.value : undefined;
  }

  /** A non-empty string without control characters (no study value needs one; they split lines and arguments). */
  string(raw: Node | null | undefined, path: string, expected = "a string"): string | undefined {
    const node = this.resolve(raw);
    const value = this.scalarValue(node);
    if (typeof value !== "string" || value.trim() === "") {
      this.error(node, path, typeof value === "string" ? "the string is empty" : `wrong type: got ${describe(node)}`, expected);
      return undefined;
    }
    const control = UNSAFE_CHARACTER.exec(value);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
      this.error(node, path, `the string contains the control character U+${code}`, `${expected}, without control characters or line breaks`);
      return undefined;
    }
    return value;
  }

  integer(raw: Node | null | undefined, path: string, min: number, max: number, expected?: string): number | undefined {
    const node = this.resolve(raw);
    const value = this.scalarValue(node);
    const want = expected ?? `a whole number from ${min} to ${max}`;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.error(node, path, `wrong type: got ${describe(node)}`, want);
      return undefined;
    }
    if (value < min || value > max) {
      this.error(node, path, `${value} is out of range`, want);
      return undefined;
    }
    return value;
  }

  boolean(raw: Node | null | undefined, path: string): boolean | undefined {
    const node = this.resolve(raw);
    const value = this.scalarValue(node);
    if (typeof value !== "boolean") {
      this.error(node, path, `wrong type: got ${describe(node)}`, "true or false");
      return undefined;
    }
    return value;
  }

  enumValue<T extends string>(raw: Node | null | undefined, path: string, allowed: readonly T[]): T | undefined {
    const node = this.resolve(raw);
    const value = this.scalarValue(node);
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    const suggestion = typeof value === "string" ? closestMatch(value, allowed) : undefined;
    const message =
      typeof value === "string" ? `invalid value "${value}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}` : `wrong type: got ${describe(node)}`;
    this.error(node, path, message, `one of ${listAlternatives(allowed)}`);
    return undefined;
  }

  size(raw: Node | null | undefined, path: string): Size | undefined {
    const node = this.resolve(raw);
    const value = this.scalarValue(node);
    if (typeof value === "string") {
      const result = readSize(value);
      if (result.ok) return result.size;
      this.error(node, path, `malformed size: ${result.error}`, SIZE_EXPECTATION);
      return undefined;
    }
    const hint = typeof value === "number" ? " (a size needs a unit)" : "";
    this.error(node, path, `wrong type: got ${describe(node)}${hint}`, SIZE_EXPECTATION);
    return undefined;
  }

  /** A name that must be one of `defined` (device, storage or host names); `hint` follows them in the expectation (where they are defined). */
  reference(raw: Node | null | undefined, path: string, what: string, defined: readonly string[], hint?: string): string | undefined {
    const node = this.resolve(raw);
    const value = this.scalarValue(node);
    if (typeof value !== "string" || value === "") {
      this.error(node, path, `wrong type: got ${describe(node)}`, `the name of a ${what}`);
      return undefined;
    }
    let definedSet = this.definedSets.get(defined);
    if (!definedSet) {
      definedSet = new Set(defined);
      this.definedSets.set(defined, definedSet);
    }
    if (!definedSet.has(value)) {
      const suggestion = closestMatch(value, defined);
      const suggested = suggestion ? ` (did you mean "${suggestion}"?)` : "";
      const choices = defined.length === 0 ? `a ${what} defined in the study (none are)` : `a defined ${what}: ${listAlternatives(defined, 20)}`;
      this.error(node, path, `undefined ${what} "${value}"${suggested}`, hint ? `${choices} (${hint})` : choices);
      return undefined;
    }
    return value;
  }
}
