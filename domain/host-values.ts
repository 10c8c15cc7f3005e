/**
 * The rules for host settings that reach shells, paths and Terraform: device paths, the
 * workdir, SSH user, host, key file and host key (the libvirt URI: libvirt-uri.ts). The study
 * reader reports a broken value with its position (study/parse-host.ts); the constructs check
 * the same rules again (Host, BlockDevice), so a study accepted by `kvmbench validate` is
 * accepted by synth. Each function returns what is wrong, or undefined when the value is fine.
 */

/** Characters of a device path: what udev puts in /dev/disk/by-* names, nothing a shell reads. */
const DEVICE_PATH = /^\/dev\/[A-Za-z0-9._:+@/-]+$/;
/** Kernel names of block devices (disks and their partitions), by family: not /dev/shm, /dev/mem, /dev/fd... */
const KERNEL_BLOCK_NAME = /^(sd|hd|vd|xvd|nvme|mmcblk|loop|md|dm-|zd|nbd|rbd|bcache|pmem|drbd|nullb)[A-Za-z0-9._:+@-]*$/;
/** The directories udev, device-mapper, md and ZFS keep block device links in. */
const BLOCK_LINK = /^(disk\/by-(id|path|uuid|label|partuuid|partlabel|diskseq|loop-ref|loop-inode)\/[^/]+|mapper\/[^/]+|md\/[^/]+|zvol\/.+)$/;
export const DEVICE_PATH_EXPECTATION =
  "a block device under /dev: /dev/disk/by-id/..., /dev/disk/by-path/... (or another /dev/disk/by-*), /dev/mapper/..., /dev/md/..., /dev/zvol/..., or a kernel name such as /dev/sdb, /dev/vdb, /dev/nvme0n1, /dev/loop0 (normalised; letters, digits and . _ : + @ -)";

/** How a partition's name says which disk it is on: the partition's lock is its disk's. */
const PARTITION_OF: readonly (readonly [RegExp, string])[] = [
  [/^(\/dev\/(?:sd|hd|vd|xvd)[a-z]+)\d+$/, "$1"],
  [/^(\/dev\/(?:nvme\d+n\d+|mmcblk\d+|loop\d+|nbd\d+|md\d+|zd\d+|pmem\d+|nullb\d+))p\d+$/, "$1"],
  [/^(\/dev\/disk\/by-(?:id|path)\/.+)-part\d+$/, "$1"],
];

/** Characters of a workdir segment. */
const WORKDIR = /^(\/[A-Za-z0-9._+-]+)+$/;
export const WORKDIR_EXPECTATION =
  "an absolute, normalised path of letters, digits and . _ + - (no .., //, trailing /), not / nor a system directory, nor where other users write (/tmp, /var/tmp, /home...), such as /var/lib/kvmbench";

/** Where other users write or own the folders: any of them could make a folder there first, or swap one for a link. */
const OTHER_USERS_TREES = ["/tmp", "/var/tmp", "/run/lock", "/var/lock", "/run/shm", "/var/crash", "/var/mail", "/home", "/run/user", "/media"];
/** The longest name of one file or folder (NAME_MAX). */
const MAX_SEGMENT = 255;

/** Directories that hold the system itself: no workdir there or below. */
const SYSTEM_TREES = ["/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/sbin", "/sys", "/usr"];
/** Directories shared by everything on the host: a workdir may be below, not the directory itself. */
const SHARED_DIRECTORIES = [
  "/",
  "/home",
  "/media",
  "/mnt",
  "/opt",
  "/root",
  "/run",
  "/run/lock",
  "/srv",
  "/tmp",
  "/var",
  "/var/backups",
  "/var/cache",
  "/var/lib",
  "/var/local",
  "/var/lock",
  "/var/log",
  "/var/mail",
  "/var/opt",
  "/var/run",
  "/var/spool",
  "/var/tmp",
];

const SSH_USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
export const SSH_USER_EXPECTATION = "a user name of letters, digits and _ . - starting with a letter or _ (at most 32 characters), such as root";

/** A DNS name or IPv4 address: no `:` (an IPv6 literal is written differently for ssh, scp, URIs and Terraform). */
const SSH_HOST = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
const MAX_HOST_NAME = 253;
const MAX_HOST_LABEL = 63;
export const SSH_HOST_EXPECTATION =
  "a host name or IPv4 address of letters, digits and . _ - (dot-separated labels of at most 63 characters, starting with a letter or digit; for an IPv6 host, a name for it in /etc/hosts), such as kvm1 or 192.0.2.10";

/** `~/` then plain segments: the key is the user's own file, read where Terraform runs. */
const KEY_FILE = /^~\/[A-Za-z0-9._+@-]+(\/[A-Za-z0-9._+@-]+)*$/;
export const KEY_FILE_EXPECTATION = "a path in your home directory: ~/ then segments of letters, digits and . _ + @ - (no . or .. segments), such as ~/.ssh/id_ed25519";

/** An OpenSSH public key line without comment: what `ssh-keyscan` prints after the host name. */
const HOST_KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]{16,8192}={0,2}$/;
export const HOST_KEY_EXPECTATION =
  'the host\'s public key as ssh-keyscan prints it, without the host name: its ECDSA key when it has one, such as "ecdsa-sha2-nistp256 AAAAE2Vj..." (ssh-keyscan -t ecdsa -p PORT HOST; Terraform\'s SSH client asks for ECDSA before Ed25519), else "ssh-ed25519 AAAAC3Nza..."';

