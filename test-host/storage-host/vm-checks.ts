/**
 * What the storage test host holds, read over SSH: what kvmbench left there, and whether a disk
 * is blank the way the next scenario needs it (no signature, no partition, and `pvcreate` and
 * `zpool create` would take it).
 */
import { onStorageHost, onStorageHostOk, type StorageHost } from "./storage-host";

/** The device locks of kvmbench's host steps in the VM (the default KVMBENCH_LOCK_DIR). */
export const VM_LOCK_DIR = "/var/lib/kvmbench/locks";

/** Everything of kvmbench still on the VM, described; empty when nothing is. */
export function kvmbenchLeftovers(host: StorageHost, workdir: string): string[] {
  const listed = (what: string, command: string): string[] =>
    onStorageHostOk(host, command)
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .map((line) => `${what} ${line}`);
  return [
    ...listed("ZFS pool", "zpool list -H -o name"),
    ...listed("volume group", "lvm vgs --noheadings -o vg_name"),
    ...listed("physical volume", "lvm pvs --noheadings -o pv_name"),
    ...listed("libvirt pool", "virsh -q -c qemu:///system pool-list --all --name").filter((pool) => pool !== "libvirt pool default"),
    ...listed("libvirt domain", "virsh -q -c qemu:///system list --all --name"),
    ...listed("lock", `find ${VM_LOCK_DIR} -type f -name '*.lock' 2>/dev/null || true`),
    ...listed("marker", `find ${workdir}/markers -type f 2>/dev/null || true`),
    ...listed("mount", `findmnt -rn -o TARGET | grep -F '${workdir}/' || true`),
  ];
}

/** What keeps `disk` from being blank for the next scenario; empty when it is blank. */
export function diskProblems(host: StorageHost, disk: string): string[] {
  const problems: string[] = [];
  const signatures = onStorageHostOk(host, `wipefs -n --noheadings --output TYPE,OFFSET ${disk}`).trim();
  if (signatures) problems.push(`signatures on ${disk}: ${signatures.replace(/\n/g, ", ")}`);
  const partitions = onStorageHostOk(host, `lsblk -lnpo NAME ${disk} | tail -n +2`).trim();
  if (partitions) problems.push(`partitions on ${disk}: ${partitions.replace(/\n/g, ", ")}`);
  const pvcreate = onStorageHost(host, `lvm pvcreate -t ${disk}`);
  if (pvcreate.status !== 0) problems.push(`pvcreate -t ${disk} refuses it: ${pvcreate.stderr.trim()}`);
  const zpool = onStorageHost(host, `zpool create -n kvmbench-probe ${disk}`);
  if (zpool.status !== 0) problems.push(`zpool create -n ${disk} refuses it: ${zpool.stderr.trim()}`);
  return problems;
}

/** `zpool get` / `zfs get` of one property, its value only. */
export function zfsProperty(host: StorageHost, command: "zpool" | "zfs", property: string, name: string): string {
  return onStorageHostOk(host, `${command} get -H -o value ${property} ${name}`).trim();
}
