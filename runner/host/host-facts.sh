#!/usr/bin/env bash
# kvmbench: facts about the KVM host as JSON (the ResultFile "host" field).
# Keys: hostname, kernel, qemu, libvirt, zfs, cpu, memoryBytes, and zfsDataset when
# KVMBENCH_ZFS_DATASET names the ZFS dataset or zvol under the disk under test:
#   {"name", "type": "filesystem"|"volume", "direct", "recordsize" (bytes, datasets),
#    "volblocksize" (bytes, zvols), "compression", "sync"}
# each property as `zfs get -p` gives it ("-" values, such as direct on a zvol or on
# OpenZFS before 2.3, are left out). A fact that cannot be read is left out.
#
# Parameters (environment variables):
#   KVMBENCH_QEMU              QEMU binary (default: first of qemu-system-x86_64, qemu-kvm, /usr/libexec/qemu-kvm)
#   KVMBENCH_CPUINFO           /proc/cpuinfo
#   KVMBENCH_MEMINFO           /proc/meminfo
#   KVMBENCH_ZFS_VERSION_FILE  /sys/module/zfs/version (else `zfs version`)
#   KVMBENCH_ZFS_DATASET       the dataset or zvol under the disk under test (default: none)
#   KVMBENCH_HOST_FACTS        file to write (default: standard output)
set -euo pipefail

cpuinfo="${KVMBENCH_CPUINFO:-/proc/cpuinfo}"
meminfo="${KVMBENCH_MEMINFO:-/proc/meminfo}"
zfs_version_file="${KVMBENCH_ZFS_VERSION_FILE:-/sys/module/zfs/version}"
out="${KVMBENCH_HOST_FACTS:-}"
zfs_dataset="${KVMBENCH_ZFS_DATASET:-}"

json_str() {
  local s
  s="$(printf '%s' "$1" | tr -d '\000-\037')"
  s="${s//\\/\\\\}"; s="${s//\"/\\\"}"
  printf '"%s"' "$s"
}
first_line() { "$@" 2>/dev/null | head -n 1 || true; }

fields=()
add() { if [[ -n "$2" ]]; then fields+=("\"$1\":$(json_str "$2")"); fi; }

add hostname "$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname 2>/dev/null || true)"
add kernel "$(uname -r)"

qemu="${KVMBENCH_QEMU:-}"
if [[ -z "$qemu" ]]; then
  for q in qemu-system-x86_64 qemu-kvm /usr/libexec/qemu-kvm; do
    if command -v "$q" >/dev/null; then qemu="$q"; break; fi
  done
fi
if [[ -n "$qemu" ]]; then add qemu "$(first_line "$qemu" --version)"; fi

libvirt=""
for l in libvirtd virtqemud; do
  if command -v "$l" >/dev/null; then libvirt="$(first_line "$l" --version)"; break; fi
done
if [[ -z "$libvirt" ]] && command -v virsh >/dev/null; then libvirt="virsh $(first_line virsh --version)"; fi
add libvirt "$libvirt"

zfs=""
if [[ -r "$zfs_version_file" ]]; then zfs="$(head -n 1 "$zfs_version_file")"
elif command -v zfs >/dev/null; then zfs="$(first_line zfs version)"; fi
add zfs "$zfs"

if [[ -r "$cpuinfo" ]]; then
  model="$(awk -F': *' '/^model name/ { print $2; exit }' "$cpuinfo")"
  threads="$(grep -c '^processor' "$cpuinfo" || true)"
  if [[ -n "$model" ]]; then add cpu "$model (${threads} threads)"; fi
fi

# The ZFS object under the disk: one `zfs get` per property, so that a property this OpenZFS
# lacks (direct before 2.3) leaves only itself out.
if [[ -n "$zfs_dataset" ]] && command -v zfs >/dev/null; then
  dataset_fields=("\"name\":$(json_str "$zfs_dataset")")
  for property in type direct recordsize volblocksize compression sync; do
    value="$(zfs get -H -p -o value "$property" "$zfs_dataset" 2>/dev/null || true)"
    [[ -n "$value" && "$value" != "-" ]] || continue
    if [[ "$value" =~ ^[0-9]+$ && ( "$property" == recordsize || "$property" == volblocksize ) ]]; then
      dataset_fields+=("\"$property\":$value")
    else
      dataset_fields+=("\"$property\":$(json_str "$value")")
    fi
  done
  if ((${#dataset_fields[@]} > 1)); then fields+=("\"zfsDataset\":{$(IFS=,; printf '%s' "${dataset_fields[*]}")}"); fi
fi

json="{$(IFS=,; printf '%s' "${fields[*]}")"
if [[ -r "$meminfo" ]]; then
  kib="$(awk '/^MemTotal:/ { print $2; exit }' "$meminfo")"
  if [[ "$kib" =~ ^[0-9]+$ ]]; then json+="${fields[*]:+,}\"memoryBytes\":$((kib * 1024))"; fi
fi
json+="}"
if [[ -n "$out" ]]; then printf '%s\n' "$json" >"$out"; else printf '%s\n' "$json"; fi
