#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# The baseline: the study's profile run by fio on the host against the bare device.
# Write tests destroy the device's contents, so the device is locked like any storage, the
# guard refuses a device with a signature unless WIPE=1, and teardown leaves it blank.
# Environment: DEVICE, WIPE (0|1), SERIAL_LOG (the frames' file on the host), REPEATS,
# JOB_FILE_BASE64 (the fio job file).

create() {
  local serial_log="$SERIAL_LOG"
  if kb_holds_lock "$DEVICE" && [[ -s $serial_log ]]; then
    kb_log "the baseline already ran on $DEVICE; results in $serial_log"
    return 0
  fi
  kb_lock "$DEVICE"
  kb_guard "$DEVICE" "$WIPE"
  # a subshell, so that its work folder goes whether fio succeeds or not
  (
    work="$(mktemp -d "${TMPDIR:-/tmp}/kvmbench-baseline.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
    printf '%s' "$JOB_FILE_BASE64" | base64 -d > "$work/benchmark.fio"
    write_guest_script "$work/run-benchmark.sh"
    kb_log "running the baseline on $DEVICE (${REPEATS} repeats); this takes a while"
    KVMBENCH_DEVICE="$(kb_node "$DEVICE")" KVMBENCH_JOB_FILE="$work/benchmark.fio" KVMBENCH_OUTPUT="$serial_log" \
      KVMBENCH_REPEATS="$REPEATS" KVMBENCH_WIPE=1 KVMBENCH_GUEST_SCRIPT="$work/run-benchmark.sh" baseline_fio
  )
}

destroy() {
  kb_release_blank "$DEVICE" "the baseline"
}

write_guest_script() {
  cat > "$1" <<'KVMBENCH_GUEST_SCRIPT_END'
# @include ../../../runner/guest/run-benchmark.sh
KVMBENCH_GUEST_SCRIPT_END
  chmod +x "$1"
}

baseline_fio() (
# @include ../../../runner/host/baseline-fio.sh
)

"$KB_ACTION"
