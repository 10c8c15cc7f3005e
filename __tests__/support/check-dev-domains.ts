/**
 * Tiny libvirt domains for the disk check's tests, started for real on this machine: no OS (the
 * firmware finds nothing to boot), 128 MiB, TCG, a "boot" disk and the disk under test with the
 * serial kvmbench-dut, shaped as a scenario's domain is. Named `check-dev-*`; `remove` leaves
 * nothing behind.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExpectedDisk } from "../../domain/disk-check";

export const SYSTEM_URI = "qemu:///system";

/** Whether this machine can start domains: root, libvirtd answering on the system instance, QEMU. */
export const canStartDomains =
  process.getuid?.() === 0 &&
  spawnSync("virsh", ["-q", "-c", SYSTEM_URI, "version"], { encoding: "utf8", timeout: 20_000 }).status === 0 &&
  spawnSync("qemu-system-x86_64", ["--version"]).status === 0;

/** The disk under test of a dev domain, and the machine it needs (IDE only on pc). */
export interface DevDisk extends ExpectedDisk {
  /** libvirt's target device name (vdb, hda, sda, ...). */
  readonly target: string;
}

export function virsh(...args: string[]): string {
  return execFileSync("virsh", ["-q", "-c", SYSTEM_URI, ...args], { encoding: "utf8", timeout: 60_000 });
}

function diskXml(disk: { type: "file" | "block"; path: string; format: string; cache: string; io?: string; target: string; bus: string; serial?: string }): string {
  const source = disk.type === "file" ? `<source file='${disk.path}'/>` : `<source dev='${disk.path}'/>`;
  const io = disk.io ? ` io='${disk.io}'` : "";
  return [
    `    <disk type='${disk.type}' device='disk'>`,
    `      <driver name='qemu' type='${disk.format}' cache='${disk.cache}'${io}/>`,
    `      ${source}`,
    `      <target dev='${disk.target}' bus='${disk.bus}'/>`,
    ...(disk.serial ? [`      <serial>${disk.serial}</serial>`] : []),
    `    </disk>`,
  ].join("\n");
}

/**
 * Defines and starts `name`: `bootImage` (a qcow2 file, cache=writeback, virtio or IDE as the
 * machine allows) first, then the disk under test. Returns once `virsh start` does.
 */
export function startDevDomain(name: string, dir: string, bootImage: string, dut: DevDisk): void {
  const machine = dut.bus === "ide" ? "pc" : "q35";
  const bootBus = machine === "pc" ? "ide" : "virtio";
  const controllers = dut.bus === "scsi" ? "    <controller type='scsi' model='virtio-scsi' index='0'/>\n" : "";
  const xml = `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='${machine}'>hvm</type></os>
  <devices>
${controllers}${diskXml({ type: "file", path: bootImage, format: "qcow2", cache: "writeback", target: bootBus === "ide" ? "hda" : "vda", bus: bootBus })}
${diskXml({ ...dut.source, format: dut.format, cache: dut.cache, io: dut.io, target: dut.target, bus: dut.bus, serial: dut.serial })}
  </devices>
</domain>
`;
  const file = join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  virsh("define", file);
  virsh("start", name);
}

/** Stops and undefines `name` if it exists. */
export function removeDevDomain(name: string): void {
  spawnSync("virsh", ["-q", "-c", SYSTEM_URI, "destroy", name], { encoding: "utf8" });
  spawnSync("virsh", ["-q", "-c", SYSTEM_URI, "undefine", name], { encoding: "utf8" });
}

/** `virsh domstate`, or "absent". */
export function domainState(name: string): string {
  const result = spawnSync("virsh", ["-q", "-c", SYSTEM_URI, "domstate", name], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "absent";
}

/** A new qcow2 image of `mib` MiB. */
export function qcow2Image(path: string, mib = 64): string {
  execFileSync("qemu-img", ["create", "-q", "-f", "qcow2", path, `${mib}M`]);
  return path;
}
