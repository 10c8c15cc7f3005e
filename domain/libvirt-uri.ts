/**
 * libvirt connection URIs: the forms a study may give, and the URIs kvmbench derives from them.
 *
 * libvirt reads `driver[+transport]://[user@][host][:port]/path[?parameters]`. Its parameters
 * run programs (`command=` of the ext and ssh transports, `netcat=`), pick files (`keyfile=`,
 * `socket=`, `known_hosts=`) or turn checks off (`no_verify=`), so a study gives none: only the
 * qemu driver, a path (`/system` or `/session`) and, for a remote host, the ssh transport and the
 * host. By libvirt's own rule any URI that names a host is remote (its default transport is then
 * TLS); kvmbench reaches a remote host only with `qemu+ssh`, and only when the study's `ssh:`
 * names the same host, since host steps run over that ssh and the guest where the URI points.
 * What a remote connection needs (the key file, the port) kvmbench derives from `ssh:`.
 */
import { sshHostProblem, sshUserProblem } from "./host-values";

/** A URI as a study may give it. */
export interface LibvirtUri {
  readonly path: "/system" | "/session";
  /** Present for a remote host (then `transport` is "ssh"). */
  readonly remote?: { readonly host: string; readonly user?: string; readonly port?: number };
}

/** The ssh settings a remote URI is checked against and derived from. */
export interface SshConnection {
  readonly host: string;
  readonly user: string;
  readonly port: number;
  /** `~/...`: expanded by whoever reads it (the provider does; virsh gets it expanded). */
  readonly privateKeyFile: string;
}

/** Where a problem of a host's connection settings lies. */
export interface ConnectionProblem {
  readonly setting: "uri" | "ssh";
  readonly message: string;
}

export const LIBVIRT_URI_EXPECTATION =
  "qemu:///system (this machine), or qemu+ssh://HOST/system with ssh: { host: HOST, ... } for a remote host (/session instead of /system for a user's session; no ?parameters: kvmbench derives them from ssh)";

