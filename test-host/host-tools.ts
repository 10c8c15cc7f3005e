/**
 * The one list of external commands kvmbench and its tests run, with what provides each and
 * where it is needed: what the test host's set-up installs and its readiness check verifies.
 * A test (__tests__/test-host/host-tools.test.ts) proves that every command the project's
 * shell scripts, TypeScript and Go (the provider's stand-in) run is on it. Node built-ins only
 * (tsx runs it; no other package).
 *
 *   npx tsx test-host/host-tools.ts packages test-host   the Debian packages, one per line
 *   npx tsx test-host/host-tools.ts go-builds test-host  "COMMAND MODULE@vVERSION" of each command built from Go source
 *   npx tsx test-host/host-tools.ts check test-host      the commands missing here (exit 1), or a summary
 */
import { commandPath } from "./command-path";

/**
 * Where a command is needed. test-host: the machine that runs the tests, Terraform and
 * kvmbench itself (and, in the tests, the host steps on loop devices); kvm-host: any KVM host
 * a study's host steps run on, locally or over ssh; guest: inside the benchmark guest (its
 * image recipe, test-host/guest-image.sh, or cloud-init installs those, not the set-up);
 * storage-host: inside the storage test host's image while test-host/storage-host/image.sh
 * builds it (its chroot; the VM it becomes is a kvm-host).
 */
export type Place = "test-host" | "kvm-host" | "guest" | "storage-host";
export const PLACES: readonly Place[] = ["test-host", "kvm-host", "guest", "storage-host"];

/** How a command gets onto a machine. */
export type ToolSource =
  | {
      readonly install: "apt";
      /** The Debian (bookworm) package that ships the command. */
      readonly package: string;
      /** The package to install instead, which depends on `package` and sets it up. @default - package */
      readonly installWith?: string;
      /** The archive area, when not main (contrib needs it in the apt sources). @default "main" */
      readonly component?: "contrib";
    }
  /** Built by the set-up from the Go module's source, where the command is missing. */
  | { readonly install: "go-build"; readonly module: string; readonly version: string }
  | { readonly install: "preinstalled"; readonly note: string };

export interface HostTool {
  readonly command: string;
  readonly source: ToolSource;
  readonly where: readonly Place[];
  readonly purpose: string;
  /** Why kvmbench and its tests work without it, when they do: missingTools leaves it out. @default - required */
  readonly optional?: string;
}

const EVERYWHERE: readonly Place[] = ["test-host", "kvm-host", "guest"];
const HOSTS: readonly Place[] = ["test-host", "kvm-host"];
const TEST_HOST: readonly Place[] = ["test-host"];

function apt(pkg: string, options: { installWith?: string; component?: "contrib" } = {}): ToolSource {
  return { install: "apt", package: pkg, ...options };
}

function tools(commands: readonly string[], source: ToolSource, where: readonly Place[], purpose: string, optional?: string): HostTool[] {
  return commands.map((command) => ({ command, source, where, purpose, ...(optional ? { optional } : {}) }));
}

const NODE = "preinstalled on these machines (Node.js 20+, with npm)";

