/**
 * The construct library as the `kvmbench` package exports it (package.json `exports`): the
 * host, storage, disk attachments and guests. Each folder is also a subpath of its own
 * (`kvmbench/host`, `kvmbench/storage`, `kvmbench/attachment`, `kvmbench/guest`);
 * `kvmbench/libvirt` holds the provider bindings the library uses (its escape hatches' types).
 * The benchmark runner (`constructs/runner/`) stays with the study app: its result collector
 * runs the repository's own collector.
 */
export * from "./host";
export * from "./storage";
export * from "./attachment";
export * from "./guest";
export type { Size, SizeLike } from "../domain/size";
export type { ImageFilesystem } from "../domain/storage-facts";
export type { StorageScript } from "./storage/scripts";
