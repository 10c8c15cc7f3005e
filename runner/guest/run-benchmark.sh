#!/usr/bin/env bash
# kvmbench benchmark runner (runs inside a Linux guest; the host baseline reuses it).
#
# Finds the disk under test BY SERIAL, drops the page cache, runs fio once per repeat and
# writes framed, checksummed results (see docs/runner.md, "Frame format") to a serial port,
# then powers the machine off. Every failure after the port is open is reported on the port
# (an `error` frame and `KVMBENCH-DONE <session> <n> failed`) so the host stops waiting.
#
# Parameters (environment variables):
#   KVMBENCH_DISK_SERIAL        required  serial of the disk under test ([A-Za-z0-9._-]; virtio-blk keeps 20 chars)
#   KVMBENCH_JOB_FILE           required  fio job file; must read its target from filename=${KVMBENCH_TARGET}
#   KVMBENCH_PORT               required  where frames go: the serial port (/dev/ttyS1) or, in tests, a file
#   KVMBENCH_REPEATS            1         how many times fio runs the job file
#   KVMBENCH_BY_ID_DIR          /dev/disk/by-id  directory of <bus>-<serial> links (tests point it elsewhere)
#   KVMBENCH_USE_LSBLK          1 with the default by-id dir, else 0: also look up the serial with lsblk
#   KVMBENCH_NO_POWEROFF        0         1: do not power off at the end
#   KVMBENCH_POWEROFF_CMD       "systemctl poweroff"
#   KVMBENCH_DROP_CACHES_PATH   /proc/sys/vm/drop_caches ("3" is written there before each repeat)
#   KVMBENCH_ALLOW_REGULAR_FILE 0         1: accept a regular file as the disk (tests only)
#   KVMBENCH_FIO                fio       fio executable
#   KVMBENCH_SESSION            generated session id written in every record
# Exit status: 0 results written; 1 benchmark failed (reported on the port); 2 bad parameters
# before the port could be opened.
set -euo pipefail

log() { printf 'kvmbench: %s\n' "$*" >&2; }

serial="${KVMBENCH_DISK_SERIAL:-}"
job_file="${KVMBENCH_JOB_FILE:-}"
port="${KVMBENCH_PORT:-}"
repeats="${KVMBENCH_REPEATS:-1}"
by_id_dir="${KVMBENCH_BY_ID_DIR:-/dev/disk/by-id}"
if [[ "$by_id_dir" == /dev/disk/by-id ]]; then use_lsblk="${KVMBENCH_USE_LSBLK:-1}"; else use_lsblk="${KVMBENCH_USE_LSBLK:-0}"; fi
no_poweroff="${KVMBENCH_NO_POWEROFF:-0}"
poweroff_cmd="${KVMBENCH_POWEROFF_CMD:-systemctl poweroff}"
drop_caches="${KVMBENCH_DROP_CACHES_PATH:-/proc/sys/vm/drop_caches}"
allow_file="${KVMBENCH_ALLOW_REGULAR_FILE:-0}"
fio_bin="${KVMBENCH_FIO:-fio}"
session="${KVMBENCH_SESSION:-$(date -u +%Y%m%dT%H%M%SZ)-$$}"

if [[ -z "$port" ]]; then
  log "KVMBENCH_PORT is not set: give the serial port for results (e.g. /dev/ttyS1)"
  exit 2
fi
if [[ ! "$session" =~ ^[A-Za-z0-9._:-]+$ ]]; then
  log "KVMBENCH_SESSION '$session' may only contain letters, digits, '.', '_', ':' and '-'"
  exit 2
fi
if ! exec 3>>"$port"; then
  log "cannot open results port $port for writing"
  exit 2
fi
if [[ -c "$port" ]] && command -v stty >/dev/null; then
  stty -F "$port" 115200 raw -echo 2>/dev/null || log "warning: could not set $port to raw mode"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/kvmbench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
seq_no=0
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
device=""
device_bytes=""
page_cache_dropped=false
runs_json=""

json_str() {
  local s
  s="$(printf '%s' "$1" | tr -d '\000-\010\013\014\016-\037')"
  s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\n'/\\n}"; s="${s//$'\r'/\\r}"; s="${s//$'\t'/\\t}"
  printf '"%s"' "$s"
}

