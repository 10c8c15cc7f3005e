/**
 * `kind: file`: a qcow2 or raw image file in a directory the study names on the host, on a
 * filesystem that is already there. kvmbench makes and removes only the image (marked as this
 * stack's, like every image); the directory and what it is on are the host's. The study says
 * which filesystem the directory is on, since the rules judge O_DIRECT by it, and the host step
 * checks that before the image is made.
 */
import { join } from "node:path";
import { Construct } from "constructs";
import type { ITerraformDependable } from "../constructs/core/cdktf";
import type { Host } from "../constructs/host/host";
import type { HostStep } from "../constructs/host/host-step";
import type { IFileLocation } from "../constructs/storage";
import { zfsDatasetDirectIo } from "../domain/direct-io";
import { workdirProblem } from "../domain/host-values";
import type { DirectIoSupport } from "../domain/storage-facts";
import { checkImagePreallocation } from "../domain/storage-rules";
import type { StorageSpec } from "../study/model";
import type { StorageBackend } from "./backend";
import { IMAGE_FILE_KEYS, imageFileTraits, readImageFile, type ImageFileSettings } from "./parts/image-file";
import { constructScript } from "./parts/scripts";

/** The filesystems the directory may be on. */
export type DirectoryFilesystem = "ext4" | "xfs" | "zfs";
const DIRECTORY_FILESYSTEMS: readonly DirectoryFilesystem[] = ["ext4", "xfs", "zfs"];

const DIRECTORY_EXPECTATION =
  "an existing directory on the host: an absolute, normalised path of letters, digits and . _ + - (no .., //, trailing /), not / nor a system directory, such as /srv/vm-images";

/** An image file in a directory on the host. */
export interface FileStorageSpec extends StorageSpec, ImageFileSettings {
  readonly kind: "file";
  /** The directory that holds the image (it must exist). */
  readonly directory: string;
  /** The filesystem the directory is on. */
  readonly filesystem: DirectoryFilesystem;
}

/** The host script that checks the directory. */
export const DIRECTORY_SCRIPT = join(__dirname, "scripts", "existing-directory.sh");

function directIo(filesystem: DirectoryFilesystem, openZfsVersion: string): DirectIoSupport {
  return filesystem === "zfs" ? zfsDatasetDirectIo(openZfsVersion) : { support: "yes" };
}

interface ExistingDirectoryProps {
  readonly host: Host;
  readonly directory: string;
  readonly filesystem: DirectoryFilesystem;
  /** The HostStep class of the construct library the backend was handed. */
  readonly hostStep: typeof HostStep;
}

/** A directory already on the host, as a place for a DiskImage: its host step checks it is there, on the filesystem the study said. */
class ExistingDirectory extends Construct implements IFileLocation {
  public readonly host: Host;
  public readonly directory: string;
  public readonly filesystem: DirectoryFilesystem;
  public readonly onZfs: boolean;
  public readonly directIo: DirectIoSupport;
  public readonly hostDevices: readonly string[] = [];
  public readonly description: string;
  public readonly step: HostStep;
  public readonly dependables: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ExistingDirectoryProps) {
    super(scope, id);
    this.host = props.host;
    this.directory = props.directory;
    this.filesystem = props.filesystem;
    this.onZfs = props.filesystem === "zfs";
    this.directIo = directIo(props.filesystem, props.host.openZfsVersion);
    this.description = `directory ${props.directory} (${props.filesystem})`;
    this.step = new props.hostStep(this, "check", {
      host: props.host,
      script: DIRECTORY_SCRIPT,
      environment: { DIRECTORY: props.directory, FS_TYPE: props.filesystem },
    });
    this.dependables = [this.step.resource];
    this.node.addValidation({ validate: () => this.checkDirectory() });
  }

  private checkDirectory(): string[] {
    const problem = workdirProblem(this.directory, "directory");
    return problem ? [`file storage: ${problem}`] : [];
  }
}

export const file: StorageBackend<FileStorageSpec> = {
  kind: "file",
  keys: { required: ["directory", "filesystem", ...IMAGE_FILE_KEYS.required], optional: [...IMAGE_FILE_KEYS.optional] },

  read({ reader, fields, wipe }) {
    let directory = fields.has("directory") ? reader.string(fields.value("directory"), fields.pathOf("directory"), DIRECTORY_EXPECTATION) : undefined;
    const problem = directory === undefined ? undefined : workdirProblem(directory, "directory");
    if (problem) {
      reader.error(fields.value("directory"), fields.pathOf("directory"), problem, DIRECTORY_EXPECTATION);
      directory = undefined;
    }
    const filesystem = fields.has("filesystem") ? reader.enumValue(fields.value("filesystem"), fields.pathOf("filesystem"), DIRECTORY_FILESYSTEMS) : undefined;
    const image = readImageFile(reader, fields);
    if (wipe) {
      reader.error(fields.value("wipe"), fields.pathOf("wipe"), "wipe: true on a file storage", "no wipe: a file storage erases no device, it makes and removes only its image file");
      return undefined;
    }
    if (directory === undefined || filesystem === undefined || !image || wipe === undefined) return undefined;
    return { kind: "file", directory, filesystem, ...image, wipe };
  },

  devices: () => [],
  summary: (spec) => `${spec.format} on ${spec.filesystem} in ${spec.directory}`,
  facts: (spec, host) => ({ medium: "file", format: spec.format, filesystem: spec.filesystem, onZfs: spec.filesystem === "zfs", directIo: directIo(spec.filesystem, host.openZfsVersion) }),
  findings: (spec) => checkImagePreallocation(spec.filesystem, spec.preallocation),
  traits: (spec) => imageFileTraits(spec),
  // Two scenarios measuring images in one directory would measure each other.
  claims: (spec) => [spec.directory],
  scripts: [DIRECTORY_SCRIPT, constructScript("disk-image.sh")],

  build(spec, kit) {
    const location = new ExistingDirectory(kit.scope, "directory", { host: kit.host, directory: spec.directory, filesystem: spec.filesystem, hostStep: kit.library.HostStep });
    return new kit.library.DiskImage(kit.scope, "image", {
      location,
      format: spec.format,
      size: spec.size,
      preallocation: spec.preallocation,
      clusterSize: spec.clusterSize,
      fileName: `kvmbench-${kit.storageName}.${spec.format}`,
    });
  },
};
