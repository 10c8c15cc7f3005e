/**
 * Study storage specs -> storage constructs: the layouts of the study file (raw disk, LV,
 * zvol, qcow2/raw images on ext4/xfs on a disk, zvol or LV, or on a ZFS dataset) built from
 * the construct library, ending in the one disk backend the guest's attachment uses.
 */
import { Construct } from "constructs";
import { Host } from "../constructs/host/host";
import {
  BlockDevice,
  DiskImage,
  Filesystem,
  IBlockDevice,
  IDiskBackend,
  IFileLocation,
  LogicalVolume,
  LvmVolumeGroup,
  RawDisk,
  ZfsDataset,
  ZfsPool,
  Zvol,
} from "../constructs/storage";
import { FilesystemSpec, LogicalVolumeSpec, StorageSpec, ZfsPoolSpec, ZvolSpec } from "../study/model";

export interface StorageBuildContext {
  readonly host: Host;
  /** Key of the spec in the study; names pools and volume groups (`kvmbench-<name>`). */
  readonly storageName: string;
  /** Device name -> path on this host. */
  readonly devicePath: (name: string) => string;
  /** The study's `wipe` for this storage: may the host disks carry data? */
  readonly wipe: boolean;
}

/** Builds the constructs of one storage spec under `scope` and returns its disk backend. */
export function buildStorage(scope: Construct, spec: StorageSpec, context: StorageBuildContext): IDiskBackend {
  switch (spec.kind) {
    case "block":
      return new RawDisk(scope, "raw-disk", { device: hostDisk(scope, spec.device, context), wipe: context.wipe });
    case "lvm":
      return logicalVolume(scope, spec, context);
    case "zvol":
      return zvol(scope, spec, context);
    case "image":
      return new DiskImage(scope, "image", {
        location: imageLocation(scope, spec.location, context),
        format: spec.format,
        size: spec.size,
        preallocation: spec.preallocation,
        clusterSize: spec.clusterSize,
      });
  }
}

function hostDisk(scope: Construct, name: string, context: StorageBuildContext): BlockDevice {
  const id = `disk-${name}`;
  const existing = scope.node.tryFindChild(id);
  if (existing instanceof BlockDevice) return existing;
  return new BlockDevice(scope, id, { host: context.host, path: context.devicePath(name) });
}

function ownedName(context: StorageBuildContext): string {
  return `kvmbench-${context.storageName}`;
}

function zfsPool(scope: Construct, spec: ZfsPoolSpec, context: StorageBuildContext): ZfsPool {
  return new ZfsPool(scope, "zfs-pool", {
    devices: spec.devices.map((d) => hostDisk(scope, d, context)),
    name: ownedName(context),
    layout: spec.topology,
    ashift: spec.ashift,
    compression: spec.compression,
    recordsize: spec.recordsize,
    atime: spec.atime,
    sync: spec.sync,
    primarycache: spec.primarycache,
    wipe: context.wipe,
  });
}

function zvol(scope: Construct, spec: ZvolSpec, context: StorageBuildContext): Zvol {
  return new Zvol(scope, "zvol", {
    pool: zfsPool(scope, spec.pool, context),
    size: spec.size,
    volblocksize: spec.volblocksize,
    sparse: spec.sparse,
    compression: spec.compression,
  });
}

function logicalVolume(scope: Construct, spec: LogicalVolumeSpec, context: StorageBuildContext): LogicalVolume {
  const group = new LvmVolumeGroup(scope, "volume-group", {
    devices: [hostDisk(scope, spec.device, context)],
    name: ownedName(context),
    wipe: context.wipe,
  });
  return new LogicalVolume(scope, "logical-volume", { volumeGroup: group, size: spec.size });
}

function filesystem(scope: Construct, spec: FilesystemSpec, context: StorageBuildContext): Filesystem {
  const source = spec.source;
  const device: IBlockDevice =
    source.kind === "device"
      ? hostDisk(scope, source.device, context)
      : source.kind === "zvol"
        ? zvol(scope, source.zvol, context)
        : logicalVolume(scope, source.lvm, context);
  return new Filesystem(scope, "filesystem", {
    device,
    type: spec.type,
    mkfsOptions: spec.mkfsOptions.length ? spec.mkfsOptions : undefined,
    mountOptions: spec.mountOptions.length ? spec.mountOptions : undefined,
    mountpoint: `${context.host.workdir}/mnt/${context.storageName}`,
    wipe: context.wipe,
  });
}

function imageLocation(
  scope: Construct,
  location: Extract<StorageSpec, { kind: "image" }>["location"],
  context: StorageBuildContext,
): IFileLocation {
  if (location.kind === "filesystem") return filesystem(scope, location.filesystem, context);
  const { dataset } = location;
  return new ZfsDataset(scope, "dataset", {
    pool: zfsPool(scope, dataset.pool, context),
    recordsize: dataset.recordsize,
    compression: dataset.compression,
    atime: dataset.atime,
    sync: dataset.sync,
    primarycache: dataset.primarycache,
  });
}