# emit_frame NAME FILE: one frame (BEGIN, base64 lines, END) on the port.
emit_frame() {
  local name="$1" file="$2" bytes sha
  seq_no=$((seq_no + 1))
  bytes="$(wc -c <"$file" | tr -d ' ')"
  sha="$(sha256sum "$file" | cut -d' ' -f1)"
  {
    printf 'KVMBENCH-BEGIN %s %s %s %s %s\n' "$session" "$seq_no" "$name" "$bytes" "$sha"
    if [[ "$bytes" -gt 0 ]]; then base64 -w 76 "$file"; fi
    printf 'KVMBENCH-END %s %s\n' "$session" "$seq_no"
  } >&3
}

emit_info() {
  local fio_version kernel os
  fio_version="$("$fio_bin" --version 2>/dev/null || echo unknown)"
  kernel="$(uname -r)"
  os="$( (. /etc/os-release 2>/dev/null && printf '%s' "${PRETTY_NAME:-}") || true)"
  {
    printf '{"format":"kvmbench-guest-info","version":1,"tool":"fio","toolVersion":%s,' "$(json_str "$fio_version")"
    printf '"kernel":%s,"os":%s,"serial":%s,"device":%s,' "$(json_str "$kernel")" "$(json_str "$os")" \
      "$(json_str "$serial")" "$(json_str "$device")"
    printf '"deviceBytes":%s,"pageCacheDropped":%s,"repeats":%s,' "${device_bytes:-null}" "$page_cache_dropped" \
      "$(if [[ "$repeats" =~ ^[1-9][0-9]*$ ]]; then echo "$repeats"; else echo null; fi)"
    printf '"startedAt":%s,"finishedAt":%s,"runs":[%s]}\n' "$(json_str "$started_at")" \
      "$(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)")" "$runs_json"
  } >"$work/info.json"
  emit_frame info "$work/info.json"
}

power_off() {
  sync
  exec 3>&-
  if [[ "$no_poweroff" == 1 ]]; then
    log "not powering off (KVMBENCH_NO_POWEROFF=1)"
  else
    log "powering off: $poweroff_cmd"
    $poweroff_cmd || log "power off failed: $poweroff_cmd"
  fi
}

failing=0
# fail MESSAGE: report on the port, power off, exit 1.
fail() {
  trap - ERR
  if [[ "$failing" == 1 ]]; then exit 1; fi
  failing=1
  log "FAILED: $1"
  printf '%s\n' "$1" >"$work/error.txt"
  emit_frame error "$work/error.txt" || true
  emit_info || true
  printf 'KVMBENCH-DONE %s %s failed\n' "$session" "$seq_no" >&3 || true
  power_off
  exit 1
}
trap 'fail "unexpected error at line $LINENO of run-benchmark.sh (exit status $?)"' ERR

printf 'KVMBENCH-START %s v1\n' "$session" >&3
log "session $session: results go to $port"

[[ -n "$serial" ]] || fail "KVMBENCH_DISK_SERIAL is not set: give the serial of the disk under test"
[[ "$serial" =~ ^[A-Za-z0-9._-]+$ ]] || fail "disk serial '$serial' may only contain letters, digits, '.', '_' and '-'"
[[ -n "$job_file" ]] || fail "KVMBENCH_JOB_FILE is not set: give the fio job file"
[[ -r "$job_file" ]] || fail "fio job file $job_file does not exist or is not readable"
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || fail "KVMBENCH_REPEATS must be a positive integer, got '$repeats'"
command -v "$fio_bin" >/dev/null || fail "fio ($fio_bin) is not installed in the guest"

# The job file may name no target but the one this script found.
target_lines="$(grep -Ec '^[[:space:]]*(filename|directory|filename_format|opendir)[[:space:]]*=' "$job_file" || true)"
if [[ "$target_lines" != 1 ]] || ! grep -Eq '^[[:space:]]*filename=\$\{KVMBENCH_TARGET\}[[:space:]]*$' "$job_file"; then
  fail "job file $job_file must set its target only as filename=\${KVMBENCH_TARGET} (found $target_lines target options)"
fi

