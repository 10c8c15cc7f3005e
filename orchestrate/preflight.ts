/**
 * Checks before `kvmbench run` deploys anything: each host's settings by the study's rules (before
 * any command runs with them), terraform on PATH and >= 1.5, each host's libvirt URI answering,
 * free space in each host's workdir, and the study's devices existing on their hosts. Each problem
 * says what is wrong, where, and how to fix it.
 */
import { devicePathProblem } from "../domain/host-values";
import type { HostSpec } from "../study";
import type { CommandRunner } from "./command-runner";
import { describeHost, hostSettingsProblems, hostShellCommand, shellQuote, virshUri } from "./host-shell";
import type { Job } from "./jobs";

/** One failed check. */
export interface PreflightProblem {
  readonly check: "settings" | "terraform" | "provider" | "libvirt" | "space" | "devices";
  /** What is wrong and where. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Settings of the checks. */
export interface PreflightOptions {
  readonly run: CommandRunner;
  /** The libvirt network the study's guests join, or false for none. @default "default" */
  readonly guestNetwork?: string | false;
  /** Free space each host's workdir needs. @default 5 GiB */
  readonly minFreeBytes?: number;
}

/** The oldest terraform kvmbench supports. */
export const MIN_TERRAFORM: readonly [number, number] = [1, 5];
const GIB = 1024 ** 3;

/** "1.5.7" -> [1, 5, 7]; undefined when not a version. */
export function parseVersion(text: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** Each host's settings by the study's rules: nothing runs or connects with settings that break them. */
export function checkHostSettings(hosts: readonly HostSpec[]): PreflightProblem[] {
  return hosts.flatMap((host) =>
    hostSettingsProblems(host).map((problem) => ({
      check: "settings" as const,
      message: `${describeHost(host)}: ${problem}`,
      fix: "correct the host in the study (kvmbench validate STUDY lists every problem with its position)",
    })),
  );
}

/** Each job's device paths by the study's rules, before a shell on the host is given them. */
export function checkDevicePaths(jobs: readonly Job[]): PreflightProblem[] {
  const paths = new Map(jobs.flatMap((job) => job.devices.map((path) => [`${job.host.name}\0${path}`, { host: job.host, path }] as const)));
  return [...paths.values()].flatMap(({ host, path }) => {
    const problem = devicePathProblem(path);
    return problem ? [{ check: "settings" as const, message: `${describeHost(host)}: ${problem}`, fix: "correct the device in the study (kvmbench validate STUDY)" }] : [];
  });
}

/** terraform on PATH and at least 1.5 (`terraform version -json`). */
export async function checkTerraform(run: CommandRunner): Promise<PreflightProblem[]> {
  const install = "install Terraform 1.5 or newer (https://developer.hashicorp.com/terraform/install) and make sure `terraform` is on PATH";
  const result = await run("terraform", ["version", "-json"]);
  if (result.spawnError === "ENOENT") return [{ check: "terraform", message: "terraform is not on PATH; cdktf deploys through it", fix: install }];
  if (result.code !== 0) {
    return [{ check: "terraform", message: `\`terraform version -json\` failed (exit ${result.code}): ${result.stderr.trim() || result.spawnError || "no output"}`, fix: install }];
  }
  let versionText: unknown;
  try {
    versionText = (JSON.parse(result.stdout) as { terraform_version?: unknown }).terraform_version;
  } catch {
    versionText = undefined;
  }
  const version = typeof versionText === "string" ? parseVersion(versionText) : undefined;
  if (!version) return [{ check: "terraform", message: `cannot read terraform's version from \`terraform version -json\`: ${result.stdout.trim().slice(0, 200)}`, fix: install }];
  const [major, minor] = version;
  if (major < MIN_TERRAFORM[0] || (major === MIN_TERRAFORM[0] && minor < MIN_TERRAFORM[1])) {
    return [{ check: "terraform", message: `terraform ${versionText as string} is too old; kvmbench needs ${MIN_TERRAFORM.join(".")} or newer`, fix: install }];
  }
  return [];
}

/**
 * For each host: `virsh -c URI uri` answers (the libvirt provider connects from this machine the
 * same way), KVM works when the host's accelerator is kvm, the guests' pool exists, and so does
 * their network (unless they have none).
 */
export async function checkLibvirt(run: CommandRunner, hosts: readonly HostSpec[], guestNetwork: string | false = GUEST_NETWORK): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  for (const host of hosts) {
    const uri = virshUri(host);
    if (uri === undefined) {
      problems.push(...checkHostSettings([host]));
      continue;
    }
    const result = await run("virsh", ["-c", uri, "uri"], { timeoutMs: 30_000 });
    if (result.spawnError === "ENOENT") {
      problems.push({ check: "libvirt", message: "virsh is not on PATH; it is needed to check the libvirt connection", fix: "install the libvirt client (Debian: apt-get install libvirt-clients)" });
      break;
    }
    if (result.code !== 0) {
      const detail = (result.stderr.trim().split("\n")[0] ?? "") || `exit ${result.code}`;
      const fix = host.ssh
        ? `check that ${host.ssh.user}@${host.ssh.host} is reachable with key ${host.ssh.privateKeyFile}, that its host key is in ~/.ssh/known_hosts, and that libvirtd runs there (systemctl status libvirtd); test with: virsh -c '${uri}' uri`
        : `start libvirtd (systemctl start libvirtd) and make sure this user may use ${uri} (group libvirt, or run as root); test with: virsh -c ${uri} uri`;
      problems.push({ check: "libvirt", message: `${describeHost(host)}: libvirt URI ${uri} does not answer: ${detail}`, fix });
      continue;
    }
    if (host.accelerator === "kvm") {
      const kvm = await run("virsh", ["-c", uri, "domcapabilities", "--virttype", "kvm"], { timeoutMs: 30_000 });
      if (kvm.code !== 0) {
        const detail = kvm.stderr.trim().split("\n").pop() || `exit ${kvm.code}`;
        problems.push({
          check: "libvirt",
          message: `${describeHost(host)}: KVM does not work there: ${detail}`,
          fix: `enable hardware virtualization (VT-x/AMD-V in the firmware, the kvm_intel or kvm_amd module, /dev/kvm); to check the study's pipeline without it, set accelerator: tcg on the host (software emulation: its numbers are not comparable)`,
        });
      }
    }
    // Guests' boot disks, cloud-init and ISO volumes go in the pool named "default".
    const pool = await run("virsh", ["-c", uri, "pool-info", GUEST_POOL], { timeoutMs: 30_000 });
    if (pool.code !== 0) {
      problems.push({
        check: "libvirt",
        message: `${describeHost(host)}: libvirt has no storage pool "${GUEST_POOL}" for the guests' boot disks`,
        fix: `create one on the host: virsh pool-define-as ${GUEST_POOL} dir --target /var/lib/libvirt/images && virsh pool-build ${GUEST_POOL} && virsh pool-start ${GUEST_POOL} && virsh pool-autostart ${GUEST_POOL}`,
      });
    }
    // Guests attach to their network (Linux guests install fio through it).
    if (guestNetwork === false) continue;
    const network = await run("virsh", ["-c", uri, "net-info", guestNetwork], { timeoutMs: 30_000 });
    if (network.code !== 0) {
      problems.push({
        check: "libvirt",
        message: `${describeHost(host)}: libvirt has no network "${guestNetwork}" for the guests`,
        fix:
          guestNetwork === GUEST_NETWORK
            ? `on the host: virsh net-define /usr/share/libvirt/networks/default.xml && virsh net-start ${GUEST_NETWORK} && virsh net-autostart ${GUEST_NETWORK}; or, for guests whose image carries fio, set guest.network: none and benchmark.install: false`
            : `define and start the network on the host (virsh net-define, net-start), or correct guest.network in the study`,
      });
    }
  }
  return problems;
}

/** The libvirt pool the Guest construct puts boot, cloud-init and ISO volumes in (its default). */
const GUEST_POOL = "default";
/** The libvirt network the Guest construct attaches to by default. */
const GUEST_NETWORK = "default";

/** Free space in the workdir (or its nearest existing parent): `df -Pk`, locally or over ssh. */
export async function checkSpace(run: CommandRunner, hosts: readonly HostSpec[], minFreeBytes: number = 5 * GIB): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  for (const host of hosts) {
    const script = `d=${shellQuote(host.workdir)}; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d"`;
    const { command, args } = hostShellCommand(host, script);
    const result = await run(command, args);
    const last = result.stdout.trim().split("\n").slice(1).pop();
    const available = last ? Number(last.trim().split(/\s+/)[3]) * 1024 : Number.NaN;
    if (result.code !== 0 || !Number.isFinite(available)) {
      problems.push({
        check: "space",
        message: `${describeHost(host)}: cannot measure free space in ${host.workdir}: ${result.stderr.trim() || result.spawnError || "unexpected df output"}`,
        fix: host.ssh ? `check ssh access: ssh -p ${host.ssh.port} -i ${host.ssh.privateKeyFile} ${host.ssh.user}@${host.ssh.host} df -Pk /` : "check that df works on this machine",
      });
    } else if (available < minFreeBytes) {
      problems.push({
        check: "space",
        message: `${describeHost(host)}: only ${(available / GIB).toFixed(1)} GiB free in ${host.workdir}; kvmbench needs ${(minFreeBytes / GIB).toFixed(1)} GiB for guest images and logs`,
        fix: `free space on that filesystem, or set host.workdir (hosts[].workdir) in the study to a directory with more room`,
      });
    }
  }
  return problems;
}

