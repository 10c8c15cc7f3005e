/** Readers for `host:`, `hosts:` and `devices:`. */
import { Node, isScalar } from "yaml";
import { ownValue } from "../domain/own-value";
import { ACCELERATORS, type HostSpec, type SshSpec } from "./model";
import { NAME_EXPECTATION, isValidName } from "./names";
import { MAX_HOSTS } from "./scenarios";
import { MapFields, StudyReader, childPath } from "./yaml-reader";
import {
  DEVICE_PATH_EXPECTATION,
  HOST_KEY_EXPECTATION,
  KEY_FILE_EXPECTATION,
  SSH_HOST_EXPECTATION,
  SSH_USER_EXPECTATION,
  WORKDIR_EXPECTATION,
  devicePathProblem,
  hostKeyProblem,
  wholeDiskPath,
  keyFileProblem,
  sshHostProblem,
  sshUserProblem,
  workdirProblem,
} from "../domain/host-values";
import { LIBVIRT_URI_EXPECTATION, connectionProblems, parseLibvirtUri, type LibvirtUri } from "../domain/libvirt-uri";

export const DEFAULT_HOST: HostSpec = {
  name: "host",
  uri: "qemu:///system",
  workdir: "/var/lib/kvmbench",
  openZfsVersion: "2.3",
  accelerator: "kvm",
  devices: {},
};

const VERSION = /^\d+\.\d+(\.\d+)?$/;
const VERSION_EXPECTATION = 'a quoted version string such as "2.3" or "2.2.6" (unquoted, YAML reads 2.10 as the number 2.1)';

const ONE_DISK_EXPECTATION = "one device per disk: the whole disk or one of its partitions (a partition's lock is its disk's)";

/** `devices:` as read: each device's path on every host, and the devices written without one. */
export interface StudyDevices {
  /** Device name -> its path on every host (a host's `devices` may give another). */
  readonly paths: Record<string, string>;
  /** Devices written `~`: only the hosts whose `devices` give a path have them (name -> its key, for errors). */
  readonly hostOnly: ReadonlyMap<string, Node>;
}

export function readDevices(reader: StudyReader, node: Node | null | undefined): StudyDevices {
  const devices: Record<string, string> = {};
  const hostOnly = new Map<string, Node>();
  const seenPaths = new Map<string, string>();
  const seenDisks = new Map<string, string>();
  for (const entry of reader.namedEntries(node, "devices", "a mapping of device names to device paths, e.g. { ssd: /dev/disk/by-id/... }")) {
    const path = childPath("devices", entry.name);
    if (!isValidName(entry.name)) {
      reader.error(entry.key, path, `invalid device name "${entry.name}"`, NAME_EXPECTATION);
      continue;
    }
    if (isNothing(entry.value)) {
      hostOnly.set(entry.name, entry.key);
      continue;
    }
    const devicePath = readDevicePath(reader, entry.value, path, entry.key);
    if (devicePath === undefined) continue;
    const other = seenPaths.get(devicePath);
    if (other !== undefined) {
      reader.error(entry.value, path, `${devicePath} is already the device "${other}"`, "each device path once");
      continue;
    }
    const disk = wholeDiskPath(devicePath);
    const onDisk = seenDisks.get(disk);
    if (onDisk !== undefined) {
      reader.error(entry.value, path, `${devicePath} is on the disk ${disk}, as the device "${onDisk}" is`, ONE_DISK_EXPECTATION);
      continue;
    }
    seenPaths.set(devicePath, entry.name);
    seenDisks.set(disk, entry.name);
    devices[entry.name] = devicePath;
  }
  return { paths: devices, hostOnly };
}

