/**
 * The machine the end-to-end tests deploy to, as `npm run setup:test-host` leaves it: libvirtd,
 * the `default` pool, the guest image, Terraform, and (where Go could fetch it) the libvirt
 * provider in Terraform's filesystem mirror. Loop devices over sparse files stand in for disks.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installHint, missingTools } from "./host-tools";
import { clearEarlierRuns } from "./earlier-runs";
import { hostTempDir } from "./host-temp-dir";
import { LOCK_DIR, URI } from "./host-paths";
import { LoopDevices, signaturesOn, unmountBelow } from "./loop-devices";
import { describeProvider, providerEnv, providerUnderTest, realProviderPath, standInProviderPath } from "./provider";
import { filesUnder, scrubStatesUnder } from "./state-scrub";

const MiB = 1024 * 1024;

export const PROJECT_DIR = join(__dirname, "..");
export const TEST_HOST_CACHE = process.env.KVMBENCH_TEST_HOST_CACHE ?? "/var/cache/kvmbench-test-host";
/** The guest image, its kernel and initrd (test-host/guest-image.sh). */
export const GUEST = {
  image: join(TEST_HOST_CACHE, "guest", "guest.qcow2"),
  kernel: join(TEST_HOST_CACHE, "guest", "vmlinuz"),
  initrd: join(TEST_HOST_CACHE, "guest", "initrd.img"),
};
export { LOCK_DIR, URI } from "./host-paths";
export { scrubState, scrubStatesUnder } from "./state-scrub";

/**
 * Throws, saying why, when this machine cannot run the end-to-end tests: they never skip. A
 * suite calls it in its first `beforeAll`, so that every test of an unready machine fails with
 * the reason and the fix (`npm run test:fast` runs everything but the end-to-end suite).
 */
export function assertTestHost(): void {
  const reason = unreadyReason();
  if (reason) throw new Error(`this machine is not a test host: ${reason}`);
  for (const line of clearEarlierRuns()) console.warn(`removed what an earlier test run left: ${line}`);
}

function unreadyReason(): string | undefined {
  if (process.getuid?.() !== 0) return "the end-to-end tests run as root (loop devices, libvirt's system instance)";
  const missing = missingTools("test-host");
  if (missing.length > 0) return `${missing.map((tool) => `${tool.command} (${installHint(tool.source)})`).join(", ")} not installed: run npm run setup:test-host`;
  if (spawnSync("virsh", ["-q", "-c", URI, "pool-info", "default"]).status !== 0) {
    return "libvirtd does not answer or has no pool default: run npm run setup:test-host";
  }
  if (!existsSync(GUEST.image)) return `no guest image at ${GUEST.image}: run npm run setup:test-host`;
  const provider = providerUnderTest();
  if (provider === "real" && !realProviderPath()) return "KVMBENCH_PROVIDER=real but the real provider is not in Terraform's implicit mirror (~/.terraform.d/plugins)";
  if (provider === "stand-in" && !standInProviderPath(TEST_HOST_CACHE)) return `${describeProvider(provider)} is not built: run npm run setup:test-host`;
  return undefined;
}

/**
 * A folder libvirt's QEMU (another user) can reach and the host steps accept a workdir in: below
 * /var/lib/kvmbench-test, root's (test-host/host-temp-dir.ts), not /var/tmp, where other users
 * write (the steps refuse a workdir there).
 */
export function sharedTempDir(prefix: string): string {
  return hostTempDir(prefix);
}

/**
 * The environment for Terraform in the tests: no checkpoint calls, and a CLI configuration that
 * takes the libvirt provider from the mirror of the provider under test (test-host/provider.ts).
 */