export const HOST_TOOLS: readonly HostTool[] = [
  ...tools(["bash"], apt("bash"), EVERYWHERE, "runs every script: host steps, the runner, the set-up"),
  ...tools(["sh"], apt("dash"), TEST_HOST, "runs the preflight checks of a local host (sh -c) and test probes"),
  ...tools(
    ["base64", "basename", "cat", "chmod", "cp", "cut", "date", "dirname", "du", "env", "head", "ln", "ls", "mkdir", "mktemp", "mv", "od", "readlink"].concat(
      ["realpath", "rm", "rmdir", "seq", "sha256sum", "sleep", "stat", "stty", "sync", "tail", "tr", "truncate", "uname", "wc"],
    ),
    apt("coreutils"),
    [...EVERYWHERE, "storage-host"],
    "files, text, dates and processes in the scripts (results frames and checksums, markers, locks, polling; env runs the storage host image's chroot commands)",
  ),
  ...tools(["chroot"], apt("coreutils"), TEST_HOST, "installs the guest image's packages inside it"),
  ...tools(["install", "sort", "nice", "timeout"], apt("coreutils"), TEST_HOST, "the storage test host: its image's files, a low priority for its build, a bounded poweroff"),
  ...tools(["find"], apt("findutils"), TEST_HOST, "the storage test host's image: finds the OpenZFS modules DKMS built"),
  ...tools(["ssh-keygen"], apt("openssh-client"), TEST_HOST, "the storage test host's image: the key root logs in with"),
  ...tools(["dkms"], apt("dkms"), ["storage-host"], "builds OpenZFS for the storage test host's kernel, inside its image"),
  ...tools(["modinfo", "depmod"], apt("kmod"), ["storage-host"], "the storage test host's image: indexes the OpenZFS modules and reads their version"),
  ...tools(["awk"], apt("mawk"), EVERYWHERE, "reads /proc/mounts, /proc/swaps, meminfo and the results log"),
  ...tools(["grep"], apt("grep"), EVERYWHERE, "matches markers, tags and frames"),
  ...tools(["sed"], apt("sed"), EVERYWHERE, "edits lists and lock names"),
  ...tools(["hostname"], apt("hostname"), HOSTS, "the host's name in its facts"),
  ...tools(["tar"], apt("tar"), TEST_HOST, "reads the packed npm package in the package test"),
  ...tools(["blkid", "wipefs"], apt("util-linux"), HOSTS, "the device guard: finds and erases signatures"),
  ...tools(["findmnt"], apt("util-linux"), HOSTS, "which filesystem a directory is on, and what is mounted where"),
  ...tools(["flock"], apt("util-linux"), HOSTS, "the host-wide device locks"),
  ...tools(["lsblk", "blockdev"], apt("util-linux"), EVERYWHERE, "finds the disk under test and its size; a disk's partitions"),
  ...tools(["fallocate"], apt("util-linux"), TEST_HOST, "backing files of loop devices in tests and bench:steady-state"),
  ...tools(["mount", "umount"], apt("mount"), HOSTS, "mounts a scenario's filesystem; bind mounts and shared propagation in the set-up"),
  ...tools(["losetup"], apt("mount"), TEST_HOST, "loop devices stand in for disks in the tests"),
  ...tools(["sfdisk"], apt("fdisk"), TEST_HOST, "a partitioned loop device in the tests (a partition locks its disk)"),
  ...tools(["partx"], apt("util-linux"), TEST_HOST, "adds a loop device's partitions where the kernel does not scan them (tests)"),
  ...tools(["mkfs.ext4"], apt("e2fsprogs"), HOSTS, "ext4 filesystems of scenarios, tests and the guest image"),
  ...tools(["mkfs.xfs"], apt("xfsprogs"), HOSTS, "xfs filesystems of scenarios and tests"),
  ...tools(["lvm"], apt("lvm2"), HOSTS, "LVM volume groups and logical volumes"),
  ...tools(["zpool", "zfs"], apt("zfsutils-linux", { component: "contrib" }), ["kvm-host"], "ZFS pools, datasets and zvols (the tests use stand-ins)"),
  ...tools(["qemu-img"], apt("qemu-utils"), HOSTS, "disk images: created, converted, inspected"),
  ...tools(["qemu-system-x86_64"], apt("qemu-system-x86"), HOSTS, "the emulator libvirt starts for each guest; its version is in the host's facts"),
  ...tools(["virsh"], apt("libvirt-clients"), HOSTS, "libvirt: preflight, waiting for a guest, the stand-in, tests and the set-up"),
  ...tools(["libvirtd"], apt("libvirt-daemon", { installWith: "libvirt-daemon-system" }), HOSTS, "the libvirt daemon; its version is in the host's facts"),
  ...tools(["virtlogd"], apt("libvirt-daemon", { installWith: "libvirt-daemon-system" }), TEST_HOST, "libvirt's log daemon, started by the set-up where no init system does"),
  ...tools(
    ["udevadm"],
    apt("udev"),
    ["kvm-host", "guest"],
    "waits for new device nodes; udev makes the /dev/disk/by-id links the guest's runner finds its disk by",
    "lib.sh waits without it, and the runner also looks disks up with lsblk",
  ),
  ...tools(["fio"], apt("fio"), EVERYWHERE, "the benchmark: in the guest, the host baseline and the tests"),
  ...tools(["systemctl"], apt("systemd"), ["guest", "kvm-host"], "powers the guest off after its benchmark (the host baseline runs the same script without)"),
  ...tools(["cloud-init"], apt("cloud-init"), ["test-host", "guest"], "configures the guest and starts its benchmark; validates user-data in the tests"),
  ...tools(["genisoimage"], apt("genisoimage"), TEST_HOST, "the provider's stand-in writes cloud-init ISOs"),
  ...tools(["debootstrap"], apt("debootstrap"), TEST_HOST, "builds the test guest image and the storage test host's image"),
  ...tools(["chromium"], apt("chromium"), TEST_HOST, "renders the HTML report in the report tests"),
  ...tools(["ssh", "scp"], apt("openssh-client"), TEST_HOST, "remote KVM hosts: preflight over ssh, results fetched with scp"),
  ...tools(["pgrep"], apt("procps"), TEST_HOST, "the set-up checks whether libvirtd and virtlogd run"),
  ...tools(["dpkg", "dpkg-query"], apt("dpkg"), ["test-host", "storage-host"], "which packages are installed, and which package owns a command"),
  ...tools(["apt-get"], apt("apt"), ["test-host", "guest", "storage-host"], "installs the set-up's packages, and the guest's and storage host's images' inside them"),
  ...tools(["apt-cache"], apt("apt"), TEST_HOST, "checks that every package of this list exists"),
  ...tools(["git"], apt("git"), TEST_HOST, "lists the repository's tracked scripts for the host tools test"),
  ...tools(["time"], apt("time"), TEST_HOST, "GNU time: peak memory of a synth in bench:synth"),
  ...tools(["node", "npm", "npx"], { install: "preinstalled", note: NODE }, TEST_HOST, "runs kvmbench, cdktf, the provider's stand-in and the result collector"),
  ...tools(["go"], { install: "preinstalled", note: "preinstalled on these machines (Go toolchain)" }, TEST_HOST, "builds the libvirt provider's stand-in (and Terraform where it is missing)"),
  // Terraform is preinstalled on these machines; where it is missing, the set-up builds 1.5.7, the
  // newest release whose module builds from the Go module proxy (later ones replace nested
  // modules the proxy's zip leaves out) and kvmbench's minimum.
  ...tools(["terraform"], { install: "go-build", module: "github.com/hashicorp/terraform", version: "1.5.7" }, TEST_HOST, "deploys: cdktf runs it"),
];

