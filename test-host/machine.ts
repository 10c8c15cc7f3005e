/**
 * The machine the end-to-end tests deploy to, as `npm run setup:test-host` leaves it: libvirtd,
 * the `default` pool, the guest image, Terraform, and (where Go could fetch it) the libvirt
 * provider in Terraform's filesystem mirror. Loop devices over sparse files stand in for disks.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const PROJECT_DIR = join(__dirname, "..");
export const TEST_HOST_CACHE = process.env.KVMBENCH_TEST_HOST_CACHE ?? "/var/cache/kvmbench-test-host";
/** The guest image, its kernel and initrd (test-host/guest-image.sh). */
export const GUEST = {
  image: join(TEST_HOST_CACHE, "guest", "guest.qcow2"),
  kernel: join(TEST_HOST_CACHE, "guest", "vmlinuz"),
  initrd: join(TEST_HOST_CACHE, "guest", "initrd.img"),
};
export const URI = "qemu:///system";

/**
 * Why this machine cannot run the end-to-end tests, or undefined when it can. With
 * KVMBENCH_E2E_REQUIRED=1 (CI) an unready machine is an error, not a reason to skip.
 */
export function notReadyReason(): string | undefined {
  const reason = unreadyReason();
  if (reason && process.env.KVMBENCH_E2E_REQUIRED === "1") throw new Error(`KVMBENCH_E2E_REQUIRED=1 but this machine is not a test host: ${reason}`);
  return reason;
}

function unreadyReason(): string | undefined {
  if (process.getuid?.() !== 0) return "the end-to-end tests run as root (loop devices, libvirt's system instance)";
  for (const tool of ["virsh", "terraform", "losetup", "genisoimage", "qemu-img"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed: run npm run setup:test-host`;
  }
  if (spawnSync("virsh", ["-q", "-c", URI, "pool-info", "default"]).status !== 0) {
    return "libvirtd does not answer or has no pool default: run npm run setup:test-host";
  }
  if (!existsSync(GUEST.image)) return `no guest image at ${GUEST.image}: run npm run setup:test-host`;
  return undefined;
}

/** The provider binary in Terraform's implicit filesystem mirror, if setup could build it. */
export function realProviderPath(): string | undefined {
  const path = join(homedir(), ".terraform.d/plugins/registry.terraform.io/dmacvicar/libvirt/0.9.7/linux_amd64/terraform-provider-libvirt_v0.9.7");
  return existsSync(path) ? path : undefined;
}

/** A folder libvirt's QEMU (another user) can reach: mkdtemp's folders are private. */
export function sharedTempDir(prefix: string): string {
  mkdirSync("/var/tmp", { recursive: true });
  const dir = mkdtempSync(`/var/tmp/${prefix}-`);
  chmodSync(dir, 0o755);
  return dir;
}

/** A loop device over a sparse file. */
export class LoopDevice {
  private constructor(
    public readonly path: string,
    public readonly file: string,
  ) {}

  static create(dir: string, name: string, size: string): LoopDevice {
    const file = join(dir, `${name}.img`);
    execFileSync("truncate", ["-s", size, file]);
    const path = execFileSync("losetup", ["-f", "--show", file], { encoding: "utf8" }).trim();
    return new LoopDevice(path, file);
  }

  /** Signatures on the device (empty when blank). */
  signatures(): string {
    return execFileSync("wipefs", ["--noheadings", "--output", "TYPE,OFFSET", this.path], { encoding: "utf8" }).trim();
  }

  detach(): void {
    spawnSync("losetup", ["-d", this.path]);
  }
}

/** The Terraform CLI config for the tests: no checkpoint calls; the provider from the implicit mirror, if any. */
export function terraformEnv(dir: string): Record<string, string> {
  const config = join(dir, "terraform.rc");
  if (!existsSync(config)) writeFileSync(config, "disable_checkpoint = true\n");
  return { TF_CLI_CONFIG_FILE: config, CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0" };
}

/**
 * The try-without-kvm study from `scenarios/` with this test's loop devices and folders:
 * `disk1`/`disk2` become the given devices, the host's workdir and the guest files move.
 */
export function studyFromTemplate(template: string, replacements: Record<string, string>): string {
  let text = readFileSync(join(PROJECT_DIR, "scenarios", template), "utf8");
  for (const [from, to] of Object.entries(replacements)) {
    if (!text.includes(from)) throw new Error(`${template} has no "${from}" to replace`);
    text = text.split(from).join(to);
  }
  return text;
}

/** Everything of `stack` left on this host after its destroy, described; empty when nothing is. */
export function leftovers(stack: string, options: { workdir: string; devices: readonly LoopDevice[] }): string[] {
  const found: string[] = [];
  const domain = `kvmbench-${stack}`;
  const domains = execFileSync("virsh", ["-q", "-c", URI, "list", "--all", "--name"], { encoding: "utf8" });
  if (domains.split("\n").includes(domain)) found.push(`domain ${domain}`);
  const volumes = execFileSync("virsh", ["-q", "-c", URI, "vol-list", "default"], { encoding: "utf8" });
  for (const line of volumes.split("\n")) if (line.trim().startsWith(`${domain}-`)) found.push(`volume ${line.trim().split(/\s+/)[0]}`);
  const pools = execFileSync("virsh", ["-q", "-c", URI, "pool-list", "--all", "--name"], { encoding: "utf8" });
  for (const pool of pools.split("\n").map((p) => p.trim())) if (pool.includes(stack)) found.push(`pool ${pool}`);
  for (const device of options.devices) {
    const signatures = device.signatures();
    if (signatures) found.push(`signatures on ${device.path}: ${signatures.replace(/\n/g, ", ")}`);
  }
  for (const file of filesUnder(options.workdir)) {
    if (/\.(lock|owner)$/.test(file) && readFileSync(file, "utf8").includes(stack)) found.push(`lock or marker ${file}`);
  }
  const mounts = readFileSync("/proc/mounts", "utf8");
  for (const line of mounts.split("\n")) if (line.includes(options.workdir)) found.push(`mount ${line.split(" ")[1]}`);
  return found;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Removes a test's folder; what a failed test left mounted or attached there is released first. */
export function cleanUp(dir: string, devices: readonly LoopDevice[]): void {
  const mounts = readFileSync("/proc/mounts", "utf8").split("\n").map((l) => l.split(" ")[1] ?? "");
  for (const mount of mounts.filter((m) => m.startsWith(dir)).reverse()) spawnSync("umount", ["-l", mount]);
  for (const device of devices) device.detach();
  rmSync(dir, { recursive: true, force: true });
}