/** The longest path a setting may be (Linux's PATH_MAX is 4096; kvmbench adds to it). */
const MAX_PATH = 1024;

/** A path with `.` or `..` segments, `//` or a trailing `/`: not as path.posix.normalize would write it. */
function notNormalised(path: string): boolean {
  return path.endsWith("/") || path.split("/").slice(1).some((segment) => segment === "" || segment === "." || segment === "..");
}

/** A segment longer than a file name may be. */
function segmentProblem(path: string, what: string): string | undefined {
  const long = path.split("/").find((segment) => segment.length > MAX_SEGMENT);
  return long === undefined ? undefined : `${what} "${path}" has a segment of ${long.length} characters (a file name has at most ${MAX_SEGMENT})`;
}

function isInTree(path: string, tree: string): boolean {
  return path === tree || path.startsWith(`${tree}/`);
}

export function devicePathProblem(path: string): string | undefined {
  if (!path.startsWith("/dev/")) return `"${path}" is not under /dev/`;
  if (path.length > MAX_PATH) return `the device path is ${path.length} characters long (at most ${MAX_PATH})`;
  if (!DEVICE_PATH.test(path)) return `device path "${path}" has characters other than letters, digits and . _ : + @ - /`;
  if (notNormalised(path) || path === "/dev/") return `device path "${path}" is not normalised (it has .., . or //, or ends with /)`;
  const long = segmentProblem(path, "device path");
  if (long) return long;
  const name = path.slice("/dev/".length);
  if (!KERNEL_BLOCK_NAME.test(name) && !BLOCK_LINK.test(name)) return `device path "${path}" is not where Linux keeps block devices`;
  return undefined;
}

/** The disk a device path names: the path itself, or for a partition (sdb1, nvme0n1p2, ...-part1) the disk it is on. */
export function wholeDiskPath(path: string): string {
  for (const [partition, disk] of PARTITION_OF) if (partition.test(path)) return path.replace(partition, disk);
  return path;
}

/**
 * An absolute, normalised path of plain segments, neither `/` nor in a system directory nor one
 * that everything on the host shares. `what` names the directory in messages.
 */
export function systemDirectoryProblem(path: string, what: string): string | undefined {
  if (!path.startsWith("/")) return `${what} "${path}" is not an absolute path`;
  if (path.length > MAX_PATH) return `the ${what} is ${path.length} characters long (at most ${MAX_PATH})`;
  if (path === "/") return `${what} "/" is the root directory`;
  if (notNormalised(path)) return `${what} "${path}" is not normalised (it has .., . or //, or ends with /)`;
  if (!WORKDIR.test(path)) return `${what} "${path}" has characters other than letters, digits and . _ + - /`;
  const long = segmentProblem(path, what);
  if (long) return long;
  const tree = SYSTEM_TREES.find((dir) => isInTree(path, dir));
  if (tree) return `${what} "${path}" is in the system directory ${tree}`;
  if (SHARED_DIRECTORIES.includes(path)) return `${what} "${path}" is a system directory shared by the whole host`;
  return undefined;
}

/**
 * A directory on the KVM host that root's steps write in (the workdir, mountpoints, a `kind: file`
 * directory): a system directory's rules, and not where other users write or own the folders.
 * On the host, the steps check every folder on the way (lib.sh, kb_private_directory).
 */
export function workdirProblem(path: string, what = "workdir"): string | undefined {
  const problem = systemDirectoryProblem(path, what);
  if (problem) return problem;
  const tree = OTHER_USERS_TREES.find((dir) => isInTree(path, dir));
  return tree === undefined ? undefined : `${what} "${path}" is in ${tree}, where other users can make or swap its folders`;
}

export function sshUserProblem(user: string): string | undefined {
  if (user.startsWith("-")) return `ssh user "${user}" starts with "-" (ssh would read it as an option)`;
  return SSH_USER.test(user) ? undefined : `"${user}" is not a user name`;
}

export function sshHostProblem(host: string): string | undefined {
  if (host.startsWith("-")) return `ssh host "${host}" starts with "-" (ssh would read it as an option)`;
  if (host.includes(":")) return `ssh host "${host}" has a ":" (an IPv6 address or a port): ssh, scp, libvirt URIs and Terraform read it differently`;
  if (host.length > MAX_HOST_NAME) return `the ssh host is ${host.length} characters long (at most ${MAX_HOST_NAME})`;
  if (!SSH_HOST.test(host)) return `"${host}" is not a host name or IPv4 address`;
  const label = host.split(".").find((part) => part.length > MAX_HOST_LABEL);
  return label === undefined ? undefined : `ssh host "${host}" has a label of ${label.length} characters (at most ${MAX_HOST_LABEL})`;
}

export function keyFileProblem(path: string): string | undefined {
  if (path.length > MAX_PATH) return `the key file path is ${path.length} characters long (at most ${MAX_PATH})`;
  if (!path.startsWith("~/")) return `key file "${path}" is not in your home directory (~/...)`;
  if (!KEY_FILE.test(path)) return `key file "${path}" has characters other than letters, digits and . _ + @ - / after ~/`;
  if (notNormalised(path)) return `key file "${path}" is not normalised (it has .., . or //, or ends with /)`;
  return segmentProblem(path, "key file");
}

export function hostKeyProblem(key: string): string | undefined {
  return HOST_KEY.test(key) ? undefined : `"${key}" is not an OpenSSH public key of type ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp*`;
}
