/** Readers for `matrix:` and `scenarios:`. */
import { Node } from "yaml";
import { BUSES, CACHE_MODES, IO_MODES, MACHINES } from "../domain/disk-settings";
import type { ExplicitScenarioSpec, MatrixSpec } from "./model";
import { NAME_EXPECTATION, isValidName } from "./names";
import { type HostContext, checkMatrixPlacement, checkScenarioPlacement, readHostList } from "./parse-placement";
import { StudyReader, childPath } from "./yaml-reader";

/** A list axis whose items each pass `readItem`, without repeats. */
function readAxis<T extends string>(
  reader: StudyReader,
  node: Node | null | undefined,
  path: string,
  expected: string,
  readItem: (item: Node | null, itemPath: string) => T | undefined,
): T[] | undefined {
  const items = reader.list(node, path, expected, { nonEmpty: true });
  if (!items) return undefined;
  const values: T[] = [];
  const seen = new Set<T>();
  let ok = true;
  items.forEach((item, index) => {
    const itemPath = childPath(path, index);
    const value = readItem(item, itemPath);
    if (value === undefined) ok = false;
    else if (seen.has(value)) {
      reader.error(item, itemPath, `"${value}" is listed twice`, "each value once");
      ok = false;
    } else {
      seen.add(value);
      values.push(value);
    }
  });
  return ok ? values : undefined;
}

export function readMatrix(reader: StudyReader, node: Node | null | undefined, storageNames: readonly string[], hostContext: HostContext, keyNode?: Node): MatrixSpec | undefined {
  const fields = reader.map(node, "matrix", { required: ["storage", "cache", "bus"], optional: ["io", "hosts"] }, "a matrix mapping such as { storage: [raw], cache: [none], bus: [virtio] }", keyNode);
  if (!fields) return undefined;
  const hosts = fields.has("hosts") ? readHostList(reader, fields.value("hosts"), fields.pathOf("hosts"), hostContext) : undefined;
  // Each storage must have its devices on a host of the matrix (judged once its hosts read).
  const placeable = (name: string | undefined, item: Node | null, itemPath: string): string | undefined => {
    if (name === undefined || (fields.has("hosts") && !hosts)) return name;
    return checkMatrixPlacement(reader, name, item, itemPath, hosts, hostContext) ? name : undefined;
  };
  const storage = fields.has("storage")
    ? readAxis(reader, fields.value("storage"), fields.pathOf("storage"), "a list of storage names", (item, p) => placeable(reader.reference(item, p, "storage", storageNames), item, p))
    : undefined;
  const cache = fields.has("cache") ? readAxis(reader, fields.value("cache"), fields.pathOf("cache"), "a list of cache modes", (item, p) => reader.enumValue(item, p, CACHE_MODES)) : undefined;
  const bus = fields.has("bus") ? readAxis(reader, fields.value("bus"), fields.pathOf("bus"), "a list of buses", (item, p) => reader.enumValue(item, p, BUSES)) : undefined;
  const io = fields.has("io") ? readAxis(reader, fields.value("io"), fields.pathOf("io"), "a list of io modes", (item, p) => reader.enumValue(item, p, IO_MODES)) : undefined;
  if (!storage || !cache || !bus || (fields.has("io") && !io) || (fields.has("hosts") && !hosts)) return undefined;
  return { storage, cache, bus, ...(io ? { io } : {}), ...(hosts ? { hosts: hosts.map((h) => h.name) } : {}), at: reader.position(keyNode ?? fields.node) };
}

/** Reads each explicit scenario; a broken one is undefined (its errors are recorded), so indexes match the file. */
export function readExplicitScenarios(reader: StudyReader, node: Node | null | undefined, storageNames: readonly string[], hostContext: HostContext): (ExplicitScenarioSpec | undefined)[] {
  const items = reader.list(node, "scenarios", "a list of scenarios, each { storage, cache, bus, io?, name?, hosts? }");
  if (!items) return [];
  const scenarios: (ExplicitScenarioSpec | undefined)[] = [];
  items.forEach((item, index) => {
    const path = childPath("scenarios", index);
    const fields = reader.map(item, path, { required: ["storage", "cache", "bus"], optional: ["io", "machine", "name", "hosts"] }, "a scenario mapping such as { storage: zvol, cache: none, bus: virtio }");
    if (!fields) {
      scenarios.push(undefined);
      return;
    }
    const storage = fields.has("storage") ? reader.reference(fields.value("storage"), fields.pathOf("storage"), "storage", storageNames) : undefined;
    const cache = fields.has("cache") ? reader.enumValue(fields.value("cache"), fields.pathOf("cache"), CACHE_MODES) : undefined;
    const bus = fields.has("bus") ? reader.enumValue(fields.value("bus"), fields.pathOf("bus"), BUSES) : undefined;
    const io = fields.has("io") ? reader.enumValue(fields.value("io"), fields.pathOf("io"), IO_MODES) : undefined;
    const machine = fields.has("machine") ? reader.enumValue(fields.value("machine"), fields.pathOf("machine"), MACHINES) : undefined;
    let name = fields.has("name") ? reader.string(fields.value("name"), fields.pathOf("name"), NAME_EXPECTATION) : undefined;
    if (name !== undefined && !isValidName(name)) {
      reader.error(fields.value("name"), fields.pathOf("name"), `"${name}" cannot be a stack name`, NAME_EXPECTATION);
      name = undefined;
    }
    const hosts = fields.has("hosts") ? readHostList(reader, fields.value("hosts"), fields.pathOf("hosts"), hostContext) : undefined;
    // Judged once the storage and the hosts list read.
    const placed =
      storage === undefined || (fields.has("hosts") && !hosts) || checkScenarioPlacement(reader, storage, fields.value("storage"), fields.pathOf("storage"), hosts, fields.pathOf("hosts"), hostContext);
    const broken =
      storage === undefined ||
      !cache ||
      !bus ||
      (fields.has("io") && !io) ||
      (fields.has("machine") && !machine) ||
      (fields.has("name") && name === undefined) ||
      (fields.has("hosts") && !hosts) ||
      !placed;
    if (broken || storage === undefined || !cache || !bus) {
      scenarios.push(undefined);
      return;
    }
    scenarios.push({
      storage,
      cache,
      bus,
      ...(io ? { io } : {}),
      ...(machine ? { machine } : {}),
      ...(name ? { name } : {}),
      ...(hosts ? { hosts: hosts.map((h) => h.name) } : {}),
      at: reader.position(item),
    });
  });
  return scenarios;
}
