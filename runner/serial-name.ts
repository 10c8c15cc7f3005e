/** Characters a disk serial may use (they survive /dev/disk/by-id names and Windows' SerialNumber). */
const SERIAL = /^[A-Za-z0-9._-]+$/;
/** virtio-blk passes at most 20 characters of the serial to the guest. */
export const MAX_SERIAL_LENGTH = 20;

/** Throws a clear error unless `serial` is usable to find the disk under test. */
export function checkDiskSerial(serial: string): string {
  if (!SERIAL.test(serial)) {
    throw new Error(`disk serial "${serial}" may only contain letters, digits, '.', '_' and '-'`);
  }
  if (serial.length > MAX_SERIAL_LENGTH) {
    throw new Error(
      `disk serial "${serial}" is ${serial.length} characters; virtio-blk keeps only ${MAX_SERIAL_LENGTH}, so the guest could not find it`,
    );
  }
  return serial;
}
