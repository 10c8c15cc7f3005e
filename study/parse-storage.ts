/** Reader for the `storage:` section: each storage's `kind` and `wipe`, the rest by its backend (backends/registry.ts). */
import { Node, isMap, isScalar } from "yaml";
import type { AnyStorageBackend } from "../backends/registry";
import { STORAGE_KINDS, backendNamed } from "../backends/registry";
import type { StudyNames } from "../backends/backend";
import type { StorageSpec } from "./model";
import { NAME_EXPECTATION, isValidName } from "./names";
import { storageNameLimitProblem } from "../domain/host-name-limits";
import { listAlternatives } from "./suggest";
import { MapFields, StudyReader, childPath } from "./yaml-reader";

const STORAGE_EXPECTATION = `a storage mapping with "kind" (${listAlternatives(STORAGE_KINDS)}), e.g. { kind: block, device: ssd }`;

/** The storage specs that are valid, and every name declared (valid or not). */
export interface StorageSection {
  readonly specs: ReadonlyMap<string, StorageSpec>;
  readonly declared: readonly string[];
}

export function readStorageSection(reader: StudyReader, node: Node | null | undefined, names: StudyNames): StorageSection {
  const specs = new Map<string, StorageSpec>();
  const declared: string[] = [];
  for (const entry of reader.namedEntries(node, "storage", "a mapping of storage names to storage specs")) {
    const path = childPath("storage", entry.name);
    declared.push(entry.name);
    if (!isValidName(entry.name)) {
      reader.error(entry.key, path, `invalid storage name "${entry.name}"`, NAME_EXPECTATION);
      continue;
    }
    const limit = storageNameLimitProblem(entry.name);
    if (limit) {
      reader.error(entry.key, path, limit, "a shorter storage name, or one with fewer \"-\" (LVM doubles each in device-mapper names)");
      continue;
    }
    const spec = readStorage(reader, entry.value, path, names, entry.key);
    if (spec) specs.set(entry.name, spec);
  }
  return { specs, declared };
}

function readBackend(reader: StudyReader, node: Node | null | undefined, path: string, fallback: Node): AnyStorageBackend | undefined {
  const resolved = reader.resolve(node);
  if (!resolved || !isMap(resolved)) {
    reader.map(resolved, path, { required: [], optional: [] }, STORAGE_EXPECTATION, fallback);
    return undefined;
  }
  const kindNode = resolved.items.find((item) => isScalar(item.key) && item.key.value === "kind");
  if (!kindNode) {
    reader.error(resolved, childPath(path, "kind"), 'required key "kind" is missing', `"kind": one of ${listAlternatives(STORAGE_KINDS)}`);
    return undefined;
  }
  const kind = reader.enumValue(kindNode.value as Node | null, childPath(path, "kind"), STORAGE_KINDS);
  return kind === undefined ? undefined : backendNamed(kind);
}

function readWipe(reader: StudyReader, fields: MapFields): boolean | undefined {
  return fields.has("wipe") ? reader.boolean(fields.value("wipe"), fields.pathOf("wipe")) : false;
}

export function readStorage(reader: StudyReader, node: Node | null | undefined, path: string, names: StudyNames, keyNode: Node): StorageSpec | undefined {
  const backend = readBackend(reader, node, path, keyNode);
  if (!backend) return undefined;
  const shape = { required: ["kind", ...backend.keys.required], optional: [...backend.keys.optional, "wipe"] };
  const fields = reader.map(node, path, shape, STORAGE_EXPECTATION);
  if (!fields) return undefined;
  const wipe = readWipe(reader, fields);
  return backend.read({ reader, fields, names, wipe });
}
