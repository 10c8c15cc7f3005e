#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# A ZFS pool on whole host disks, marked with the user property kvmbench:owner=<stack>.
# Environment: POOL, DEVICES (one per line), CREATE_COMMAND (one argument per line), WIPE (0|1).

pool_owner() { zfs get -H -o value kvmbench:owner "$POOL" 2>/dev/null || true; }

create() {
  local owner
  kb_lock_all "$DEVICES"
  if zpool list -H -o name "$POOL" >/dev/null 2>&1; then
    owner=$(pool_owner)
    [[ $owner == "$KVMBENCH_STACK" ]] || kb_die "a ZFS pool named $POOL already exists and this stack did not create it (kvmbench:owner=$owner); choose another pool name"
    kb_log "pool $POOL already exists"
    return 0
  fi
  kb_guard_all "$DEVICES" "$WIPE"
  kb_run_lines "$CREATE_COMMAND"
}

destroy() {
  local dev owner
  if zpool list -H -o name "$POOL" >/dev/null 2>&1; then
    owner=$(pool_owner)
    if [[ $owner != "$KVMBENCH_STACK" ]]; then
      kb_log "leaving pool $POOL: it is not this stack's (kvmbench:owner=$owner)"
      kb_unlock_all "$DEVICES"
      return 0
    fi
    kb_log "destroying pool $POOL"
    zpool destroy "$POOL"
    while read -r dev; do
      kb_pin "$dev"
      zpool labelclear -f "$(kb_node "$dev")" 2>/dev/null || true
      kb_blank "$dev"
    done < <(kb_lines "$DEVICES")
  else
    kb_log "pool $POOL does not exist; nothing to destroy"
  fi
  kb_unlock_all "$DEVICES"
}

"$KB_ACTION"
