#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# A ZFS dataset or zvol, marked with the user property kvmbench:owner=<stack>.
# Environment: DATASET (pool/name), CREATE_COMMAND (one argument per line),
# DEVICE (for a zvol: the device node to wait for; empty for a filesystem dataset).

owner() { zfs get -H -o value kvmbench:owner "$DATASET" 2>/dev/null || true; }

create() {
  local current
  if zfs list -H -o name "$DATASET" >/dev/null 2>&1; then
    current=$(owner)
    [[ $current == "$KVMBENCH_STACK" ]] || kb_die "$DATASET already exists and this stack did not create it (kvmbench:owner=$current); choose another name"
    kb_log "$DATASET already exists"
  else
    kb_run_lines "$CREATE_COMMAND"
  fi
  if [[ -n ${DEVICE:-} ]]; then kb_wait_device "$DEVICE"; fi
}

destroy() {
  local current
  if ! zfs list -H -o name "$DATASET" >/dev/null 2>&1; then
    kb_log "$DATASET does not exist; nothing to destroy"
    return 0
  fi
  current=$(owner)
  if [[ $current != "$KVMBENCH_STACK" ]]; then
    kb_log "leaving $DATASET: it is not this stack's (kvmbench:owner=$current)"
    return 0
  fi
  kb_log "destroying $DATASET"
  zfs destroy "$DATASET"
}

"$KB_ACTION"