/** `name:` or `name: ~` (an alias is read as a path: `~` says "no path" where it stands). */
function isNothing(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/**
 * A device written without a path must get one from a host, else no storage on it could run
 * anywhere; reported at its name. `hosts` is undefined when they have errors (nothing is judged).
 */
export function checkHostOnlyDevices(reader: StudyReader, devices: StudyDevices, hosts: readonly HostSpec[] | undefined, severalHosts: boolean): void {
  if (!hosts) return;
  for (const [name, key] of devices.hostOnly) {
    if (hosts.some((host) => ownValue(host.devices, name) !== undefined)) continue;
    const expected = severalHosts
      ? "a path here (the device's path on every host), or one under the devices: of each host that has the disk (hosts[].devices)"
      : DEVICE_PATH_EXPECTATION;
    reader.error(key, childPath("devices", name), `device "${name}" has no path: none here, and no host gives one`, expected);
  }
}

function readDevicePath(reader: StudyReader, node: Node | null | undefined, path: string, fallback?: Node): string | undefined {
  if (node === null) {
    reader.error(node, path, "no device path", DEVICE_PATH_EXPECTATION, fallback);
    return undefined;
  }
  const value = reader.string(node, path, DEVICE_PATH_EXPECTATION);
  if (value === undefined) return undefined;
  const problem = devicePathProblem(value);
  if (problem) {
    reader.error(node, path, problem, DEVICE_PATH_EXPECTATION);
    return undefined;
  }
  return value;
}

const HOST_KEYS = ["uri", "ssh", "workdir", "openZfsVersion", "accelerator"];

/** `host:` — one host; returns undefined when it has errors. */
export function readHost(reader: StudyReader, node: Node | null | undefined, fallback: Node | undefined): HostSpec | undefined {
  const fields = reader.map(node, "host", { required: [], optional: HOST_KEYS }, "a host mapping such as { uri: qemu:///system }", fallback);
  return fields ? readHostFields(reader, fields, "host", {}) : undefined;
}

/** `hosts:` — several named hosts; returns undefined when any has errors. */
export function readHosts(reader: StudyReader, node: Node | null | undefined, deviceNames: readonly string[], studyDevices: Readonly<Record<string, string>>): HostSpec[] | undefined {
  const items = reader.list(node, "hosts", "a list of hosts, each { name, uri, ssh }", { nonEmpty: true });
  if (!items) return undefined;
  if (items.length > MAX_HOSTS) {
    reader.error(node, "hosts", `the study lists ${items.length} hosts, more than kvmbench schedules (${MAX_HOSTS})`, `at most ${MAX_HOSTS} hosts; split the study`);
    return undefined;
  }
  const hosts: (HostSpec | undefined)[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const path = childPath("hosts", index);
    const fields = reader.map(item, path, { required: ["name"], optional: [...HOST_KEYS, "devices"] }, "a host mapping such as { name: kvm1, uri: qemu+ssh://root@kvm1/system, ssh: { host: kvm1, privateKeyFile: ~/.ssh/id_ed25519 } }");
    if (!fields) {
      hosts.push(undefined);
      return;
    }
    const name = fields.has("name") ? reader.string(fields.value("name"), fields.pathOf("name"), NAME_EXPECTATION) : undefined;
    if (name !== undefined && !isValidName(name)) reader.error(fields.value("name"), fields.pathOf("name"), `invalid host name "${name}"`, NAME_EXPECTATION);
    else if (name !== undefined && seen.has(name)) reader.error(fields.value("name"), fields.pathOf("name"), `host name "${name}" is used twice`, "a unique name per host");
    const devices = fields.has("devices") ? readDeviceOverrides(reader, fields, deviceNames, studyDevices) : {};
    const host = readHostFields(reader, fields, name ?? "", devices ?? {});
    const nameOk = name !== undefined && isValidName(name) && !seen.has(name);
    if (name !== undefined) seen.add(name);
    hosts.push(host && nameOk && devices ? host : undefined);
  });
  return hosts.every((h): h is HostSpec => h !== undefined) ? hosts : undefined;
}

function readDeviceOverrides(reader: StudyReader, fields: MapFields, deviceNames: readonly string[], studyDevices: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const overrides: Record<string, string> = {};
  const read: { name: string; path: string; node: Node | null }[] = [];
  let ok = true;
  for (const entry of reader.namedEntries(fields.value("devices"), fields.pathOf("devices"), "a mapping of study device names to this host's paths")) {
    const path = childPath(fields.pathOf("devices"), entry.name);
    const name = reader.reference(entry.key, path, "device", deviceNames);
    const devicePath = readDevicePath(reader, entry.value, path, entry.key);
    if (name === undefined || devicePath === undefined) ok = false;
    else {
      overrides[name] = devicePath;
      read.push({ name, path, node: entry.value });
    }
  }
  // This host's devices are the study's with these paths in their place: one device per disk there too.
  const effective = Object.entries({ ...studyDevices, ...overrides });
  for (const { name, path, node } of read) {
    const disk = wholeDiskPath(overrides[name]);
    const other = effective.find(([otherName, otherPath]) => otherName !== name && wholeDiskPath(otherPath) === disk);
    if (other) {
      reader.error(node, path, `${overrides[name]} is on the disk ${disk}, as the device "${other[0]}" (${other[1]}) is on this host`, ONE_DISK_EXPECTATION);
      ok = false;
    }
  }
  return ok ? overrides : undefined;
}

