/**
 * The limits of names kvmbench makes on a host: LVM volume group and logical volume names and
 * the device-mapper name LVM makes of them (`<vg>-<lv>`, each `-` doubled: at most 127
 * characters, DM_NAME_LEN), LVM tags (at most 1024 characters of A-Z a-z 0-9 _ + . - / = ! : & #),
 * and file names (at most 255). A study's storage names become such names
 * (`kvmbench-<storage>`), so the study reader refuses a name that would break one, with its
 * position, and the constructs check the names they make.
 */

/** What the pools and volume groups kvmbench makes for a storage are called: `kvmbench-<storage>`. */
export function ownedStorageName(storageName: string): string {
  return `kvmbench-${storageName}`;
}

/** The logical volume kvmbench makes in its volume group. */
export const DEFAULT_LOGICAL_VOLUME = "vm";

const MAX_LVM_NAME = 127;
const MAX_DEVICE_MAPPER_NAME = 127;
const MAX_LVM_TAG = 1024;
const MAX_FILE_NAME = 255;
const LVM_TAG = /^[A-Za-z0-9_+.\-/=!:&#]+$/;

/** The device-mapper name of a logical volume, as LVM makes it (`/dev/mapper/<name>`). */
export function deviceMapperName(volumeGroup: string, logicalVolume: string): string {
  return `${volumeGroup.replace(/-/g, "--")}-${logicalVolume.replace(/-/g, "--")}`;
}

/** What is wrong with a volume group and logical volume name pair for LVM and device-mapper. */
export function lvmNameProblems(volumeGroup: string, logicalVolume?: string): string[] {
  const problems: string[] = [];
  if (volumeGroup.length > MAX_LVM_NAME) problems.push(`volume group name "${volumeGroup}" is ${volumeGroup.length} characters long (LVM takes at most ${MAX_LVM_NAME})`);
  if (logicalVolume !== undefined) {
    const mapped = deviceMapperName(volumeGroup, logicalVolume);
    if (mapped.length > MAX_DEVICE_MAPPER_NAME) problems.push(`the device-mapper name "${mapped}" is ${mapped.length} characters long (at most ${MAX_DEVICE_MAPPER_NAME})`);
  }
  return problems;
}

export function lvmTagProblem(tag: string): string | undefined {
  if (tag.length > MAX_LVM_TAG) return `LVM tag "${tag}" is ${tag.length} characters long (at most ${MAX_LVM_TAG})`;
  return LVM_TAG.test(tag) ? undefined : `LVM tag "${tag}" holds characters LVM tags do not allow`;
}

/** What is wrong with a storage name as the names kvmbench makes of it (pool, volume group, logical volume, image file). */
export function storageNameLimitProblem(storageName: string): string | undefined {
  const owned = ownedStorageName(storageName);
  const [lvm] = lvmNameProblems(owned, DEFAULT_LOGICAL_VOLUME);
  if (lvm) return `storage name "${storageName}" is too long for the names kvmbench makes of it: ${lvm}`;
  const image = `${owned}.qcow2`;
  return image.length > MAX_FILE_NAME ? `storage name "${storageName}" makes the image file name ${image.length} characters long (at most ${MAX_FILE_NAME})` : undefined;
}
