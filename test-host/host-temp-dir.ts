/**
 * Folders for the files tests put on the "host" (workdirs, mountpoints, device links, image
 * directories). Host steps refuse a folder on whose way another user could write (lib.sh,
 * kb_private_directory), and studies refuse /tmp, /var/tmp and users' homes, so these live below
 * a folder of root's: /var/lib/kvmbench-test (0755, so that libvirt's QEMU, another user, reaches
 * the files). A test run by another user gets one in its own home instead (only studies read
 * without running steps work there).
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const HOST_TEST_ROOT = process.getuid?.() === 0 ? "/var/lib/kvmbench-test" : join(homedir(), ".cache", "kvmbench-test");

/**
 * The file in each folder that names the process it belongs to: a folder whose process has
 * ended is an earlier run's leftover (test-host/earlier-runs.ts).
 */
export const OWNER_FILE = ".kvmbench-test-owner";

/** A new folder below HOST_TEST_ROOT, mode 0755, holding only its owner file; the caller removes it. */
export function hostTempDir(prefix: string): string {
  mkdirSync(HOST_TEST_ROOT, { recursive: true });
  chmodSync(HOST_TEST_ROOT, 0o755);
  const dir = mkdtempSync(join(HOST_TEST_ROOT, `${prefix}-`));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`);
  return dir;
}
