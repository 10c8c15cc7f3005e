/**
 * Every test file gets its own host-wide lock directory (KVMBENCH_LOCK_DIR, which the host
 * scripts take from the machine's environment, default /var/lib/kvmbench/locks): test files
 * run in parallel and reuse loop devices, and a real host's locks are not the tests' business.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const lockDir = mkdtempSync(join(tmpdir(), "kvmbench-locks-"));
process.env.KVMBENCH_LOCK_DIR = lockDir;
afterAll(() => rmSync(lockDir, { recursive: true, force: true }));
