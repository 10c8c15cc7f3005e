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
    ...listed("libvirt volume", "virsh -q -c qemu:///system vol-list default --details | awk '{print $1}'"),
    ...listed("lock", `find ${VM_LOCK_DIR} -type f -name '*.lock' 2>/dev/null || true`),
    ...listed("marker", `find ${workdir}/markers -type f 2>/dev/null || true`),
    ...listed("mount", `findmnt -rn -o TARGET | grep -F '${workdir}/' || true`),
  ];
}

/**
 * What one stack left on the VM, described; empty when it left nothing. For a run whose other
 * stacks may be deployed meanwhile (kvmbench run deploys stacks on other disks in parallel): its
 * domain and volumes (`kvmbench-<stack>`), its pool or volume group (`kvmbench-<storage>`), its
 * mount (`<workdir>/mnt/<storage>`), and the locks and markers that name it.
 */
export function stackLeftovers(host: StorageHost, workdir: string, stack: string, storage?: string): string[] {
  const owned = onStorageHostOk(host, `grep -lF -- '${stack}' ${VM_LOCK_DIR}/*.lock ${workdir}/markers/* 2>/dev/null || true`)
    .split("\n")
    .filter((line) => line !== "")
    .map((file) => `file naming the stack ${file}`);
  const named = (line: string): boolean =>
    line.includes(`kvmbench-${stack}`) || (storage !== undefined && (line.endsWith(` kvmbench-${storage}`) || line.endsWith(`/mnt/${storage}`) || line.includes(`/mnt/${storage}/`)));
  return [...kvmbenchLeftovers(host, workdir).filter(named), ...owned];
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
