export * from "./guest";
export * from "./guest-os";
export type { OsDisks } from "./os-build";
export type { SerialFilePort } from "./serial-ports";
export { MAX_SERIAL_PORTS } from "./serial-ports";
export * from "./volumes";
export { parseSizeBytes, parseSizeMiB } from "./size";
