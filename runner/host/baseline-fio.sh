#!/usr/bin/env bash
# kvmbench baseline: the benchmark profile run by fio on the host against the bare device.
# WRITE TESTS DESTROY THE DATA ON THE DEVICE. The device is refused when it is mounted, used
# as swap, held by LVM/md/dm, or carries any signature (partition table, filesystem, LVM,
# ZFS label...) unless KVMBENCH_WIPE=1 (the study's `wipe: true` for that device).
#
# The run itself is runner/guest/run-benchmark.sh (same job file, same frames): this script
# checks the device, points a private by-id directory at it and calls that script with
# KVMBENCH_NO_POWEROFF=1, so the host's page cache is dropped before each repeat and
# the framed results land in KVMBENCH_OUTPUT for the same reader as a scenario's.
#
# Parameters (environment variables):
#   KVMBENCH_DEVICE             required  host block device, preferably /dev/disk/by-id/...
#   KVMBENCH_JOB_FILE           required  fio job file (filename=${KVMBENCH_TARGET})
#   KVMBENCH_OUTPUT             required  file the framed results are appended to
#   KVMBENCH_REPEATS            1
#   KVMBENCH_WIPE               0         1: the device may carry data; it will be overwritten
#   KVMBENCH_ALLOW_REGULAR_FILE 0         1: accept a regular file as the device (tests only)
#   KVMBENCH_DROP_CACHES_PATH   /proc/sys/vm/drop_caches
#   KVMBENCH_WIPEFS             wipefs    command used to list signatures (wipefs -n output)
#   KVMBENCH_GUEST_SCRIPT       <this dir>/../guest/run-benchmark.sh
# Exit status: 0 results written; 1 refused or failed (message on stderr; after the runner
# started, also on KVMBENCH_OUTPUT); 2 bad parameters.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
device="${KVMBENCH_DEVICE:-}"
job_file="${KVMBENCH_JOB_FILE:-}"
output="${KVMBENCH_OUTPUT:-}"
wipe="${KVMBENCH_WIPE:-0}"
allow_file="${KVMBENCH_ALLOW_REGULAR_FILE:-0}"
wipefs_cmd="${KVMBENCH_WIPEFS:-wipefs}"
runner="${KVMBENCH_GUEST_SCRIPT:-$here/../guest/run-benchmark.sh}"

usage() { printf 'kvmbench baseline: %s\n' "$*" >&2; exit 2; }
refuse() { printf 'kvmbench baseline: refusing %s: %s\n' "$device" "$*" >&2; exit 1; }

[[ -n "$device" ]] || usage "KVMBENCH_DEVICE is not set: give the bare host device (e.g. /dev/disk/by-id/ata-...)"
[[ -n "$job_file" ]] || usage "KVMBENCH_JOB_FILE is not set"
[[ -n "$output" ]] || usage "KVMBENCH_OUTPUT is not set: give the file for the framed results"
[[ -r "$runner" ]] || usage "runner script $runner not found (set KVMBENCH_GUEST_SCRIPT)"
[[ -e "$device" ]] || refuse "it does not exist"

real="$(readlink -f "$device")"
if [[ -b "$real" ]]; then
  name="$(basename "$real")"
  mapfile -t paths < <(lsblk -nro PATH "$real" 2>/dev/null || echo "$real")
  for p in "${paths[@]}"; do
    if awk -v d="$p" '$1 == d { f = 1 } END { exit !f }' /proc/mounts; then refuse "$p is mounted"; fi
    if awk -v d="$p" 'NR > 1 && $1 == d { f = 1 } END { exit !f }' /proc/swaps; then refuse "$p is swap"; fi
  done
  if [[ -d "/sys/class/block/$name/holders" && -n "$(ls -A "/sys/class/block/$name/holders")" ]]; then
    refuse "it is held by $(ls "/sys/class/block/$name/holders" | tr '\n' ' ')(LVM, md or dm)"
  fi
elif [[ ! -f "$real" || "$allow_file" != 1 ]]; then
  refuse "$real is not a block device"
fi

if ! signatures="$($wipefs_cmd --no-act --noheadings --output TYPE,OFFSET "$real" 2>&1)"; then
  refuse "cannot check it for signatures ($wipefs_cmd: $signatures)"
fi
if [[ -n "${signatures//[[:space:]]/}" ]]; then
  if [[ "$wipe" != 1 ]]; then
    refuse "it carries data ($(echo "$signatures" | tr '\n' ';' | tr -s ' ')) and the write tests would destroy it; set wipe: true for this device in the study (KVMBENCH_WIPE=1) to allow it"
  fi
  printf 'kvmbench baseline: %s carries signatures (%s); overwriting as allowed by KVMBENCH_WIPE=1\n' \
    "$device" "$(echo "$signatures" | tr '\n' ';')" >&2
fi

by_id="$(mktemp -d "${TMPDIR:-/tmp}/kvmbench-baseline.XXXXXX")"
trap 'rm -rf "$by_id"' EXIT
ln -s "$real" "$by_id/host-baseline"
KVMBENCH_DISK_SERIAL=baseline \
  KVMBENCH_BY_ID_DIR="$by_id" \
  KVMBENCH_USE_LSBLK=0 \
  KVMBENCH_PORT="$output" \
  KVMBENCH_NO_POWEROFF=1 \
  KVMBENCH_ALLOW_REGULAR_FILE="$allow_file" \
  bash "$runner"
