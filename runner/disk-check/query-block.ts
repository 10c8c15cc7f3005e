/** A block device as QEMU reports it to QMP `query-block` (its `inserted` medium). */
export interface QemuBlockDevice {
  /** The device it is attached to: its id (ide0-0-0) or QOM path (/machine/peripheral/virtio-disk0/virtio-backend). */
  readonly qdev?: string;
  /** The image QEMU opened. */
  readonly file?: string;
  /** QEMU's format driver (raw, qcow2). */
  readonly driver?: string;
  readonly readOnly?: boolean;
  /** Opened with O_DIRECT. */
  readonly direct?: boolean;
  /** Flushes dropped. */
  readonly noFlush?: boolean;
  /** The write cache the guest sees now (the guest's firmware and driver may switch it). */
  readonly writeback?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const optionalString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const optionalBoolean = (value: unknown): boolean | undefined => (typeof value === "boolean" ? value : undefined);

/**
 * The devices with a medium in QEMU's reply to `query-block`, as `virsh qemu-monitor-command`
 * prints it (`{"return":[...],"id":...}`). @throws when the reply is not JSON or is an error.
 */
export function qemuBlockDevices(reply: string): QemuBlockDevice[] {
  let document: unknown;
  try {
    document = JSON.parse(reply);
  } catch (error) {
    throw new Error(`QEMU's query-block reply is not JSON: ${(error as Error).message}`);
  }
  const devices = isRecord(document) ? document["return"] : undefined;
  if (!Array.isArray(devices)) throw new Error(`QEMU's query-block reply has no "return" list: ${reply.trim().slice(0, 200)}`);
  return devices.filter(isRecord).flatMap((device) => {
    const inserted = device["inserted"];
    if (!isRecord(inserted)) return [];
    const cache = isRecord(inserted["cache"]) ? inserted["cache"] : {};
    const block: QemuBlockDevice = {
      qdev: optionalString(device["qdev"]),
      file: optionalString(inserted["file"]),
      driver: optionalString(inserted["drv"]),
      readOnly: optionalBoolean(inserted["ro"]),
      direct: optionalBoolean(cache["direct"]),
      noFlush: optionalBoolean(cache["no-flush"]),
      writeback: optionalBoolean(cache["writeback"]),
    };
    return [block];
  });
}

/** Whether QEMU's `qdev` names the device libvirt calls `alias` (its id, or a path at or below /machine/peripheral/<alias>). */
export function attachedTo(device: QemuBlockDevice, alias: string): boolean {
  const path = `/machine/peripheral/${alias}`;
  return device.qdev === alias || device.qdev === path || (device.qdev ?? "").startsWith(`${path}/`);
}
