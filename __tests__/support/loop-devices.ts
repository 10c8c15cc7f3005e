/** Loop devices for tests that run host steps for real (the devices themselves: test-host/loop-devices.ts). */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export { canUseLoopDevices, LoopDevices, unmountBelow } from "../../test-host/loop-devices";

/** sha256 of a file's or device's whole content. */
export function contentHash(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
