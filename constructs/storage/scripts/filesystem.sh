#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# An ext4 or xfs filesystem on a block device, mounted on the host.
# Environment: DEVICE, FS_TYPE, FS_UUID (kvmbench's marker: the filesystem's UUID),
# MKFS_COMMAND and MOUNT_COMMAND (one argument per line), MOUNTPOINT, WIPE (0|1),
# LOCK_DEVICES (host disks this filesystem sits on directly, one per line; may be empty).

fs_uuid() { blkid -p -o value -s UUID -- "$1" 2>/dev/null || true; }
mounted_uuid() { findmnt -n -o UUID --mountpoint "$MOUNTPOINT" 2>/dev/null || true; }

create() {
  kb_lock_all "$LOCK_DEVICES"
  kb_wait_device "$DEVICE"
  kb_pin "$DEVICE"
  if [[ $(fs_uuid "$(kb_node "$DEVICE")") == "$FS_UUID" ]]; then
    kb_log "$FS_TYPE filesystem $FS_UUID is already on $DEVICE"
  else
    kb_guard "$DEVICE" "$WIPE"
    kb_run_lines "$MKFS_COMMAND"
  fi
  mkdir -p -- "$MOUNTPOINT"
  if findmnt -n --mountpoint "$MOUNTPOINT" >/dev/null 2>&1; then
    [[ $(mounted_uuid) == "$FS_UUID" ]] || kb_die "$MOUNTPOINT is already a mount point of another filesystem ($(findmnt -n -o SOURCE --mountpoint "$MOUNTPOINT")); unmount it or choose another mountpoint"
    kb_log "$DEVICE is already mounted on $MOUNTPOINT"
  else
    kb_run_lines "$MOUNT_COMMAND"
  fi
  [[ -f $MOUNTPOINT/.kvmbench-owner ]] || printf 'stack=%s\nuuid=%s\n' "$KVMBENCH_STACK" "$FS_UUID" >"$MOUNTPOINT/.kvmbench-owner"
}

destroy() {
  if findmnt -n --mountpoint "$MOUNTPOINT" >/dev/null 2>&1 && [[ $(mounted_uuid) == "$FS_UUID" ]]; then
    kb_log "unmounting $MOUNTPOINT"
    umount -- "$MOUNTPOINT"
  fi
  if [[ -e $DEVICE && $(fs_uuid "$(kb_node "$DEVICE")") == "$FS_UUID" ]]; then
    kb_log "erasing kvmbench's $FS_TYPE filesystem on $DEVICE"
    kb_blank "$DEVICE"
  else
    kb_log "no filesystem of this stack on $DEVICE; leaving the device as it is"
  fi
  rmdir -- "$MOUNTPOINT" 2>/dev/null || true
  kb_unlock_all "$LOCK_DEVICES"
}

"$KB_ACTION"
