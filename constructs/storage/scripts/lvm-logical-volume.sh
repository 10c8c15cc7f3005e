#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# An LVM logical volume, tagged kvmbench:owner=<stack>.
# Environment: VG, LV, TAG, DEVICE (/dev/<vg>/<lv>), CREATE_COMMAND (one argument per line).

lv_exists() { lvm lvs --noheadings -o lv_name "$VG/$LV" >/dev/null 2>&1; }
lv_tagged() { lvm lvs --noheadings -o lv_tags "$VG/$LV" 2>/dev/null | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep -qxF -- "$TAG"; }

create() {
  if lv_exists; then
    lv_tagged || kb_die "logical volume $VG/$LV already exists without this stack's tag $TAG; choose another name"
    kb_log "logical volume $VG/$LV already exists"
  else
    kb_run_lines "$CREATE_COMMAND"
  fi
  kb_wait_device "$DEVICE"
}

destroy() {
  if ! lv_exists; then
    kb_log "logical volume $VG/$LV does not exist; nothing to destroy"
    return 0
  fi
  if ! lv_tagged; then
    kb_log "leaving $VG/$LV: it does not carry this stack's tag $TAG"
    return 0
  fi
  kb_log "removing logical volume $VG/$LV"
  lvm lvremove -y "$VG/$LV"
}

"$KB_ACTION"
