import { Construct } from "constructs";
import { BlockDevice } from "./block-device";
import { DiskSource, IDiskBackend, StorageFacts } from "./disk-backend";
import { HostObject } from "./host-object";

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
export class RawDisk extends HostObject implements IDiskBackend {
  public readonly device: BlockDevice;
  public readonly source: DiskSource;
  public readonly facts: StorageFacts;

  constructor(scope: Construct, id: string, props: RawDiskProps) {
    super(scope, id, props.device.host);
    this.device = props.device;
    this.createStep({
      id: "claim",
      script: "raw-disk.sh",
      environment: { DEVICE: props.device.devicePath, WIPE: props.wipe ? "1" : "0" },
      dependsOn: props.device.dependables,
    });
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