/** Every device path the jobs use exists as a block device on its host (`test -b`). */
export async function checkDevices(run: CommandRunner, jobs: readonly Job[]): Promise<PreflightProblem[]> {
  const byHost = new Map<string, { host: HostSpec; paths: Set<string> }>();
  for (const job of jobs) {
    const entry = byHost.get(job.host.name) ?? { host: job.host, paths: new Set<string>() };
    job.devices.forEach((path) => entry.paths.add(path));
    byHost.set(job.host.name, entry);
  }
  const problems: PreflightProblem[] = [];
  for (const { host, paths } of byHost.values()) {
    const list = [...paths].map(shellQuote).join(" ");
    const script = `for p in ${list}; do [ -b "$p" ] || echo "$p"; done`;
    const { command, args } = hostShellCommand(host, script);
    const result = await run(command, args);
    if (result.code !== 0) {
      problems.push({ check: "devices", message: `${describeHost(host)}: cannot check devices: ${result.stderr.trim() || result.spawnError || `exit ${result.code}`}`, fix: "check access to the host (ssh settings in the study)" });
      continue;
    }
    for (const missing of result.stdout.split("\n").map((l) => l.trim()).filter((l) => l !== "")) {
      problems.push({
        check: "devices",
        message: `${describeHost(host)}: device ${missing} does not exist or is not a block device`,
        fix: `correct the path under devices: (or hosts[].devices for ${host.name}) in the study; list disks with: ls -l /dev/disk/by-id/`,
      });
    }
  }
  return problems;
}

/** Runs every check and returns all problems (empty: ready to run); with a host's settings broken, runs nothing. */
export async function preflight(jobs: readonly Job[], options: PreflightOptions): Promise<PreflightProblem[]> {
  const hosts = [...new Map(jobs.map((job) => [job.host.name, job.host])).values()];
  const settings = [...checkHostSettings(hosts), ...checkDevicePaths(jobs)];
  if (settings.length > 0) return settings;
  return [
    ...(await checkTerraform(options.run)),
    ...(await checkLibvirt(options.run, hosts, options.guestNetwork)),
    ...(await checkSpace(options.run, hosts, options.minFreeBytes)),
    ...(await checkDevices(options.run, jobs)),
  ];
}

/** `preflight: <message>\n  fix: <fix>` lines. */
export function formatPreflightProblems(problems: readonly PreflightProblem[]): string[] {
  return problems.flatMap((p) => [`preflight (${p.check}): ${p.message}`, `  fix: ${p.fix}`]);
}
