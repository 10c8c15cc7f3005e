#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# An LVM volume group on whole host disks, tagged kvmbench:owner=<stack>.
# Environment: VG, TAG, DEVICES (one per line), CREATE_COMMAND (one argument per line), WIPE (0|1).

vg_exists() { lvm vgs --noheadings -o vg_name "$VG" >/dev/null 2>&1; }
vg_tagged() { lvm vgs --noheadings -o vg_tags "$VG" 2>/dev/null | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep -qxF -- "$TAG"; }

create() {
  kb_lock_all "$DEVICES"
  if vg_exists; then
    vg_tagged || kb_die "a volume group named $VG already exists without this stack's tag $TAG; choose another name"
    kb_log "volume group $VG already exists"
    return 0
  fi
  kb_guard_all "$DEVICES" "$WIPE"
  kb_run_lines "$CREATE_COMMAND"
}

destroy() {
  local dev lvs
  if vg_exists; then
    if ! vg_tagged; then
      kb_log "leaving volume group $VG: it does not carry this stack's tag $TAG"
      kb_unlock_all "$DEVICES"
      return 0
    fi
    lvs=$(lvm lvs --noheadings -o lv_name "$VG" 2>/dev/null | sed 's/ //g; /^$/d' | tr '\n' ' ')
    [[ -z $lvs ]] || kb_die "volume group $VG still holds logical volumes kvmbench did not remove ($lvs); remove them, then destroy again"
    kb_log "removing volume group $VG"
    lvm vgremove "$VG"
    while read -r dev; do
      kb_pin "$dev"
      lvm pvremove -y "$(kb_node "$dev")" || true
      kb_blank "$dev"
    done < <(kb_lines "$DEVICES")
  else
    kb_log "volume group $VG does not exist; nothing to destroy"
  fi
  kb_unlock_all "$DEVICES"
}

"$KB_ACTION"