/** The commands needed at `place`. */
export function toolsFor(place: Place): HostTool[] {
  return HOST_TOOLS.filter((tool) => tool.where.includes(place));
}

/** The Debian packages to install for `place`, sorted, each once. */
export function debianPackagesFor(place: Place): string[] {
  const packages = toolsFor(place).flatMap(({ source }) => (source.install === "apt" ? [source.installWith ?? source.package] : []));
  return [...new Set(packages)].sort();
}

/** The commands of `place` built from Go modules: [command, "module@vVERSION"] (what `go mod download` takes). */
export function goBuildsFor(place: Place): Array<[string, string]> {
  return toolsFor(place).flatMap(({ command, source }): Array<[string, string]> => (source.install === "go-build" ? [[command, `${source.module}@v${source.version}`]] : []));
}

/**
 * The commands needed at `place` that this machine lacks, optional ones left out (searched on
 * `path`, then /usr/sbin and /sbin, as `command -v` does for root).
 */
export function missingTools(place: Place, path: string = process.env.PATH ?? ""): HostTool[] {
  return absentTools(place, path).filter((tool) => tool.optional === undefined);
}

function absentTools(place: Place, path: string): HostTool[] {
  return toolsFor(place).filter((tool) => commandPath(tool.command, path) === undefined);
}

/** How to get a tool, for messages: "Debian package genisoimage". */
export function installHint(source: ToolSource): string {
  switch (source.install) {
    case "apt":
      return `Debian package ${source.installWith ?? source.package}${source.component ? ` (${source.component})` : ""}`;
    case "go-build":
      return `built from the Go module ${source.module}@v${source.version}`;
    case "preinstalled":
      return source.note;
  }
}

function isPlace(text: string | undefined): text is Place {
  return PLACES.some((place) => place === text);
}

/** The CLI: prints to `out`, returns the exit status. */
export function hostToolsCli(args: readonly string[], out: (line: string) => void, path?: string): number {
  const [action, place] = args;
  if (!isPlace(place) || (action !== "packages" && action !== "go-builds" && action !== "check")) {
    out(`usage: host-tools.ts packages|go-builds|check ${PLACES.join("|")}`);
    return 2;
  }
  if (action === "packages") {
    debianPackagesFor(place).forEach((pkg) => out(pkg));
    return 0;
  }
  if (action === "go-builds") {
    goBuildsFor(place).forEach(([command, module]) => out(`${command} ${module}`));
    return 0;
  }
  const absent = absentTools(place, path ?? process.env.PATH ?? "");
  for (const tool of absent) {
    const line = `${tool.command} (${installHint(tool.source)}): ${tool.purpose}`;
    out(tool.optional ? `absent, optional: ${line}; ${tool.optional}` : `missing: ${line}`);
  }
  const missing = absent.filter((tool) => tool.optional === undefined);
  if (missing.length > 0) return 1;
  const optionalAbsent = absent.length > 0 ? ` but ${absent.map((tool) => tool.command).join(", ")} (optional)` : "";
  out(`host tools: all ${toolsFor(place).length} commands for the ${place} are installed${optionalAbsent}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = hostToolsCli(process.argv.slice(2), (line) => console.log(line));
}
