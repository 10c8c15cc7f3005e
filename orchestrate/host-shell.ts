/** How a shell script runs on a study host: locally with sh, or over ssh for a host with `ssh:`. */
import { homedir } from "node:os";
import { keyFileProblem, sshHostProblem, sshUserProblem, workdirProblem } from "../domain/host-values";
import { connectionProblems, connectionUri, parseLibvirtUri } from "../domain/libvirt-uri";
import type { HostSpec } from "../study";

/** Quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? homedir() + path.slice(1) : path;
}

/**
 * What is wrong with a host's settings by the study's rules (domain/), checked again before any
 * command runs with them: a HostSpec may come from code as well as from a validated study.
 */
export function hostSettingsProblems(host: HostSpec): string[] {
  const parsed = parseLibvirtUri(host.uri);
  const problems = [
    "problem" in parsed ? parsed.problem : undefined,
    ...("uri" in parsed ? connectionProblems(parsed.uri, host.ssh).map((problem) => problem.message) : []),
    workdirProblem(host.workdir),
    ...(host.ssh ? [sshHostProblem(host.ssh.host), sshUserProblem(host.ssh.user), keyFileProblem(host.ssh.privateKeyFile)] : []),
  ];
  return problems.filter((problem): problem is string => problem !== undefined);
}

/**
 * The URI virsh connects to `host` with: the study's for this machine; for a remote host derived
 * from its ssh settings (user, port, the key file expanded), never asking for a password.
 * Undefined for settings hostSettingsProblems refuses.
 */
export function virshUri(host: HostSpec): string | undefined {
  const parsed = parseLibvirtUri(host.uri);
  if (!("uri" in parsed) || hostSettingsProblems(host).length > 0) return undefined;
  return connectionUri(parsed.uri, host.ssh, host.ssh ? { keyFile: expandHome(host.ssh.privateKeyFile), noTty: true } : {});
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
