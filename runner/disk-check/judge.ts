/**
 * Judges a disk check's records against the disk the scenario expects: the live domain XML,
 * QEMU's own view of its block devices, the device's write cache, and the QEMU process's open
 * files. Each finding says what was compared, what was expected and what was found.
 */
import { CACHE_BEHAVIOUR } from "../../domain/cache-modes";
import type { ExpectedDisk } from "../../domain/disk-check";
import type { CheckFinding, DiskCheckRecords } from "../../results/check-result-file";
import { liveDomain, type LiveDisk } from "./live-disks";
import { accessMode, directFlagOf, parseQemuProcess, type QemuProcess } from "./qemu-process";
import { attachedTo, qemuBlockDevices, type QemuBlockDevice } from "./query-block";
import { writeCacheByAlias } from "./write-cache";

const DEFAULT_IO = "the hypervisor's default (no io attribute)";

function finding(what: string, expected: string, found: string | undefined): CheckFinding {
  const seen = found ?? "(absent)";
  return { what, expected, found: seen, ok: seen === expected };
}

const onOff = (value: boolean | undefined): string | undefined => (value === undefined ? undefined : value ? "on" : "off");

/** "file /var/lib/x.qcow2", "block /dev/zd0". */
function sourceText(type: string, path: string | undefined): string {
  return `${type} ${path ?? "(no path)"}`;
}

function describeDisk(disk: LiveDisk): string {
  return `${disk.target ?? "?"} (${sourceText(disk.type, disk.source)}, serial ${disk.serial ?? "none"})`;
}

/** The checks, in the order a reader follows them: libvirt's domain, QEMU's devices, the process. */
export function judgeDiskCheck(expected: ExpectedDisk, records: DiskCheckRecords): { domain: string; findings: CheckFinding[] } {
  const { name, disks } = liveDomain(records.domainXml);
  const matching = disks.filter((disk) => disk.serial === expected.serial);
  const findings: CheckFinding[] = [];
  const found = matching.length === 1 ? describeDisk(matching[0] as LiveDisk) : matching.length === 0 ? `none; the domain's disks: ${disks.map(describeDisk).join(", ") || "none"}` : `${matching.length} disks: ${matching.map(describeDisk).join(", ")}`;
  const disk = matching.length === 1 ? (matching[0] as LiveDisk) : undefined;
  findings.push({ what: `the disk with serial ${expected.serial} in the domain XML`, expected: "one disk", found, ok: disk !== undefined });
  if (!disk) return { domain: name, findings };

  findings.push(
    finding("source in the domain XML", sourceText(expected.source.type, expected.source.path), sourceText(disk.type, disk.source)),
    finding("format in the domain XML", expected.format, disk.format),
    finding("bus in the domain XML", expected.bus, disk.bus),
    finding("cache in the domain XML", expected.cache, disk.cache),
    finding("io in the domain XML", expected.io ?? DEFAULT_IO, disk.io ?? DEFAULT_IO),
  );
  findings.push(...qemuFindings(expected, disk, records));
  findings.push(...processFindings(expected, disk, parseQemuProcess(records.qemuProcess)));
  return { domain: name, findings };
}

/** What QEMU says of the device libvirt attached the disk to. */
function qemuFindings(expected: ExpectedDisk, disk: LiveDisk, records: DiskCheckRecords): CheckFinding[] {
  const behaviour = CACHE_BEHAVIOUR[expected.cache];
  const alias = disk.alias;
  const devices = qemuBlockDevices(records.queryBlock);
  const device: QemuBlockDevice | undefined = alias === undefined ? undefined : devices.find((d) => attachedTo(d, alias));
  const what = `QEMU's block device of ${alias ?? "the disk (no alias in the XML)"}`;
  if (!device) {
    return [{ what, expected: "in query-block", found: `absent; query-block lists ${devices.map((d) => d.qdev ?? "?").join(", ") || "nothing"}`, ok: false }];
  }
  const writeCache = alias === undefined ? undefined : writeCacheByAlias(records.writeCache).get(alias);
  return [
    { what, expected: "in query-block", found: `${device.driver ?? "?"} on ${device.qdev ?? "?"}`, ok: true },
    finding("QEMU's image file (query-block)", expected.source.path, device.file),
    finding("QEMU's format driver (query-block)", expected.format, device.driver),
    finding("read-only in QEMU (query-block)", "off", onOff(device.readOnly)),
    finding(`O_DIRECT in QEMU: cache.direct (query-block; cache=${expected.cache})`, onOff(behaviour.direct) as string, onOff(device.direct)),
    finding(`flushes dropped: cache.no-flush (query-block; cache=${expected.cache})`, onOff(behaviour.noFlush) as string, onOff(device.noFlush)),
    finding(`the guest's write cache: the device's write-cache (qom-get; cache=${expected.cache})`, onOff(behaviour.writeCache) as string, writeCache),
  ];
}

/** What the QEMU process has open: the source, read-write, with O_DIRECT exactly when the cache mode says. */
function processFindings(expected: ExpectedDisk, disk: LiveDisk, process: QemuProcess): CheckFinding[] {
  const sourcePath = disk.source ?? expected.source.path;
  const resolved = process.resolvedSources.get(sourcePath);
  const what = `QEMU has ${sourcePath}${resolved && resolved !== sourcePath ? ` (${resolved})` : ""} open`;
  if (process.pid === undefined) return [{ what, expected: "read-write", found: `no QEMU process: ${process.noPid ?? "no pid recorded"}`, ok: false }];
  if (resolved === undefined) return [{ what, expected: "read-write", found: `the check did not resolve ${sourcePath} on the host`, ok: false }];
  const open = process.openFiles.filter((file) => file.target === resolved);
  if (open.length === 0) return [{ what, expected: "read-write", found: `not open in process ${process.pid}`, ok: false }];
  const modes = [...new Set(open.map((file) => (file.flags === undefined ? "flags unknown" : accessMode(file.flags))))];
  const findings: CheckFinding[] = [{ what, expected: "read-write", found: modes.length === 1 ? (modes[0] as string) : modes.join(", "), ok: modes.includes("read-write") }];
  const direct = directFlagOf(process.arch);
  const wanted = onOff(CACHE_BEHAVIOUR[expected.cache].direct) as string;
  const whatDirect = `O_DIRECT on QEMU's open file (fdinfo; cache=${expected.cache})`;
  if (direct === undefined) {
    findings.push({ what: whatDirect, expected: wanted, found: `unknown: O_DIRECT's bit on ${process.arch ?? "an unrecorded architecture"} is not known to kvmbench`, ok: false });
  } else {
    const states = [...new Set(open.map((file) => (file.flags === undefined ? "flags unknown" : onOff((file.flags & direct) !== 0))))];
    findings.push(finding(whatDirect, wanted, states.join(", ")));
  }
  return findings;
}
