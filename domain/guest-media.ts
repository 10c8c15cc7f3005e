/**
 * The files a study hands to its guest: the boot image and the virtio-win ISO (files on the
 * machine running Terraform, uploaded into the guest's pool) and the kernel and initrd of direct
 * kernel boot (files on the KVM host, which QEMU reads). Each is an http(s) URL (image, ISO) or a
 * file in the directory the study declares for them (`guest.imageDirectory`), named like what it
 * is, so a study can hand its guest no other file of either machine: not /etc/shadow as a
 * CD-ROM, not a private key as an initrd, not another guest's disk.
 */
import { workdirProblem } from "./host-values";

/** What a file is to the guest. */
export type GuestMediaKind = "image" | "iso" | "kernel" | "initrd";

const NAMES: Readonly<Record<GuestMediaKind, { readonly pattern: RegExp; readonly description: string }>> = {
  image: { pattern: /^[^.][A-Za-z0-9._+-]*\.(qcow2|img|raw)$/, description: "a disk image: a name ending in .qcow2, .img or .raw" },
  iso: { pattern: /^[^.][A-Za-z0-9._+-]*\.iso$/, description: "an ISO image: a name ending in .iso" },
  kernel: { pattern: /^(vmlinuz|vmlinux|bzImage)([-._+][A-Za-z0-9._+-]*)?$/, description: "a kernel: a name starting with vmlinuz, vmlinux or bzImage" },
  initrd: { pattern: /^(initrd|initramfs)([-._+][A-Za-z0-9._+-]*)?$/, description: "an initramfs: a name starting with initrd or initramfs" },
};

const MAX_FILE_NAME = 255;
/** Absolute, of plain segments, none starting with `.` (no `.` or `..`, no hidden files or folders). */
const PLAIN_PATH = /^(\/[A-Za-z0-9_+-][A-Za-z0-9._+-]*)+$/;

export const IMAGE_DIRECTORY_EXPECTATION =
  "an absolute, normalised directory of letters, digits and . _ + - holding the guest's files (no hidden folders), not a system directory nor where other users write, such as /var/lib/kvmbench/images";

/** The name a file of this kind must have, for messages. */
export function mediaExpectation(kind: GuestMediaKind): string {
  return `${NAMES[kind].description}, in guest.imageDirectory (a plain path: letters, digits and . _ + -, no .. segments)`;
}

export function imageDirectoryProblem(directory: string): string | undefined {
  const problem = workdirProblem(directory, "imageDirectory");
  if (problem) return problem;
  return PLAIN_PATH.test(directory) ? undefined : `imageDirectory "${directory}" has a hidden folder (a segment starting with .)`;
}

/** What is wrong with `path` as a file of `kind`, given the study's image directory (if any). */
export function mediaFileProblem(path: string, kind: GuestMediaKind, directory: string | undefined): string | undefined {
  if (!PLAIN_PATH.test(path)) return `"${path}" is not a plain absolute path (letters, digits and . _ + -, no segment starting with .)`;
  const long = path.split("/").find((segment) => segment.length > MAX_FILE_NAME);
  if (long !== undefined) return `"${path}" has a segment of ${long.length} characters (a file name has at most ${MAX_FILE_NAME})`;
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (!NAMES[kind].pattern.test(name)) return `"${path}" is not named like ${NAMES[kind].description}`;
  if (directory === undefined) return `"${path}" is a file, and the study declares no guest.imageDirectory for the guest's files`;
  if (!path.startsWith(`${directory}/`)) return `"${path}" is not in the image directory ${directory}`;
  return undefined;
}
