/** Releasing what a failed or killed test's Terraform states still hold. */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { LOCK_DIR, URI } from "./host-paths";
import { libvirtObjectsIn, type LibvirtObject } from "./libvirt-state";

/** Every file below `dir`, not following links (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return lstatSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}


/**
 * After a failed test: removes every libvirt object that the Terraform states under `dir` (a
 * study's `<results>/.kvmbench/state/<stack>.tfstate`, an app's `terraform.<stack>.tfstate`)
 * still hold, and the device locks of their stacks. A successful destroy leaves an empty state,
 * so this does nothing then.
 */
export function scrubStatesUnder(dir: string): void {
  for (const file of filesUnder(dir).filter((path) => path.endsWith(".tfstate"))) {
    scrubState(file);
    const stack = basename(file, ".tfstate").replace(/^terraform\./, "");
    for (const lock of filesUnder(LOCK_DIR)) if (lock.endsWith(".lock") && readFileSync(lock, "utf8").includes(stack)) rmSync(lock, { force: true });
  }
}

/** Removes the libvirt objects one Terraform state holds, domains first (see scrubStatesUnder). */
export function scrubState(file: string): void {
  const objects = libvirtObjectsIn(file);
  const of = (type: LibvirtObject["type"]) => objects.filter((o) => o.type === type);
  const virsh = (...args: string[]): void => void spawnSync("virsh", ["-q", "-c", URI, ...args], { encoding: "utf8" });
  for (const { name } of of("libvirt_domain")) if (name) (virsh("destroy", name), virsh("undefine", name, "--nvram"));
  for (const { name, pool } of of("libvirt_volume")) if (name && pool) virsh("vol-delete", "--pool", pool, name);
  for (const { path } of of("libvirt_cloudinit_disk")) if (path) rmSync(path, { force: true });
  for (const { name } of of("libvirt_pool")) if (name) (virsh("pool-destroy", name), virsh("pool-undefine", name));
}
