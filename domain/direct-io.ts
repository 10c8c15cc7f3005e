/** O_DIRECT support by where a file lives. */
import type { DirectIoSupport } from "./storage-facts";

function parseVersion(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split(".").map((p) => Number.parseInt(p, 10));
  return [major, minor];
}

/** O_DIRECT support of files on a ZFS dataset, by OpenZFS version. zvols always support it. */
export function zfsDatasetDirectIo(openZfsVersion: string): DirectIoSupport {
  const [major, minor] = parseVersion(openZfsVersion);
  if (major === 0 && minor < 8) {
    return { support: "no", reason: `ZFS datasets refuse O_DIRECT before OpenZFS 0.8 (host declares ${openZfsVersion})` };
  }
  if (major < 2 || (major === 2 && minor < 3)) {
    return {
      support: "ignored",
      reason: `OpenZFS ${openZfsVersion} accepts O_DIRECT on datasets but ignores it (the ARC still caches); real direct I/O needs 2.3+`,
    };
  }
  return { support: "yes" };
}
