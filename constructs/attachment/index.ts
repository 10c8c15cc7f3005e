export * from "./disk-settings";
export * from "./disk-attachment";
export * from "./target-names";
export * from "./controllers";
export type { GuestDisk } from "./guest-disk";
