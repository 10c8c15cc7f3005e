/**
 * The rules for host settings that reach shells, paths and Terraform: device paths, the
 * workdir, SSH user, host and key file, the libvirt URI. The study reader reports a broken
 * value with its position (study/parse-host.ts); the constructs check the same rules again
 * (Host, BlockDevice), so a study accepted by `kvmbench validate` is accepted by synth.
 * Each function returns what is wrong, or undefined when the value is fine.
 */

/** Characters of a device path: what udev puts in /dev/disk/by-* names, nothing a shell reads. */
const DEVICE_PATH = /^\/dev\/[A-Za-z0-9._:+@/-]+$/;
export const DEVICE_PATH_EXPECTATION = "a normalised device path under /dev/ of letters, digits and . _ : + @ - / (no .. or //), such as /dev/disk/by-id/ata-...";

/** Characters of a workdir segment. */
const WORKDIR = /^(\/[A-Za-z0-9._+-]+)+$/;
export const WORKDIR_EXPECTATION =
  "an absolute, normalised path of letters, digits and . _ + - (no .., //, trailing /), not / nor a system directory, such as /var/lib/kvmbench";

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

const SSH_HOST = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/;
export const SSH_HOST_EXPECTATION = "a host name or IP address (letters, digits and . _ : -, starting with a letter or digit), such as kvm1 or 192.0.2.10";

const KEY_FILE = /^~?[A-Za-z0-9._+@/-]+$/;
export const KEY_FILE_EXPECTATION = "a path of letters, digits and . _ + @ - / (optionally starting with ~), such as ~/.ssh/id_ed25519";

/** RFC 3986 characters, without the ones a Terraform template or a shell word reads (`{`, `}`, quotes, `$`, `;`, spaces). */
const LIBVIRT_URI = /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9._~:@/?&=%+,-]*$/;
export const LIBVIRT_URI_EXPECTATION = "a libvirt URI such as qemu:///system or qemu+ssh://root@kvm1/system (letters, digits and . _ ~ : @ / ? & = % + , -)";

/** The longest path a setting may be (Linux's PATH_MAX is 4096; kvmbench adds to it). */
const MAX_PATH = 1024;

/** A path with `.` or `..` segments, `//` or a trailing `/`: not as path.posix.normalize would write it. */
function notNormalised(path: string): boolean {
  return path.endsWith("/") || path.split("/").slice(1).some((segment) => segment === "" || segment === "." || segment === "..");
}

export function devicePathProblem(path: string): string | undefined {
  if (!path.startsWith("/dev/")) return `"${path}" is not under /dev/`;
  if (path.length > MAX_PATH) return `the device path is ${path.length} characters long (at most ${MAX_PATH})`;
  if (!DEVICE_PATH.test(path)) return `device path "${path}" has characters other than letters, digits and . _ : + @ - /`;
  if (notNormalised(path) || path === "/dev/") return `device path "${path}" is not normalised (it has .., . or //, or ends with /)`;
  return undefined;
}

/** `what` names the directory in messages: "workdir", "mountpoint"... */
export function workdirProblem(path: string, what = "workdir"): string | undefined {
  if (!path.startsWith("/")) return `${what} "${path}" is not an absolute path`;
  if (path.length > MAX_PATH) return `the ${what} is ${path.length} characters long (at most ${MAX_PATH})`;
  if (path === "/") return `${what} "/" is the root directory`;
  if (notNormalised(path)) return `${what} "${path}" is not normalised (it has .., . or //, or ends with /)`;
  if (!WORKDIR.test(path)) return `${what} "${path}" has characters other than letters, digits and . _ + - /`;
  const tree = SYSTEM_TREES.find((dir) => path === dir || path.startsWith(`${dir}/`));
  if (tree) return `${what} "${path}" is in the system directory ${tree}`;
  if (SHARED_DIRECTORIES.includes(path)) return `${what} "${path}" is a system directory shared by the whole host`;
  return undefined;
}

export function sshUserProblem(user: string): string | undefined {
  if (user.startsWith("-")) return `ssh user "${user}" starts with "-" (ssh would read it as an option)`;
  return SSH_USER.test(user) ? undefined : `"${user}" is not a user name`;
}

export function sshHostProblem(host: string): string | undefined {
  if (host.startsWith("-")) return `ssh host "${host}" starts with "-" (ssh would read it as an option)`;
  return SSH_HOST.test(host) ? undefined : `"${host}" is not a host name or address`;
}

export function keyFileProblem(path: string): string | undefined {
  if (path.startsWith("-")) return `key file "${path}" starts with "-"`;
  if (path.length > MAX_PATH) return `the key file path is ${path.length} characters long (at most ${MAX_PATH})`;
  return KEY_FILE.test(path) ? undefined : `key file "${path}" has characters other than letters, digits and . _ + @ - / ~`;
}

export function libvirtUriProblem(uri: string): string | undefined {
  if (uri.length > MAX_PATH) return `the URI is ${uri.length} characters long (at most ${MAX_PATH})`;
  return LIBVIRT_URI.test(uri) ? undefined : `"${uri}" is not a libvirt URI of safe characters`;
}
