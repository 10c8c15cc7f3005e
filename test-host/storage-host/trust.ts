/**
 * What a user does once for a second KVM host, done for the storage test host and undone after:
 * its key in root's ~/.ssh (a study's `privateKeyFile` must be a file in the home directory) and
 * its host keys in root's ~/.ssh/known_hosts, which the libvirt provider, virsh's qemu+ssh and
 * the collector's scp check. Only the lines added here are removed again.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { StorageHost } from "./storage-host";

export interface Trust {
  /** The key as a study names it: `~/.ssh/<name>`. */
  readonly privateKeyFile: string;
  /** The known_hosts lines added for `[127.0.0.1]:<port>`. */
  readonly knownHostsLines: readonly string[];
  /** Removes the key file and exactly the lines added. */
  undo(): void;
}

function knownHostsPath(): string {
  return join(homedir(), ".ssh", "known_hosts");
}

function linesOf(path: string): string[] {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((line) => line !== "") : [];
}

/** Puts the storage host's key at ~/.ssh/<keyName> and its host keys in ~/.ssh/known_hosts. */
export function trustStorageHost(host: StorageHost, keyName: string): Trust {
  const ssh = join(homedir(), ".ssh");
  mkdirSync(ssh, { recursive: true, mode: 0o700 });
  const key = join(ssh, keyName);
  copyFileSync(host.privateKeyFile, key);
  chmodSync(key, 0o600);
  const knownHosts = knownHostsPath();
  const present = new Set(linesOf(knownHosts));
  const added = linesOf(host.knownHostsFile).filter((line) => line.startsWith(`[${host.host}]:${host.port} `) && !present.has(line));
  if (added.length > 0) writeFileSync(knownHosts, [...linesOf(knownHosts), ...added, ""].join("\n"), { mode: 0o600 });
  return {
    privateKeyFile: `~/.ssh/${keyName}`,
    knownHostsLines: added,
    undo: () => {
      rmSync(key, { force: true });
      const remove = new Set(added);
      const kept = linesOf(knownHosts).filter((line) => !remove.has(line));
      writeFileSync(knownHosts, kept.length ? `${kept.join("\n")}\n` : "");
    },
  };
}