# --- find the disk under test by its serial --------------------------------------------------
declare -A found=()
if [[ -d "$by_id_dir" ]]; then
  for link in "$by_id_dir"/*; do
    [[ -e "$link" ]] || continue
    name="${link##*/}"
    if [[ "$name" =~ -part[0-9]+$ ]]; then continue; fi
    if [[ "$name" == "$serial" || "$name" == *"-$serial" || "$name" == *"_$serial" ]]; then
      found["$(readlink -f "$link")"]="$link"
    fi
  done
fi
if [[ "${#found[@]}" == 0 && "$use_lsblk" == 1 ]] && command -v lsblk >/dev/null; then
  while read -r kname kserial; do
    if [[ "$kserial" == "$serial" ]]; then found["/dev/$kname"]="lsblk"; fi
  done < <(lsblk -dnr -o KNAME,SERIAL 2>/dev/null || true)
fi
if [[ "${#found[@]}" == 0 ]]; then
  fail "no disk with serial '$serial' found (looked in $by_id_dir$([[ "$use_lsblk" == 1 ]] && echo " and lsblk")); refusing to run"
fi
if [[ "${#found[@]}" -gt 1 ]]; then
  fail "serial '$serial' matches several devices (${!found[*]}); refusing to run"
fi
device="${!found[*]}"
log "disk under test: $device (serial $serial, via ${found[$device]})"

# --- refuse anything that is not a free disk ------------------------------------------------
if [[ -b "$device" ]]; then
  dev_name="$(basename "$device")"
  # the disk and its partitions, by path: none may be mounted or used as swap
  mapfile -t paths < <(lsblk -nro PATH "$device" 2>/dev/null || echo "$device")
  for p in "${paths[@]}"; do
    if awk -v d="$p" '$1 == d { f = 1 } END { exit !f }' /proc/mounts; then
      fail "$p (disk under test, serial $serial) is mounted; refusing to run"
    fi
    if awk -v d="$p" 'NR > 1 && $1 == d { f = 1 } END { exit !f }' /proc/swaps; then
      fail "$p (disk under test, serial $serial) is used as swap; refusing to run"
    fi
  done
  if command -v lsblk >/dev/null && [[ -n "$(lsblk -nro MOUNTPOINT "$device" 2>/dev/null | tr -d '[:space:]')" ]]; then
    fail "$device (serial $serial) has mounted partitions; refusing to run"
  fi
  if [[ -d "/sys/class/block/$dev_name/holders" && -n "$(ls -A "/sys/class/block/$dev_name/holders")" ]]; then
    fail "$device (serial $serial) is held by $(ls "/sys/class/block/$dev_name/holders" | tr '\n' ' ')(LVM, md or dm); refusing to run"
  fi
  device_bytes="$(blockdev --getsize64 "$device" 2>/dev/null || echo "$(($(cat "/sys/class/block/$dev_name/size") * 512))")"
elif [[ -f "$device" && "$allow_file" == 1 ]]; then
  device_bytes="$(stat -c %s "$device")"
else
  fail "$device (serial $serial) is not a block device; refusing to run"
fi

# --- run ---------------------------------------------------------------------------------------
for ((r = 1; r <= repeats; r++)); do
  sync
  if ! echo 3 >"$drop_caches" 2>"$work/drop.err"; then
    fail "could not drop the page cache via $drop_caches: $(cat "$work/drop.err")"
  fi
  page_cache_dropped=true
  log "repeat $r/$repeats: fio $job_file on $device"
  run_start="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  status=0
  KVMBENCH_TARGET="$device" "$fio_bin" --output-format=json --output="$work/run-$r.json" "$job_file" \
    2>"$work/run-$r.err" || status=$?
  run_end="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  runs_json+="${runs_json:+,}{\"repeat\":$r,\"startedAt\":\"$run_start\",\"finishedAt\":\"$run_end\",\"exitCode\":$status}"
  if [[ "$status" != 0 ]]; then
    fail "fio failed in repeat $r with exit status $status: $(tail -c 2000 "$work/run-$r.err")"
  fi
  emit_frame "run-$r" "$work/run-$r.json"
done

emit_info
printf 'KVMBENCH-DONE %s %s ok\n' "$session" "$seq_no" >&3
log "done: $seq_no frames written to $port"
trap - ERR
power_off
