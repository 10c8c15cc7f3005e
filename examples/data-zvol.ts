import { Construct } from "constructs";
import { Host } from "../constructs/host/host";
import { BlockDevice, ZfsPool, Zvol } from "../constructs/storage";

export interface DataZvolProps {
  readonly host: Host;
  /** The two disks of the mirrored pool (by-id paths). */
  readonly disks: readonly [string, string];
  /** Pool name. @default "tank" */
  readonly pool?: string;
  /** zvol name under the pool. */
  readonly name: string;
  /** @default "200GiB" */
  readonly size?: string;
}

/**
 * A data zvol (fully reserved, so the guest never sees ENOSPC) on a mirrored pool, as a
 * production guest would have it: the pool and the zvol are created on deploy (the disks must
 * be blank), and teardown removes only what kvmbench made.
 */
export function dataZvol(scope: Construct, props: DataZvolProps): Zvol {
  const pool = new ZfsPool(scope, "pool", {
    name: props.pool ?? "tank",
    layout: "mirror",
    devices: props.disks.map((path, i) => new BlockDevice(scope, `disk${i}`, { host: props.host, path })),
  });
  return new Zvol(scope, "zvol", { pool, name: props.name, size: props.size ?? "200GiB" });
}
