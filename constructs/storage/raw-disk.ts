import { Construct } from "constructs";
import { ITerraformDependable } from "../core/cdktf";
import { HostStep } from "../host/host-step";
import { BlockDevice } from "./block-device";
import { DiskSource, IDiskBackend, StorageFacts } from "./disk-backend";
import { storageScript } from "./scripts";

export interface RawDiskProps {
  /** The host disk the guest gets whole. */
  readonly device: BlockDevice;
  /** Erase the disk first if it carries any signature. @default false */
  readonly wipe?: boolean;
}

/**
 * A whole host disk given to a guest as a raw block device (the study's `raw` layout).
 * Deploying takes the device lock and runs the device guard; teardown erases the
 * signatures the guest left and releases the lock (only when this stack holds it).
 */
export class RawDisk extends Construct implements IDiskBackend {
  public readonly device: BlockDevice;
  public readonly source: DiskSource;
  public readonly facts: StorageFacts;
  /** Escape hatch: the host step. */
  public readonly step: HostStep;
  public readonly dependables: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: RawDiskProps) {
    super(scope, id);
    this.device = props.device;
    this.step = new HostStep(this, "claim", {
      host: props.device.host,
      script: storageScript("raw-disk.sh"),
      environment: { DEVICE: props.device.devicePath, WIPE: props.wipe ? "1" : "0" },
      dependsOn: props.device.dependables,
    });
    this.dependables = [this.step.resource];
    this.source = { type: "block", path: props.device.devicePath };
    this.facts = {
      medium: "block",
      format: "raw",
      onZfs: false,
      directIo: { support: "yes" },
      hostDevices: props.device.hostDevices,
      summary: `raw disk ${props.device.devicePath}`,
    };
  }
}
