/**
 * The hosts a scenario may be placed on before the rules judge it: those its entry's `hosts:`
 * names (every host of the study without it), in study order, that have a path for each device
 * of its storage. The study reader reports an entry that leaves none, at its position; the
 * expansion places nothing on a host outside this set.
 */
import type { HostSpec, StorageSpec } from "./model";
import { devicesWithoutPath } from "./storage-facts";
import { listAlternatives } from "./suggest";

/** Whether the study gives a device a path on every host (else only hosts' own `devices` do). */
export type HasStudyPath = (device: string) => boolean;

/** The hosts named by `names` (every host when undefined), in study order. */
export function namedHosts(hosts: readonly HostSpec[], names: readonly string[] | undefined): HostSpec[] {
  return names === undefined ? [...hosts] : hosts.filter((host) => names.includes(host.name));
}

/** The hosts among `hosts` with a path for each of the storage's devices. */
export function hostsWithDevices(spec: StorageSpec, hosts: readonly HostSpec[], hasStudyPath: HasStudyPath): HostSpec[] {
  return hosts.filter((host) => devicesWithoutPath(spec, host, hasStudyPath).length === 0);
}

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(", ");

/** `host "test-system" has no path for device "joker1" of storage "raidz1"`, or undefined when it has them all. */
export function missingPathProblem(storageName: string, spec: StorageSpec, host: HostSpec, hasStudyPath: HasStudyPath): string | undefined {
  const missing = devicesWithoutPath(spec, host, hasStudyPath);
  if (missing.length === 0) return undefined;
  return `host "${host.name}" has no path for ${missing.length === 1 ? "device" : "devices"} ${quoted(missing)} of storage "${storageName}"`;
}

/** What to write instead: a host that has the storage's devices (naming them), or their paths on this one. */
export function placementExpectation(spec: StorageSpec, hosts: readonly HostSpec[], hasStudyPath: HasStudyPath): string {
  const able = hostsWithDevices(spec, hosts, hasStudyPath).map((host) => host.name);
  const which = able.length === 0 ? "no host has them all" : listAlternatives(able);
  return `a host with a path for each device of the storage (${which}), or those paths under the host's devices:`;
}

/** Why no host is left for a storage among the named ones: each host's missing devices, or no host of those names. */
export function noHostProblem(storageName: string, spec: StorageSpec, named: readonly HostSpec[], names: readonly string[] | undefined, hasStudyPath: HasStudyPath): string {
  if (named.length === 0) return `no host of the study is named ${quoted(names ?? [])}`;
  return named.map((host) => missingPathProblem(storageName, spec, host, hasStudyPath)).join("; ");
}
