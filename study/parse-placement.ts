/**
 * The `hosts:` key of the matrix and of a scenario: the hosts its scenarios may run on. Each name
 * must be a host of the study, and a host must have a path for each device of the storage placed
 * on it (study/placement.ts).
 */
import { Node, isMap, isScalar, isSeq } from "yaml";
import type { HostSpec, StorageSpec } from "./model";
import { type HasStudyPath, hostsWithDevices, missingPathProblem, namedHosts, noHostProblem, placementExpectation } from "./placement";
import { StudyReader, childPath, keyText } from "./yaml-reader";

/** What `hosts:` lists are checked against. */
export interface HostContext {
  /** Every host name the study declares (its one `host:` is "host"), valid or not, for references. */
  readonly names: readonly string[];
  /** Whether the study lists `hosts:` (else it has one host, called "host"). */
  readonly several: boolean;
  /** The hosts when they read without errors: device paths are judged only then. */
  readonly hosts?: readonly HostSpec[];
  readonly storage: ReadonlyMap<string, StorageSpec>;
  readonly hasStudyPath: HasStudyPath;
}

/** One name of a `hosts:` list, with its node (for errors about that host). */
export interface NamedHost {
  readonly name: string;
  readonly node: Node | null;
}

/**
 * Every name under `hosts:`, valid or not, so that a host whose entry has errors is not also
 * reported as undefined wherever it is named.
 */
export function declaredHostNames(reader: StudyReader, node: Node | null | undefined): string[] {
  const list = reader.resolve(node);
  if (!list || !isSeq(list)) return [];
  return list.items.flatMap((item) => {
    const entry = reader.resolve(item as Node | null);
    if (!entry || !isMap(entry)) return [];
    const pair = entry.items.find((p) => keyText(p.key as Node | null) === "name");
    const name = pair ? reader.resolve(pair.value as Node | null) : undefined;
    return name && isScalar(name) && typeof name.value === "string" && name.value !== "" ? [name.value] : [];
  });
}

/** A `hosts:` list: host names of the study, without repeats; undefined when it has errors. */
export function readHostList(reader: StudyReader, node: Node | null | undefined, path: string, context: HostContext): NamedHost[] | undefined {
  const items = reader.list(node, path, "a list of host names, e.g. [kvm1]", { nonEmpty: true });
  if (!items) return undefined;
  const hint = context.several
    ? "the names under hosts:"
    : 'a study with one host: calls it "host"; list several under hosts: to place scenarios on some of them';
  const named: NamedHost[] = [];
  let ok = true;
  items.forEach((item, index) => {
    const itemPath = childPath(path, index);
    const name = reader.reference(item, itemPath, "host", context.names, hint);
    if (name === undefined) ok = false;
    else if (named.some((host) => host.name === name)) {
      reader.error(item, itemPath, `"${name}" is listed twice`, "each host once");
      ok = false;
    } else named.push({ name, node: item });
  });
  return ok ? named : undefined;
}

/**
 * An explicit scenario's placement: each host it lists must have its storage's devices (an error
 * at that host's name otherwise); without `hosts:`, some host must. False when it reported one.
 */
export function checkScenarioPlacement(
  reader: StudyReader,
  storageName: string,
  storageNode: Node | null | undefined,
  storagePath: string,
  listed: readonly NamedHost[] | undefined,
  hostsPath: string,
  context: HostContext,
): boolean {
  const spec = context.storage.get(storageName);
  const { hosts, hasStudyPath } = context;
  if (!spec || !hosts) return true;
  if (!listed) return checkSomeHost(reader, storageName, spec, storageNode, storagePath, undefined, { ...context, hosts });
  let ok = true;
  listed.forEach((entry, index) => {
    const host = hosts.find((h) => h.name === entry.name);
    const problem = host ? missingPathProblem(storageName, spec, host, hasStudyPath) : undefined;
    if (problem) {
      reader.error(entry.node, childPath(hostsPath, index), problem, placementExpectation(spec, hosts, hasStudyPath));
      ok = false;
    }
  });
  return ok;
}

/** A matrix storage's placement: some host of the matrix's `hosts:` (every host without it) must have its devices. */
export function checkMatrixPlacement(
  reader: StudyReader,
  storageName: string,
  storageNode: Node | null | undefined,
  storagePath: string,
  listed: readonly NamedHost[] | undefined,
  context: HostContext,
): boolean {
  const spec = context.storage.get(storageName);
  if (!spec || !context.hosts) return true;
  return checkSomeHost(reader, storageName, spec, storageNode, storagePath, listed?.map((host) => host.name), { ...context, hosts: context.hosts });
}

/** Some host of `names` (every host when undefined) must have the storage's devices; an error at the storage otherwise. */
function checkSomeHost(
  reader: StudyReader,
  storageName: string,
  spec: StorageSpec,
  node: Node | null | undefined,
  path: string,
  names: readonly string[] | undefined,
  context: HostContext & { readonly hosts: readonly HostSpec[] },
): boolean {
  const { hosts } = context;
  const named = namedHosts(hosts, names);
  if (hostsWithDevices(spec, named, context.hasStudyPath).length > 0) return true;
  reader.error(node, path, noHostProblem(storageName, spec, named, names, context.hasStudyPath), placementExpectation(spec, hosts, context.hasStudyPath));
  return false;
}
