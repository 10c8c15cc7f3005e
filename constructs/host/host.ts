import { Construct } from "constructs";
import { LibvirtProvider } from "../core/libvirt";
import { hostKeyProblem, keyFileProblem, sshHostProblem, sshUserProblem, workdirProblem } from "../../domain/host-values";
import { connectionProblems, connectionUri, parseLibvirtUri } from "../../domain/libvirt-uri";

/** How kvmbench reaches the KVM host's shell for the steps libvirt cannot do. */
export type HostConnection =
  | { readonly kind: "local" }
  | {
      readonly kind: "ssh";
      readonly host: string;
      /** @default "root" */
      readonly user: string;
      /** Path to the private key on the machine running Terraform; only the path is synthesized. */
      readonly privateKeyFile: string;
      /** @default 22 */
      readonly port: number;
      /** The host's public key, which Terraform checks. @default - not checked by Terraform */
      readonly hostKey?: string;
    };

export interface SshSettings {
  /** Host name or address of the KVM host. */
  readonly host: string;
  /** @default "root" */
  readonly user?: string;
  /** Path of the private key file (the key itself never appears in synthesized JSON). */
  readonly privateKeyFile: string;
  /** @default 22 */
  readonly port?: number;
  /**
   * The host's public key as `ssh-keyscan` prints it, without the host name: host steps
   * (Terraform's remote-exec) then refuse any other key. Give the key Terraform's SSH client is
   * shown: it asks for ECDSA before Ed25519 and cannot be told otherwise, so a host with an ECDSA
   * key (Debian's sshd has one) needs that one ("ecdsa-sha2-nistp256 AAAA...", `ssh-keyscan -t ecdsa`);
   * its Ed25519 key fails with "knownhosts: key mismatch". Else "ssh-ed25519 AAAA...".
   * @default - Terraform does not check the host key (the libvirt provider and virsh check ~/.ssh/known_hosts)
   */
  readonly hostKey?: string;
}

export interface HostProps {
  /**
   * libvirt connection URI: `qemu:///system` (or `/session`) for this machine, or
   * `qemu+ssh://HOST/system` for a remote host, with `ssh` naming the same host. No
   * `?parameters`: the connection's (the key file, the port) are derived from `ssh`.
   * @default "qemu:///system"
   */
  readonly uri?: string;
  /** SSH settings; when absent, host commands run where Terraform runs. @default - local */
  readonly ssh?: SshSettings;
  /**
   * Directory on the host for this study's files (mountpoints, results, markers): absolute,
   * normalised, not a system directory. Device locks are host-wide, not here.
   * @default "/var/lib/kvmbench"
   */
  readonly workdir?: string;
  /**
   * OpenZFS version on the host; decides whether ZFS datasets support O_DIRECT
   * (cache=none/directsync): before 0.8 refused, 0.8 to 2.2 accepted but ignored, 2.3+ supported.
   * @default "2.3"
   */
  readonly openZfsVersion?: string;
}

/**
 * The KVM host a stack runs on: the libvirt connection (the provider) and the shell
 * connection for host steps.
 */
export class Host extends Construct {
  /** The libvirt URI as given. */
  public readonly uri: string;
  /** The URI the libvirt provider connects with: for a remote host, derived from the ssh settings (user, port, key file). */
  public readonly connectionUri: string;
  public readonly workdir: string;
  public readonly connection: HostConnection;
  public readonly openZfsVersion: string;
  /**
   * The same libvirt connection as seen from the host itself, for commands host steps run
   * there: `qemu+ssh://root@kvm1/system` becomes `qemu:///system`.
   */
  public readonly localUri: string;
  /** Escape hatch: the libvirt provider configured for this host. */
  public readonly provider: LibvirtProvider;

  constructor(scope: Construct, id: string, props: HostProps = {}) {
    super(scope, id);
    this.uri = props.uri ?? "qemu:///system";
    this.localUri = localLibvirtUri(this.uri);
    this.workdir = props.workdir ?? "/var/lib/kvmbench";
    this.openZfsVersion = props.openZfsVersion ?? "2.3";
    this.connection = props.ssh
      ? {
          kind: "ssh",
          host: props.ssh.host,
          user: props.ssh.user ?? "root",
          privateKeyFile: props.ssh.privateKeyFile,
          port: props.ssh.port ?? 22,
          ...(props.ssh.hostKey !== undefined ? { hostKey: props.ssh.hostKey } : {}),
        }
      : { kind: "local" };
    const parsed = parseLibvirtUri(this.uri);
    // A URI that does not parse is refused by validate(); the provider keeps it as given meanwhile.
    this.connectionUri = "uri" in parsed ? connectionUri(parsed.uri, this.connection.kind === "ssh" ? this.connection : undefined) : this.uri;
    this.provider = new LibvirtProvider(this, "libvirt", { uri: this.connectionUri });
    this.node.addValidation({ validate: () => this.validate() });
  }

  private validate(): string[] {
    const errors: string[] = [];
    const ssh = this.connection.kind === "ssh" ? this.connection : undefined;
    const parsed = parseLibvirtUri(this.uri);
    const problems = [
      workdirProblem(this.workdir),
      "problem" in parsed ? `libvirt URI: ${parsed.problem}` : undefined,
      ...("uri" in parsed ? connectionProblems(parsed.uri, ssh).map((problem) => `libvirt URI ${this.uri}: ${problem.message}`) : []),
      ...(ssh
        ? [sshHostProblem(ssh.host), sshUserProblem(ssh.user), keyFileProblem(ssh.privateKeyFile), ssh.hostKey === undefined ? undefined : hostKeyProblem(ssh.hostKey)]
        : []),
    ];
    errors.push(...problems.filter((p): p is string => p !== undefined).map((p) => `host: ${p}`));
    if (this.connection.kind === "ssh" && (!Number.isInteger(this.connection.port) || this.connection.port < 1 || this.connection.port > 65535)) {
      errors.push(`host: ssh port ${this.connection.port} is not a port number from 1 to 65535`);
    }
    if (!/^\d+\.\d+(\.\d+)?$/.test(this.openZfsVersion)) {
      errors.push(`openZfsVersion "${this.openZfsVersion}" is not a version like 2.3 or 2.2.6`);
    }
    return errors;
  }
}

/** A libvirt URI without its transport and remote host (`driver+transport://host/path?query` -> `driver:///path`). */
export function localLibvirtUri(uri: string): string {
  const match = /^([a-z0-9]+)(?:\+[a-z0-9]+)?:\/\/[^/]*(\/[^?]*)?/i.exec(uri);
  return match ? `${match[1]}://${match[2] ?? "/system"}` : uri;
}