function readHostFields(reader: StudyReader, fields: MapFields, name: string, devices: Record<string, string>): HostSpec | undefined {
  let ok = true;
  let uri = DEFAULT_HOST.uri;
  let parsedUri: LibvirtUri | undefined = { path: "/system" };
  if (fields.has("uri")) {
    const value = reader.string(fields.value("uri"), fields.pathOf("uri"), LIBVIRT_URI_EXPECTATION);
    const parsed = value === undefined ? undefined : parseLibvirtUri(value);
    if (parsed && "problem" in parsed) reader.error(fields.value("uri"), fields.pathOf("uri"), parsed.problem, LIBVIRT_URI_EXPECTATION);
    parsedUri = parsed && "uri" in parsed ? parsed.uri : undefined;
    if (value === undefined || parsedUri === undefined) ok = false;
    else uri = value;
  }
  let workdir = DEFAULT_HOST.workdir;
  if (fields.has("workdir")) {
    const value = reader.string(fields.value("workdir"), fields.pathOf("workdir"), WORKDIR_EXPECTATION);
    const problem = value === undefined ? undefined : workdirProblem(value);
    if (problem) {
      reader.error(fields.value("workdir"), fields.pathOf("workdir"), problem, WORKDIR_EXPECTATION);
      ok = false;
    } else if (value === undefined) ok = false;
    else workdir = value;
  }
  let openZfsVersion = DEFAULT_HOST.openZfsVersion;
  if (fields.has("openZfsVersion")) {
    const value = reader.string(fields.value("openZfsVersion"), fields.pathOf("openZfsVersion"), VERSION_EXPECTATION);
    if (value !== undefined && !VERSION.test(value)) {
      reader.error(fields.value("openZfsVersion"), fields.pathOf("openZfsVersion"), `"${value}" is not a version`, VERSION_EXPECTATION);
      ok = false;
    } else if (value === undefined) ok = false;
    else openZfsVersion = value;
  }
  let accelerator = DEFAULT_HOST.accelerator;
  if (fields.has("accelerator")) {
    const value = reader.enumValue(fields.value("accelerator"), fields.pathOf("accelerator"), ACCELERATORS);
    if (value === undefined) ok = false;
    else accelerator = value;
  }
  const ssh = fields.has("ssh") ? readSsh(reader, fields.value("ssh"), fields.pathOf("ssh")) : undefined;
  if (fields.has("ssh") && !ssh) ok = false;
  if (parsedUri && (ssh || !fields.has("ssh"))) {
    for (const problem of connectionProblems(parsedUri, ssh)) {
      const at = problem.setting === "uri" && fields.has("uri") ? "uri" : problem.setting === "ssh" ? "ssh" : undefined;
      const expected =
        problem.setting === "ssh"
          ? "a remote uri (qemu+ssh://HOST/system) naming the ssh host, or no ssh for this machine"
          : "a uri and ssh settings naming the same host, user and port, e.g. uri: qemu+ssh://kvm1/system with ssh: { host: kvm1, privateKeyFile: ~/.ssh/id_ed25519 }";
      reader.error(at ? fields.value(at) : fields.node, at ? fields.pathOf(at) : fields.path, problem.message, expected);
      ok = false;
    }
  }
  if (!ok) return undefined;
  return { name, uri, ...(ssh ? { ssh } : {}), workdir, openZfsVersion, accelerator, devices };
}

function readSsh(reader: StudyReader, node: Node | null | undefined, path: string): SshSpec | undefined {
  const fields = reader.map(node, path, { required: ["host", "privateKeyFile"], optional: ["user", "port", "hostKey"] }, "ssh settings such as { host: kvm1, user: root, privateKeyFile: ~/.ssh/id_ed25519 }");
  if (!fields) return undefined;
  const checked = (key: string, expected: string, problemOf: (value: string) => string | undefined): string | undefined => {
    const value = reader.string(fields.value(key), fields.pathOf(key), expected);
    const problem = value === undefined ? undefined : problemOf(value);
    if (problem) reader.error(fields.value(key), fields.pathOf(key), problem, expected);
    return problem ? undefined : value;
  };
  const host = fields.has("host") ? checked("host", SSH_HOST_EXPECTATION, sshHostProblem) : undefined;
  const privateKeyFile = fields.has("privateKeyFile") ? checked("privateKeyFile", KEY_FILE_EXPECTATION, keyFileProblem) : undefined;
  const user = fields.has("user") ? checked("user", SSH_USER_EXPECTATION, sshUserProblem) : "root";
  const port = fields.has("port") ? reader.integer(fields.value("port"), fields.pathOf("port"), 1, 65535) : 22;
  const hostKey = fields.has("hostKey") ? checked("hostKey", HOST_KEY_EXPECTATION, hostKeyProblem) : undefined;
  if (host === undefined || privateKeyFile === undefined || user === undefined || port === undefined || (fields.has("hostKey") && hostKey === undefined)) return undefined;
  return { host, user, privateKeyFile, port, ...(hostKey !== undefined ? { hostKey } : {}) };
}
