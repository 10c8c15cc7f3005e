export * from "../../domain/disk-settings";
export * from "./disk-attachment";
export * from "./target-names";
export * from "./controllers";
export type { GuestDisk, IDiskGuest } from "./guest-disk";
