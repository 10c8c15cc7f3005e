/** An image file's own settings (format, size, preallocation, cluster size), shared by the backends that make one. */
import { IMAGE_FORMATS, PREALLOCATIONS, type ImageFormat, type Preallocation, type Size } from "../../study/model";
import { listAlternatives } from "../../study/suggest";
import type { MapFields, StudyReader } from "../../study/yaml-reader";
import type { Trait } from "../backend";
import { sizeSetting, trait } from "./traits";
import { readPowerOfTwoSize } from "./zfs";

/** qemu's cluster size of a qcow2 image when none is given. */
const QCOW2_CLUSTER_DEFAULT = "64K";

/** The keys of an image file's settings. */
export const IMAGE_FILE_KEYS = { required: ["format", "size"], optional: ["preallocation", "clusterSize"] } as const;

export interface ImageFileSettings {
  readonly format: ImageFormat;
  readonly size: Size;
  /** qemu-img preallocation ("metadata" only for qcow2). @default "off" */
  readonly preallocation: Preallocation;
  /** qcow2 cluster size (power of two, 512 to 2M). @default - qemu default 64K */
  readonly clusterSize?: Size;
}

/** Reads an image file's settings from a storage mapping; undefined when one is wrong (each reported). */
export function readImageFile(reader: StudyReader, fields: MapFields): ImageFileSettings | undefined {
  const format = fields.has("format") ? reader.enumValue(fields.value("format"), fields.pathOf("format"), IMAGE_FORMATS) : undefined;
  const size = fields.has("size") ? reader.size(fields.value("size"), fields.pathOf("size")) : undefined;
  const preallocation = fields.has("preallocation") ? reader.enumValue(fields.value("preallocation"), fields.pathOf("preallocation"), PREALLOCATIONS) : "off";
  const clusterSize = fields.has("clusterSize")
    ? readPowerOfTwoSize(reader, fields.value("clusterSize"), fields.pathOf("clusterSize"), 512, 2 * 1024 * 1024)
    : undefined;
  let ok = format !== undefined && size !== undefined && preallocation !== undefined && (!fields.has("clusterSize") || clusterSize !== undefined);
  if (format === "raw" && preallocation === "metadata") {
    reader.error(fields.value("preallocation"), fields.pathOf("preallocation"), 'preallocation "metadata" with format raw', `one of ${listAlternatives(["off", "falloc", "full"])} for raw images ("metadata" is for qcow2)`);
    ok = false;
  }
  if (format === "raw" && fields.has("clusterSize")) {
    reader.error(fields.keyNode("clusterSize"), fields.pathOf("clusterSize"), "clusterSize with format raw", "clusterSize only with format qcow2");
    ok = false;
  }
  if (!ok || !format || !size || !preallocation) return undefined;
  return { format, size, preallocation, ...(clusterSize ? { clusterSize } : {}) };
}

/** The settings like-for-like compares of an image file: its preallocation (between images of its format) and a qcow2's cluster size. */
export function imageFileTraits(settings: ImageFileSettings): Trait[] {
  const traits: Trait[] = [{ setting: `${settings.format} preallocation`, value: settings.preallocation, isDefault: false }];
  if (settings.format === "qcow2") traits.push(trait("qcow2 cluster size", sizeSetting(settings.clusterSize), QCOW2_CLUSTER_DEFAULT));
  return traits;
}
