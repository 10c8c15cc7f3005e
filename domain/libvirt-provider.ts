/** The provider this project targets; cdktf.json pins the same source and version. */
export const LIBVIRT_PROVIDER = {
  source: "dmacvicar/libvirt",
  address: "registry.terraform.io/dmacvicar/libvirt",
  version: "0.9.7",
  /** File name cdktf-cli 0.21 looks for in the schema cache directory. */
  cacheFileName: "libvirt@0.9.7.json",
} as const;
