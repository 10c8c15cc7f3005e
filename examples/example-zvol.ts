import { Construct } from "constructs";
import type { ITerraformDependable } from "../constructs/core/cdktf";
import { DiskSource, IDiskBackend, StorageFacts } from "../constructs/storage/disk-backend";

export interface ExampleZvolProps {
  /** zvol name under its pool, e.g. "tank/vm/db1-data". */
  readonly name: string;
}

/**
 * A stand-in for the storage library's Zvol construct: an existing zvol used as a raw block
 * device. It creates nothing on the host; swap it for the real `Zvol` when that lands.
 */
export class ExampleZvol extends Construct implements IDiskBackend {
  public readonly source: DiskSource;
  public readonly facts: StorageFacts;
  public readonly dependables: readonly ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: ExampleZvolProps) {
    super(scope, id);
    this.source = { type: "block", path: `/dev/zvol/${props.name}` };
    this.facts = {
      medium: "block",
      format: "raw",
      onZfs: true,
      directIo: { support: "yes" },
      hostDevices: [],
      summary: `zvol ${props.name}`,
    };
  }
}
