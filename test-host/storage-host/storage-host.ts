/**
 * The storage test host for tests: a Debian VM with OpenZFS 2.3, LVM, QEMU and libvirt, booted
 * under TCG and reached over SSH on loopback (test-host/storage-host/storage-host.sh does the
 * work; docs/storage-host.md describes it). Root only, like the rest of the test host.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const STORAGE_HOST_SCRIPT = join(__dirname, "storage-host.sh");

/** How to reach the running storage host (its state file, `storage-host.sh env`). */
export interface StorageHost {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKeyFile: string;
  /** A known_hosts file with the VM's host keys for [host]:port. */
  readonly knownHostsFile: string;
  /** The VM's ed25519 host key, "ssh-ed25519 AAAA..." (for Terraform's connection `host_key`). */
  readonly hostKey: string;
  /**
   * For the libvirt Terraform provider (0.9.7): qemu+ssh://user@host:port/system?keyfile=...&knownhosts=...
   * (its own SSH client; it reads `knownhosts`, not libvirt's `known_hosts`).
   */
  readonly libvirtUri: string;
  /**
   * For virsh and libvirt's own clients: qemu+libssh://...?keyfile=...&known_hosts=...&sshauth=privkey
   * (their qemu+ssh runs ssh, which ignores `known_hosts` and reads ~/.ssh/known_hosts).
   */
  readonly virshUri: string;
  /** /dev/disk/by-id/virtio-zdisk1..6 inside the VM, blank at boot. */
  readonly disks: readonly string[];
  readonly consoleLog: string;
}

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function script(args: string[], stdio: "pipe" | "inherit-stderr" = "pipe"): CommandResult {
  const result = spawnSync("bash", [STORAGE_HOST_SCRIPT, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", stdio === "pipe" ? "pipe" : "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** The running storage host, or undefined when it is down. */
export function storageHostState(): StorageHost | undefined {
  const env = script(["env"]);
  if (env.status !== 0) return undefined;
  const values = new Map<string, string>();
  for (const line of env.stdout.split("\n")) {
    const match = /^([A-Z_]+)='(.*)'$/.exec(line);
    if (match) values.set(match[1], match[2]);
  }
  const value = (key: string): string => {
    const found = values.get(key);
    if (found === undefined) throw new Error(`the storage host's state file has no ${key}:\n${env.stdout}`);
    return found;
  };
  return {
    host: value("HOST"),
    port: Number(value("PORT")),
    user: value("USER"),
    privateKeyFile: value("KEY"),
    knownHostsFile: value("KNOWN_HOSTS"),
    hostKey: value("HOST_KEY"),
    libvirtUri: value("LIBVIRT_URI"),
    virshUri: value("VIRSH_URI"),
    disks: value("DISKS").split(" "),
    consoleLog: value("CONSOLE_LOG"),
  };
}

/** Whether the image is in the cache (`up` then takes a minute or two instead of ~20 more). */
export function storageHostImageBuilt(): boolean {
  const image = script(["image"]);
  return image.status === 0 && existsSync(join(image.stdout.trim(), "storage-host.qcow2"));
}

/** Builds the image if needed and boots the VM (idempotent); progress goes to stderr. */
export function storageHostUp(): StorageHost {
  const up = script(["up"], "inherit-stderr");
  if (up.status !== 0) throw new Error(`storage-host.sh up failed (status ${up.status})`);
  const host = storageHostState();
  if (!host) throw new Error("storage-host.sh up succeeded but the storage host is not up");
  return host;
}

/** Powers the VM off and removes its overlay and data disks. */
export function storageHostDown(): void {
  const down = script(["down"], "inherit-stderr");
  if (down.status !== 0) throw new Error(`storage-host.sh down failed (status ${down.status})`);
}

/** ssh's arguments up to the destination: batch mode, the host's key only, strict host-key checking. */
export function sshArgs(host: StorageHost): string[] {
  return [
    "-o", "BatchMode=yes",
    "-o", "ConnectTimeout=10",
    "-o", "IdentitiesOnly=yes",
    "-o", "StrictHostKeyChecking=yes",
    "-o", `UserKnownHostsFile=${host.knownHostsFile}`,
    "-o", "GlobalKnownHostsFile=/dev/null",
    "-o", "LogLevel=ERROR",
    "-i", host.privateKeyFile,
    "-p", String(host.port),
    `${host.user}@${host.host}`,
  ];
}

/** Runs a shell command as root in the VM. */
export function onStorageHost(host: StorageHost, command: string, options: { input?: string; timeoutMs?: number } = {}): CommandResult {
  const result = spawnSync("ssh", [...sshArgs(host), command], {
    encoding: "utf8",
    input: options.input ?? "",
    timeout: options.timeoutMs ?? 10 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Like onStorageHost, but a failure throws with the command's output; returns its stdout. */
export function onStorageHostOk(host: StorageHost, command: string, options: { input?: string; timeoutMs?: number } = {}): string {
  const result = onStorageHost(host, command, options);
  if (result.status !== 0) throw new Error(`on the storage host, "${command}" failed (status ${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Runs virsh on this machine against the storage host's libvirt (qemu+libssh://). */
export function virshRemote(host: StorageHost, args: string[]): CommandResult {
  const result = spawnSync("virsh", ["-c", host.virshUri, ...args], { encoding: "utf8", timeout: 5 * 60_000 });
  return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}
