/**
 * Creates or destroys one libvirt resource the way provider 0.9.7 does, with virsh, qemu-img and
 * genisoimage: the stand-in that `transform.ts` puts in place of the provider on machines that
 * cannot install it. Run by a terraform_data provisioner:
 *
 *   KB_ACTION=create|destroy KVMBENCH_STAND_IN='<json of the resource>' node --require tsx/cjs apply.ts
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { domainXml } from "./domain-xml";

type Json = Record<string, unknown>;

/** What the transform stores in the stand-in's `input`. */
export interface StandInResource {
  readonly type: "libvirt_volume" | "libvirt_pool" | "libvirt_cloudinit_disk" | "libvirt_domain";
  readonly uri: string;
  /** The resource's attributes, references resolved by Terraform. */
  readonly config: Json;
  /** The read-only attributes other resources read (path, name...). */
  readonly computed: Record<string, string>;
}

function run(command: string, args: readonly string[], options: { tolerate?: RegExp } = {}): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) {
    const detail = `${result.stderr ?? ""}${result.error?.message ?? ""}`.trim();
    if (options.tolerate?.test(detail)) return "";
    throw new Error(`${command} ${args.join(" ")}: ${detail || `exit ${result.status}`}`);
  }
  return result.stdout;
}

function virsh(uri: string, ...args: string[]): string {
  return run("virsh", ["-q", "-c", uri, ...args]);
}

/** Writes `text` to a temporary file for `use`, then removes it. */
function withFile(name: string, text: string, use: (file: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "kvmbench-stand-in-"));
  try {
    writeFileSync(join(dir, name), text);
    use(join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MISSING = /not found|no storage (pool|vol)|failed to get (domain|pool|vol)|not running|is not active/i;

function volume(action: string, r: StandInResource): void {
  const c = r.config;
  const pool = String(c.pool);
  const path = r.computed.path;
  if (action === "destroy") {
    run("virsh", ["-q", "-c", r.uri, "vol-delete", "--pool", pool, String(c.name)], { tolerate: MISSING });
    return;
  }
  const format = String(((c.target as Json | undefined)?.format as Json | undefined)?.type ?? "raw");
  const url = ((c.create as Json | undefined)?.content as Json | undefined)?.url;
  const backing = c.backing_store as { path: string; format?: { type: string } } | undefined;
  if (typeof url === "string") {
    if (/^https?:/.test(url)) throw new Error(`libvirt stand-in: uploads local files only, not ${url}`);
    run("cp", ["--sparse=always", url.replace(/^file:\/\//, ""), path]);
  } else if (backing) {
    run("qemu-img", ["create", "-q", "-f", format, "-b", backing.path, "-F", backing.format?.type ?? "qcow2", path, String(c.capacity)]);
  } else {
    run("qemu-img", ["create", "-q", "-f", format, path, String(c.capacity)]);
  }
  virsh(r.uri, "pool-refresh", pool);
}

function cloudInitDisk(action: string, r: StandInResource): void {
  const path = r.computed.path;
  if (action === "destroy") {
    rmSync(path, { force: true });
    return;
  }
  const files = mkdtempSync(join(tmpdir(), "kvmbench-cidata-"));
  try {
    const names = ["user-data", "meta-data"];
    writeFileSync(join(files, "user-data"), String(r.config.user_data ?? ""));
    writeFileSync(join(files, "meta-data"), String(r.config.meta_data ?? ""));
    if (r.config.network_config !== undefined) {
      writeFileSync(join(files, "network-config"), String(r.config.network_config));
      names.push("network-config");
    }
    mkdirSync(dirname(path), { recursive: true });
    run("genisoimage", ["-quiet", "-output", path, "-volid", "cidata", "-joliet", "-rock", ...names.map((n) => join(files, n))]);
  } finally {
    rmSync(files, { recursive: true, force: true });
  }
}

function pool(action: string, r: StandInResource): void {
  const c = r.config;
  const name = String(c.name);
  if (action === "destroy") {
    run("virsh", ["-q", "-c", r.uri, "pool-destroy", name], { tolerate: MISSING });
    // The provider deletes a dir pool's directory, and a logical pool's storage only when it lists source devices.
    const source = c.source as Json | undefined;
    if (c.type === "dir" || (Array.isArray(source?.device) && source.device.length > 0)) {
      run("virsh", ["-q", "-c", r.uri, "pool-delete", name], { tolerate: MISSING });
    }
    run("virsh", ["-q", "-c", r.uri, "pool-undefine", name], { tolerate: MISSING });
    return;
  }
  const source = c.source as { name?: string; device?: Array<{ path: string }> } | undefined;
  const target = (c.target as { path: string }).path;
  const sourceXml = source
    ? `<source>${(source.device ?? []).map((d) => `<device path="${d.path}"/>`).join("")}${source.name ? `<name>${source.name}</name>` : ""}</source>`
    : "";
  const xml = `<pool type="${String(c.type)}"><name>${name}</name>${sourceXml}<target><path>${target}</path></target></pool>`;
  withFile("pool.xml", xml, (file) => virsh(r.uri, "pool-define", file));
  const skipBuild = c.type === "logical" && !(source?.device ?? []).length;
  if (!skipBuild) virsh(r.uri, "pool-build", name);
  virsh(r.uri, "pool-autostart", name);
  virsh(r.uri, "pool-start", name);
}

function domain(action: string, r: StandInResource): void {
  const name = String(r.config.name);
  if (action === "destroy") {
    run("virsh", ["-q", "-c", r.uri, "destroy", name], { tolerate: MISSING });
    run("virsh", ["-q", "-c", r.uri, "undefine", name, "--nvram"], { tolerate: MISSING });
    return;
  }
  withFile("domain.xml", domainXml(r.config), (file) => virsh(r.uri, "define", file));
  if (r.config.running !== false) virsh(r.uri, "start", name);
}

const APPLY: Record<StandInResource["type"], (action: string, r: StandInResource) => void> = {
  libvirt_volume: volume,
  libvirt_cloudinit_disk: cloudInitDisk,
  libvirt_pool: pool,
  libvirt_domain: domain,
};

if (require.main === module) {
  const action = process.env.KB_ACTION ?? "";
  const resource = JSON.parse(process.env.KVMBENCH_STAND_IN ?? "{}") as StandInResource;
  try {
    if (action !== "create" && action !== "destroy") throw new Error(`KB_ACTION must be create or destroy, got "${action}"`);
    APPLY[resource.type](action, resource);
  } catch (error) {
    process.stderr.write(`libvirt stand-in: ${resource.type} ${String(resource.config?.name)}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
