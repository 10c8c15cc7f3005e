/**
 * What an earlier test run left because it was killed before its clean-up (a CI job cut short,
 * an interrupted session): folders below HOST_TEST_ROOT whose owner process is gone, the libvirt
 * domains and pools that use files in them (with the domains' `kvmbench-<scenario>-*` volumes),
 * the objects their Terraform states hold, their mounts and their loop devices. Left there, a
 * domain keeps its name taken and the next run's deploy of that scenario fails.
 *
 * Only folders of dead owners are touched, so suites running at the same time keep theirs.
 * `npm run setup:test-host` runs this file; every suite runs it again in `assertTestHost()`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { HOST_TEST_ROOT, OWNER_FILE } from "./host-temp-dir";
import { unmountBelow } from "./loop-devices";
import { URI } from "./host-paths";
import { filesUnder, scrubStatesUnder } from "./state-scrub";

/** A folder without an owner file (made before owners were recorded) is dead when nothing in it changed for this long. */
const UNOWNED_QUIET_MS = 30 * 60_000;

/** The newest modification time of `dir` and everything below it. */
function newestChange(dir: string): number {
  return filesUnder(dir).reduce((newest, file) => Math.max(newest, lstatSync(file).mtimeMs), lstatSync(dir).mtimeMs);
}

function virsh(...args: string[]): { ok: boolean; out: string } {
  const run = spawnSync("virsh", ["-q", "-c", URI, ...args], { encoding: "utf8" });
  return { ok: run.status === 0, out: run.stdout ?? "" };
}

function ownerAlive(dir: string): boolean {
  const ownerFile = join(dir, OWNER_FILE);
  if (!existsSync(ownerFile)) return Date.now() - newestChange(dir) < UNOWNED_QUIET_MS;
  const pid = Number(readFileSync(ownerFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The folders below HOST_TEST_ROOT whose owner process has ended. */
export function deadRunFolders(): string[] {
  if (!existsSync(HOST_TEST_ROOT)) return [];
  return readdirSync(HOST_TEST_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(HOST_TEST_ROOT, entry.name))
    .filter((dir) => !ownerAlive(dir));
}

const FOLDER_REFERENCE = new RegExp(`${HOST_TEST_ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/([^/'"<>\\s]+)/`, "g");

/** Whether `text` names a file in a folder of a dead run, or in a test folder already removed. */
function refersToEndedRun(text: string, dead: ReadonlySet<string>): boolean {
  for (const [, name] of text.matchAll(FOLDER_REFERENCE)) {
    const dir = join(HOST_TEST_ROOT, name);
    if (dead.has(dir) || !existsSync(dir)) return true;
  }
  return false;
}

function namesOf(kind: "list" | "pool-list"): string[] {
  return virsh(kind, "--all", "--name").out.split("\n").map((line) => line.trim()).filter(Boolean);
}

function removeDomainsUsing(dead: ReadonlySet<string>): string[] {
  const removed: string[] = [];
  for (const domain of namesOf("list")) {
    if (!refersToEndedRun(virsh("dumpxml", "--inactive", domain).out, dead)) continue;
    virsh("destroy", domain);
    virsh("undefine", domain, "--nvram");
    removed.push(`domain ${domain}`);
    for (const pool of namesOf("pool-list")) {
      for (const line of virsh("vol-list", pool).out.split("\n")) {
        const volume = line.trim().split(/\s+/)[0];
        if (volume?.startsWith(`${domain}-`) && virsh("vol-delete", "--pool", pool, volume).ok) removed.push(`volume ${pool}/${volume}`);
      }
    }
  }
  return removed;
}

function removePoolsUsing(dead: ReadonlySet<string>): string[] {
  const removed: string[] = [];
  for (const pool of namesOf("pool-list")) {
    if (!refersToEndedRun(virsh("pool-dumpxml", "--inactive", pool).out, dead)) continue;
    virsh("pool-destroy", pool);
    virsh("pool-undefine", pool);
    removed.push(`pool ${pool}`);
  }
  return removed;
}

function detachLoopDevicesIn(dead: ReadonlySet<string>): string[] {
  const listing = spawnSync("losetup", ["--list", "--noheadings", "--output", "NAME,BACK-FILE"], { encoding: "utf8" }).stdout ?? "";
  const removed: string[] = [];
  for (const line of listing.split("\n")) {
    const [device, backing] = line.trim().split(/\s+/, 2);
    if (device && backing && refersToEndedRun(backing, dead) && spawnSync("losetup", ["-d", device]).status === 0) removed.push(`loop device ${device}`);
  }
  return removed;
}

/** Removes what dead test runs left (see the file comment); returns one line per object removed. */
export function clearEarlierRuns(): string[] {
  const dirs = deadRunFolders();
  const dead = new Set(dirs);
  const removed = [...removeDomainsUsing(dead)];
  for (const dir of dirs) scrubStatesUnder(dir);
  removed.push(...removePoolsUsing(dead));
  for (const dir of dirs) unmountBelow(dir);
  removed.push(...detachLoopDevicesIn(dead));
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
    removed.push(`folder ${dir}`);
  }
  return removed;
}

if (require.main === module) {
  for (const line of clearEarlierRuns()) console.log(`removed what an earlier test run left: ${line}`);
}
