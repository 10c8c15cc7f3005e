/**
 * What libvirt holds for the objects a stack's Terraform state names (its domain, volumes and pools), as XML
 * normalised so that two deploys of the stack compare equal whatever differs by nature between
 * them: UUIDs, MAC addresses, the test's folders and loop devices, timestamps, and the byte
 * counts of uploaded content (an ISO the provider writes with a Go library and the stand-in with
 * genisoimage has the same files but not the same size). The provider-fidelity test compares
 * these snapshots between the real provider and its stand-in.
 */
import { spawnSync } from "node:child_process";
import { libvirtObjectsIn } from "./libvirt-state";
import { URI } from "./machine";

function virsh(...args: string[]): string {
  const result = spawnSync("virsh", ["-q", "-c", URI, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`virsh ${args.join(" ")}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Replaces each key of `replacements` (longest first) with its value. */
function replaceAll(text: string, replacements: Readonly<Record<string, string>>): string {
  return Object.keys(replacements)
    .sort((a, b) => b.length - a.length)
    .reduce((out, from) => out.split(from).join(replacements[from]), text);
}

/**
 * The normalisation described in the file comment. Which byte counts are hidden: the space a
 * volume takes (it depends on how its content was written, not on what it declares), the size of
 * uploaded content (`uploaded`), and a pool's (`pool`: its disk's free space changes). A qcow2
 * volume's `clusterSize` is dropped: libvirt shows it only once it has read the image's header
 * again (any pool refresh, by anyone, adds it), so it says when the pool was last refreshed.
 */
export function normaliseXml(xml: string, replacements: Readonly<Record<string, string>>, hide: { uploaded?: boolean; pool?: boolean } = {}): string {
  const counts = ["allocation", "physical", ...(hide.uploaded || hide.pool ? ["capacity"] : []), ...(hide.pool ? ["available"] : [])];
  return replaceAll(xml, replacements)
    .replace(/<uuid>[^<]*<\/uuid>/g, "<uuid>UUID</uuid>")
    .replace(/<mac address=(['"])[^'"]*\1/g, "<mac address='MAC'")
    .replace(/<timestamps>[\s\S]*?<\/timestamps>\s*/g, "")
    .replace(/[ \t]*<clusterSize( unit=['"]B['"])?>\d+<\/clusterSize>\n?/g, "")
    .replace(new RegExp(`<(${counts.join("|")})( unit=['"]bytes['"])?>\\d+</\\1>`, "g"), "<$1$2>BYTES</$1>")
    .replace(/[ \t]+$/gm, "")
    .trim();
}

/**
 * The domain (`virsh dumpxml --inactive`: its definition, not runtime details), volumes and pools
 * of the Terraform state at `stateFile`, as libvirt reports them now, normalised, in one text.
 */
export function snapshotState(stateFile: string, replacements: Readonly<Record<string, string>>): string {
  const objects = libvirtObjectsIn(stateFile).sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
  const sections = objects.flatMap(({ type, name, pool, uploaded }) => {
    if (!name) return [];
    if (type === "libvirt_domain") return [`## domain ${name}\n${normaliseXml(virsh("dumpxml", "--inactive", name), replacements)}`];
    if (type === "libvirt_volume") return [`## volume ${pool}/${name}\n${normaliseXml(virsh("vol-dumpxml", "--pool", pool ?? "default", name), replacements, { uploaded })}`];
    if (type === "libvirt_pool") return [`## pool ${name}\n${normaliseXml(virsh("pool-dumpxml", name), replacements, { pool: true })}`];
    return [];
  });
  return `${sections.join("\n\n")}\n`;
}
