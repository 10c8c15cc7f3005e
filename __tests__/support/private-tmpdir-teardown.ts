/** Removes the fast suite's temporary folder (private-tmpdir-setup.ts). */
import { rmSync } from "node:fs";

export default function teardown(): void {
  const dir = process.env.KVMBENCH_JEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
