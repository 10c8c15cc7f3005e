/** How a shell script runs on a study host: locally with sh, or over ssh for a host with `ssh:`. */
import { homedir } from "node:os";
import type { HostSpec } from "../study";

/** Quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? homedir() + path.slice(1) : path;
}

/** The command and arguments that run `script` on `host` (sh -c locally; ssh in batch mode remotely). */
export function hostShellCommand(host: HostSpec, script: string): { command: string; args: string[] } {
  if (!host.ssh) return { command: "sh", args: ["-c", script] };
  const { ssh } = host;
  return {
    command: "ssh",
    // `--`: nothing after it is an option, whatever the study's user and host look like.
    args: ["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-p", String(ssh.port), "-i", expandHome(ssh.privateKeyFile), "--", `${ssh.user}@${ssh.host}`, script],
  };
}

/** "host kvm1 (root@kvm1)" or "host host (local)", for messages. */
export function describeHost(host: HostSpec): string {
  return host.ssh ? `host ${host.name} (${host.ssh.user}@${host.ssh.host})` : `host ${host.name} (local)`;
}
