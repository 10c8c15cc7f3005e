#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# A whole host disk handed to a guest as a raw block device.
# Environment: DEVICE, WIPE (0|1).
# The lock is the marker: while this stack holds it, everything on the disk is the guest's,
# so teardown blanks the disk; without the lock, teardown leaves it alone.

create() {
  if kb_holds_lock "$DEVICE"; then
    kb_log "$DEVICE is already this stack's raw disk"
    return 0
  fi
  kb_lock "$DEVICE"
  kb_guard "$DEVICE" "$WIPE"
}

destroy() {
  kb_release_blank "$DEVICE" "the guest"
}

"$KB_ACTION"
