/** The libvirt objects a stack's Terraform state holds (what the clean-up and the fidelity test read of it). */
import { readFileSync } from "node:fs";

/** One libvirt object of a state, with the attributes that name it. */
export interface LibvirtObject {
  readonly type: "libvirt_domain" | "libvirt_volume" | "libvirt_pool" | "libvirt_cloudinit_disk";
  readonly name?: string;
  readonly pool?: string;
  readonly path?: string;
  /** A volume with `create.content`: uploaded from a file. */
  readonly uploaded: boolean;
}

interface StateFile {
  readonly resources?: ReadonlyArray<{
    readonly type: string;
    readonly mode?: string;
    readonly instances?: ReadonlyArray<{ readonly attributes?: { readonly name?: string; readonly pool?: string; readonly path?: string; readonly create?: unknown } }>;
  }>;
}

const TYPES: ReadonlyArray<LibvirtObject["type"]> = ["libvirt_domain", "libvirt_volume", "libvirt_pool", "libvirt_cloudinit_disk"];

/** The libvirt objects in the Terraform state at `file` (none when it cannot be read). */
export function libvirtObjectsIn(file: string): LibvirtObject[] {
  let state: StateFile;
  try {
    state = JSON.parse(readFileSync(file, "utf8")) as StateFile;
  } catch {
    return [];
  }
  return (state.resources ?? [])
    .filter((r) => r.mode !== "data" && (TYPES as readonly string[]).includes(r.type))
    .flatMap((r) =>
      (r.instances ?? []).map(({ attributes = {} }) => ({
        type: r.type as LibvirtObject["type"],
        name: attributes.name,
        pool: attributes.pool,
        path: attributes.path,
        uploaded: attributes.create !== undefined && attributes.create !== null,
      })),
    );
}