const MAX_URI = 1024;
const URI_FORM = /^([A-Za-z][A-Za-z0-9.-]*)(?:\+([A-Za-z0-9.-]*))?:\/\/(?:([^@/?#]*)@)?([^/?#:[\]]*)(?::([^/?#]*))?(\/[^?#]*)?(\?[^#]*)?(#.*)?$/;
const IPV6_HOST = /^[^/]*\/\/[^/?#]*\[/;
const PATHS: readonly LibvirtUri["path"][] = ["/system", "/session"];

/** The URI, or what is wrong with it (each check says what kvmbench would not pass on). */
export function parseLibvirtUri(text: string): { readonly uri: LibvirtUri } | { readonly problem: string } {
  if (text.length > MAX_URI) return { problem: `the URI is ${text.length} characters long (at most ${MAX_URI})` };
  if (IPV6_HOST.test(text)) return { problem: `"${text}" names an IPv6 address, which ssh, scp, libvirt and Terraform each write differently: give the host a name (/etc/hosts)` };
  const match = URI_FORM.exec(text);
  if (!match) return { problem: `"${text}" is not a libvirt URI (driver[+transport]://[user@][host][:port]/path)` };
  const [, driver, transport, user, host, port, path, query, fragment] = match;
  if (query !== undefined || fragment !== undefined) {
    return { problem: `"${text}" has ${query !== undefined ? "parameters" : "a fragment"}: libvirt runs programs, reads files or skips checks by them, so kvmbench passes none from a study` };
  }
  if (driver !== "qemu") return { problem: `driver "${driver}" of "${text}" is not qemu: kvmbench runs QEMU/KVM guests` };
  if (transport !== undefined && transport !== "ssh") {
    return { problem: `transport "${transport}" of "${text}" is not one kvmbench uses: a remote host is reached with qemu+ssh, this machine with qemu:///` };
  }
  const libvirtPath = PATHS.find((candidate) => candidate === path);
  if (!libvirtPath) return { problem: `path "${path ?? ""}" of "${text}" is neither /system nor /session` };
  if (host === "") {
    if (transport === "ssh") return { problem: `"${text}" names no host for its ssh transport` };
    if (user !== undefined || port !== undefined) return { problem: `"${text}" has a user or port but no host` };
    return { uri: { path: libvirtPath } };
  }
  // libvirt's rule: a URI with a host is remote, whatever its transport (none means TLS).
  if (transport !== "ssh") return { problem: `"${text}" is remote (it names the host ${host}) over libvirt's default transport, TLS: kvmbench reaches remote hosts with qemu+ssh://${host}${path}` };
  const hostProblem = sshHostProblem(host);
  if (hostProblem) return { problem: `host of "${text}": ${hostProblem}` };
  const userProblem = user === undefined ? undefined : sshUserProblem(user);
  if (userProblem) return { problem: `user of "${text}": ${userProblem}` };
  const portNumber = port === undefined ? undefined : Number(port);
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || portNumber === undefined || portNumber < 1 || portNumber > 65535)) {
    return { problem: `port "${port}" of "${text}" is not a port number from 1 to 65535` };
  }
  return { uri: { path: libvirtPath, remote: { host, ...(user !== undefined ? { user } : {}), ...(portNumber !== undefined ? { port: portNumber } : {}) } } };
}

/**
 * A remote URI needs ssh settings naming the same host (and the same user and port, when it
 * names them); a local URI takes none: host steps would otherwise run on one machine and the
 * guest on another.
 */
export function connectionProblems(uri: LibvirtUri, ssh: SshConnection | undefined): ConnectionProblem[] {
  const { remote } = uri;
  if (!remote) {
    return ssh ? [{ setting: "ssh", message: `ssh names the host ${ssh.host} but the libvirt URI is this machine's: host steps would run on ${ssh.host} and the guest here` }] : [];
  }
  if (!ssh) return [{ setting: "uri", message: `the URI names the remote host ${remote.host} but no ssh settings are given (host steps would run on this machine)` }];
  const problems: ConnectionProblem[] = [];
  if (remote.host.toLowerCase() !== ssh.host.toLowerCase()) {
    problems.push({ setting: "uri", message: `the URI names the host ${remote.host} and ssh the host ${ssh.host}: host steps would run on ${ssh.host} and the guest on ${remote.host}` });
  }
  if (remote.user !== undefined && remote.user !== ssh.user) problems.push({ setting: "uri", message: `the URI's user ${remote.user} is not ssh's user ${ssh.user}` });
  if (remote.port !== undefined && remote.port !== ssh.port) problems.push({ setting: "uri", message: `the URI's port ${remote.port} is not ssh's port ${ssh.port}` });
  return problems;
}

/** Options of a derived URI. */
export interface DerivedUriOptions {
  /** The key file as the reader of the URI finds it. @default ssh.privateKeyFile */
  readonly keyFile?: string;
  /** Never ask for a password (libvirt's `no_tty=1`, for virsh; the provider never asks). @default false */
  readonly noTty?: boolean;
}

/**
 * The URI a connection uses: `qemu:///system` as given for this machine; for a remote host
 * `qemu+ssh://USER@HOST:PORT/PATH?keyfile=KEY` from the ssh settings. Host keys are checked
 * against the user's ~/.ssh/known_hosts (the provider's and ssh's default; no parameter turns
 * that off).
 */
export function connectionUri(uri: LibvirtUri, ssh: SshConnection | undefined, options: DerivedUriOptions = {}): string {
  if (!uri.remote || !ssh) return `qemu://${uri.path}`;
  const parameters = [`keyfile=${encodeURIComponent(options.keyFile ?? ssh.privateKeyFile)}`, ...(options.noTty ? ["no_tty=1"] : [])];
  return `qemu+ssh://${ssh.user}@${ssh.host}:${ssh.port}${uri.path}?${parameters.join("&")}`;
}
