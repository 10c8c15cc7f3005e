#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# A disk check ("start, check the disk, stop"): once the scenario's domain runs, records what
# libvirt and QEMU say about its disks, then stops the domain, so no benchmark runs. It only
# records: the collector judges the records where Terraform runs (runner/disk-check/).
# Environment: DOMAIN, LIBVIRT_URI (the host's own libvirt, as seen on the host),
# START_TIMEOUT (seconds the domain has to be running), CONSOLE_LOG (may be empty),
# FAILED_FILE (the reason, when the check cannot record), and the records' files DOMAIN_XML,
# BLOCK_LIST, QUERY_BLOCK, WRITE_CACHE, QEMU_PROCESS (domain/locations.ts).
# From the host's own environment: KVMBENCH_QEMU_PID_DIR (where libvirt keeps its QEMU pid
# files, default /run/libvirt/qemu: the system instance's), KVMBENCH_POLL_INTERVAL (1).

create() {
  rm -f -- "$FAILED_FILE" "$DOMAIN_XML" "$BLOCK_LIST" "$QUERY_BLOCK" "$WRITE_CACHE" "$QEMU_PROCESS"
  mkdir -p -- "$(dirname -- "$DOMAIN_XML")"
  local state problem status=0
  state=$(wait_until_running)
  # The guest's vCPUs stop; QEMU keeps every disk open as it opened it.
  virsh -c "$LIBVIRT_URI" suspend "$DOMAIN" >/dev/null 2>&1 || true
  problem=$(record_all "$state") || status=$?
  virsh -c "$LIBVIRT_URI" destroy "$DOMAIN" >/dev/null ||
    fail "could not stop domain $DOMAIN (virsh destroy): stop it before the next scenario uses its storage"
  ((status == 0)) || fail "could not record the disks of domain $DOMAIN: $problem"
  kb_log "disk check: recorded the disks of $DOMAIN in $(dirname -- "$DOMAIN_XML") and stopped it (check mode runs no benchmark)"
}

destroy() {
  kb_log "the disk check's records stay: $DOMAIN_XML"
}

# Prints the domain's state once it is running (or paused: QEMU has its disks open either way).
# virsh's answers are read from its standard output only: it may warn on standard error first
# (without polkit, "Authorization not available ...").
wait_until_running() {
  local deadline=$((SECONDS + START_TIMEOUT)) state
  while :; do
    state=$(virsh -c "$LIBVIRT_URI" domstate "$DOMAIN" 2>/dev/null | head -n 1) || true
    case $state in
      running | paused) printf '%s' "$state"; return 0 ;;
      "shut off" | crashed) fail "domain $DOMAIN is $state, so QEMU has no disk open to check: the guest stopped before the check" ;;
    esac
    if ((SECONDS >= deadline)); then
      state=$(virsh -c "$LIBVIRT_URI" domstate "$DOMAIN" 2>&1 | tr '\n' ' ' | sed 's/ *$//') || true
      fail "domain $DOMAIN is not running after ${START_TIMEOUT}s (virsh domstate: ${state:-no answer})"
    fi
    sleep "${KVMBENCH_POLL_INTERVAL:-1}"
  done
}

# Writes every record; on a failure prints what failed and returns 1.
record_all() {
  virsh -c "$LIBVIRT_URI" dumpxml "$DOMAIN" >"$DOMAIN_XML" || { echo "virsh dumpxml failed"; return 1; }
  virsh -c "$LIBVIRT_URI" domblklist --details "$DOMAIN" >"$BLOCK_LIST" || { echo "virsh domblklist failed"; return 1; }
  virsh -c "$LIBVIRT_URI" qemu-monitor-command "$DOMAIN" '{"execute":"query-block"}' >"$QUERY_BLOCK" ||
    { echo "QMP query-block failed"; return 1; }
  record_write_cache >"$WRITE_CACHE" || { echo "reading the devices' write-cache failed"; return 1; }
  record_qemu_process "$1" >"$QEMU_PROCESS" || { echo "reading the QEMU process failed"; return 1; }
}

# "<alias> <QMP reply>" for each disk: the write-cache property of the disk's device, which
# the cache mode sets (query-block's own writeback flag is what the guest has switched it to).
record_write_cache() {
  local alias reply
  for alias in $(sed -n "/<disk /,/<\/disk>/s/.*<alias name='\([A-Za-z0-9_.-]*\)'.*/\1/p" "$DOMAIN_XML"); do
    reply=$(virsh -c "$LIBVIRT_URI" qemu-monitor-command "$DOMAIN" \
      "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/$alias\",\"property\":\"write-cache\"}}" 2>/dev/null | tr -d '\n') || true
    printf '%s %s\n' "$alias" "${reply:-(no reply)}"
  done
}

# When and in which state the check looked, the host's architecture (it decides the flags'
# bits), each disk's source as the host resolves it, and the QEMU process's open files:
# "fd <number> <flags in octal, from fdinfo> <target>".
record_qemu_process() {
  local pid_file="${KVMBENCH_QEMU_PID_DIR:-/run/libvirt/qemu}/$DOMAIN.pid" pid fd source
  printf 'checked-at %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf 'state %s\n' "$1"
  printf 'arch %s\n' "$(uname -m)"
  for source in $(awk 'NR > 2 && NF >= 4 && $4 != "-" { print $4 }' "$BLOCK_LIST"); do
    printf 'source %s %s\n' "$source" "$(readlink -f -- "$source" || echo '?')"
  done
  pid=$(cat -- "$pid_file" 2>/dev/null) || pid=""
  if [[ ! $pid =~ ^[0-9]+$ ]]; then
    printf 'pid none (no pid in %s)\n' "$pid_file"
    return 0
  fi
  printf 'pid %s\n' "$pid"
  for fd in /proc/"$pid"/fd/*; do
    printf 'fd %s %s %s\n' "${fd##*/}" "$(awk '/^flags:/ { print $2 }' "/proc/$pid/fdinfo/${fd##*/}" 2>/dev/null || echo '?')" "$(readlink -- "$fd" || echo '?')"
  done
}

# Records the reason, prints it with the end of the guest's console log, and fails the step.
fail() {
  printf '%s\n' "$1" >"$FAILED_FILE" 2>/dev/null || true
  kb_log "disk check failed: $1"
  if [[ -n $CONSOLE_LOG && -s $CONSOLE_LOG ]]; then
    kb_log "the guest's console log $CONSOLE_LOG ends with:"
    tail -n 20 -- "$CONSOLE_LOG" | tr -cd '[:print:]\t\n' | sed 's/^/  | /' >&2
  else
    kb_log "the guest's console log ${CONSOLE_LOG:-(none kept)} is empty or missing"
  fi
  kb_log "the reason is in $FAILED_FILE"
  exit 1
}

"$KB_ACTION"
