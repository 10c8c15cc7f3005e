import { join } from "node:path";

/** Path of a host script of the storage constructs (constructs/storage/scripts/), for a backend's `scripts`. */
export function constructScript(name: string): string {
  return join(__dirname, "..", "..", "constructs", "storage", "scripts", name);
}