export function terraformEnv(dir: string): Record<string, string> {
  return { ...providerEnv(providerUnderTest(), TEST_HOST_CACHE, dir), CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0" };
}

/** A copy of `scenarios/try-without-kvm.yaml` on this machine's loop devices, in a folder of its own. */
export interface TryWithoutKvm {
  readonly dir: string;
  /** disk1 and disk2 of the study (loop devices). */
  readonly disks: readonly string[];
  /** The study's workdir on the host. */
  readonly workdir: string;
  readonly results: string;
  readonly study: string;
  /** What cdktf needs: KVMBENCH_STUDY, KVMBENCH_RESULTS and the Terraform CLI settings. */
  readonly env: Record<string, string>;
  /** Removes what the test left: see cleanUp(). */
  cleanUp(): void;
}

export interface TryWithoutKvmOptions {
  /** Replaces the study's `scenarios:` list (YAML lines). @default - the study's own */
  readonly scenarios?: readonly string[];
  /** Further text replacements in the study. @default {} */
  readonly replace?: Readonly<Record<string, string>>;
}

/**
 * The try-without-kvm study with two fresh 512 MiB loop devices as disk1 and disk2 and its
 * workdir and results in a new folder: what the end-to-end tests and bench:deploy run.
 */
export function tryWithoutKvm(prefix: string, options: TryWithoutKvmOptions = {}): TryWithoutKvm {
  const dir = sharedTempDir(prefix);
  const loops = new LoopDevices(dir);
  const disks = [loops.create("disk1", 512 * MiB), loops.create("disk2", 512 * MiB)];
  const workdir = join(dir, "host");
  const results = join(dir, "results");
  let text = readFileSync(join(PROJECT_DIR, "scenarios", "try-without-kvm.yaml"), "utf8");
  const replacements = {
    "/dev/loop-disk1": disks[0],
    "/dev/loop-disk2": disks[1],
    "workdir: /var/lib/kvmbench": `workdir: ${workdir}`,
    ...options.replace,
  };
  for (const [from, to] of Object.entries(replacements)) {
    if (!text.includes(from)) throw new Error(`try-without-kvm.yaml has no "${from}" to replace`);
    text = text.split(from).join(to);
  }
  if (options.scenarios) text = `${text.slice(0, text.indexOf("scenarios:"))}scenarios:\n${options.scenarios.map((s) => `  - ${s}\n`).join("")}`;
  const study = join(dir, "try-without-kvm.yaml");
  writeFileSync(study, text);
  return {
    dir,
    disks,
    workdir,
    results,
    study,
    env: { KVMBENCH_STUDY: study, KVMBENCH_RESULTS: results, ...terraformEnv(dir) },
    cleanUp: () => cleanUp(dir, loops),
  };
}

/**
 * Everything of `stack` left on this host after its destroy, described; empty when nothing is.
 * The study app names a stack's guest `kvmbench-<stack>`; `domain` names another.
 */
export function leftovers(stack: string, options: { workdir: string; devices: readonly string[]; domain?: string }): string[] {
  const found: string[] = [];
  const domain = options.domain ?? `kvmbench-${stack}`;
  const domains = execFileSync("virsh", ["-q", "-c", URI, "list", "--all", "--name"], { encoding: "utf8" });
  if (domains.split("\n").includes(domain)) found.push(`domain ${domain}`);
  const volumes = execFileSync("virsh", ["-q", "-c", URI, "vol-list", "default"], { encoding: "utf8" });
  for (const line of volumes.split("\n")) if (line.trim().startsWith(`${domain}-`)) found.push(`volume ${line.trim().split(/\s+/)[0]}`);
  const pools = execFileSync("virsh", ["-q", "-c", URI, "pool-list", "--all", "--name"], { encoding: "utf8" });
  for (const pool of pools.split("\n").map((p) => p.trim())) if (pool.includes(stack)) found.push(`pool ${pool}`);
  for (const device of options.devices) {
    const signatures = signaturesOn(device);
    if (signatures) found.push(`signatures on ${device}: ${signatures.replace(/\n/g, ", ")}`);
  }
  // Markers live in the study's workdir, device locks in the host's lock directory.
  for (const file of [...filesUnder(options.workdir), ...filesUnder(LOCK_DIR)]) {
    if (/\.(lock|owner)$/.test(file) && readFileSync(file, "utf8").includes(stack)) found.push(`lock or marker ${file}`);
  }
  const mounts = readFileSync("/proc/mounts", "utf8");
  for (const line of mounts.split("\n")) if (line.includes(options.workdir)) found.push(`mount ${line.split(" ")[1]}`);
  return found;
}

/**
 * Removes a test's folder; what a failed test left is released first: the libvirt objects and
 * locks its stacks' states still hold (scrubStatesUnder), mounts and loop devices.
 */
export function cleanUp(dir: string, loops: LoopDevices): void {
  scrubStatesUnder(dir);
  unmountBelow(dir);
  loops.detachAll();
  rmSync(dir, { recursive: true, force: true });
}
