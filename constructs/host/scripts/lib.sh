# kvmbench host-step library, included into every host script at synth time.
# Environment: KVMBENCH_STACK (the stack running the step), KVMBENCH_WORKDIR (the study's
# kvmbench directory on the host: markers/ lives there), KB_ACTION (create | destroy).
# From the host's own environment, never from a step: KVMBENCH_LOCK_DIR (where the device
# locks of every study on this host live, default /var/lib/kvmbench/locks) and
# KVMBENCH_ALLOW_REGULAR_FILE=1 (tests only: a regular file may stand in for a disk).
: "${KVMBENCH_STACK:?KVMBENCH_STACK is not set}" "${KVMBENCH_WORKDIR:?KVMBENCH_WORKDIR is not set}" "${KB_ACTION:?KB_ACTION is not set}"
KB_LOCK_DIR=${KVMBENCH_LOCK_DIR:-/var/lib/kvmbench/locks}

kb_log() { printf 'kvmbench[%s]: %s\n' "$KVMBENCH_STACK" "$*" >&2; }
kb_die() { printf 'kvmbench[%s]: ERROR: %s\n' "$KVMBENCH_STACK" "$*" >&2; exit 1; }

# Runs a command given as one argument per line (the construct computed it at synth time); an
# argument that is a device this step pinned (kb_pin) becomes the node it was pinned to.
kb_run_lines() {
  local -a argv
  local i
  mapfile -t argv <<<"$1"
  for i in "${!argv[@]}"; do
    if [[ -n ${argv[i]} ]]; then
      if [[ -n ${KB_NODE_OF[${argv[i]}]:-} ]]; then argv[i]=${KB_NODE_OF[${argv[i]}]}; fi
    fi
  done
  kb_log "running: ${argv[*]}"
  "${argv[@]}"
}

# Lines of a newline-separated list, skipping empty ones.
kb_lines() { printf '%s\n' "$1" | sed '/^$/d'; }

# --- folders root writes in, and devices: nothing another user could make, swap or point elsewhere ---
# kb_private_directory DIR WHAT: every folder from / down to DIR (as named, and as its links
# resolve) that exists must be root's (or this user's) and writable by nobody else; otherwise
# another local user could make a folder there first, or swap one for a link, and redirect
# root's writes. Refuses anything else, naming WHAT (e.g. "workdir /srv/kvmbench").
kb_private_directory() {
  local dir=$1 what=$2 path folder owner mode
  for path in "$dir" "$(realpath -m -- "$dir")"; do
    folder=$path
    while :; do
      if [[ -e $folder ]]; then
        read -r owner mode < <(stat -L -c '%u %a' -- "$folder")
        if [[ $owner != 0 && $owner != "$EUID" ]] || ((8#$mode & 8#022)); then
          kb_die "refusing $what: $folder belongs to uid $owner with mode $mode; every folder on the way must be root's and writable by nobody else"
        fi
      fi
      [[ $folder == / || $folder == . ]] && break
      folder=$(dirname -- "$folder")
    done
  done
}

# kb_real_device DEVICE: prints the device node DEVICE names (by-id links resolved), which must be
# a block device under /dev, named and reached through folders only root can change (not
# /dev/shm, /dev/mqueue...); refuses anything else, before any guard or lock looks at it.
kb_real_device() {
  local dev=$1 real
  real=$(readlink -e -- "$dev") || kb_die "device $dev does not exist on this host"
  if [[ $real == /dev/* && -b $real ]]; then
    :
  elif [[ ${KVMBENCH_ALLOW_REGULAR_FILE:-0} == 1 && -f $real ]]; then
    :
  else
    kb_die "refusing $dev: it resolves to $real, which is not a block device under /dev"
  fi
  kb_private_directory "$(dirname -- "$dev")" "device $dev" >&2
  kb_private_directory "$(dirname -- "$real")" "device $dev" >&2
  printf '%s' "$real"
}

# Each device a step names is resolved once (kb_pin) and every later command uses that node: the
# guard, the lock, wipefs, and the command lines kb_run_lines runs (mkfs, mount, zpool, lvm), so
# a link re-pointed after the check cannot redirect root's writes.
declare -A KB_NODE_OF=()
kb_pin() {
  local dev=$1
  [[ -n $dev ]] || kb_die "a device path is empty"
  if [[ -z ${KB_NODE_OF[$dev]:-} ]]; then
    KB_NODE_OF[$dev]=$(kb_real_device "$dev")
  fi
}

# kb_node DEVICE: the node DEVICE was pinned to (pinning it now if it was not).
kb_node() {
  kb_pin "$1"
  printf '%s' "${KB_NODE_OF[$1]}"
}

# kb_whole_disk NODE: the disk a node is on: the node itself, or a partition's parent (sysfs).
kb_whole_disk() {
  local node=$1 sys
  sys=/sys/class/block/${node##*/}
  if [[ -b $node && -e $sys/partition ]]; then
    printf '/dev/%s' "$(basename -- "$(dirname -- "$(readlink -f -- "$sys")")")"
  else
    printf '%s' "$node"
  fi
}

# --- host-wide device locks: <lock dir>/<disk node>.lock names the stack that uses the disk ---
# One lock directory per host, whatever the study's workdir, and one lock per whole disk: two
# studies, two names of one disk, or a disk and its partition never share a disk unnoticed.
kb_lock_file() {
  printf '%s/%s.lock' "$KB_LOCK_DIR" "$(printf '%s' "$1" | sed 's#^/##; s#[^A-Za-z0-9._-]#_#g')"
}

# A lock's holder is a stack of one study workdir: "<stack> <workdir>" (neither has spaces).
kb_owner() { printf '%s %s' "$KVMBENCH_STACK" "$KVMBENCH_WORKDIR"; }
kb_lock_field() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# kb_lock_of DEVICE: the lock file of DEVICE's disk; for a device that is gone, the lock that
# names it.
kb_lock_of() {
  local dev=$1 node="" lock
  [[ -n $dev ]] && node=${KB_NODE_OF[$dev]:-}
  [[ -n $node ]] || node=$(readlink -e -- "$dev" 2>/dev/null) || node=""
  if [[ -n $node ]]; then
    kb_lock_file "$(kb_whole_disk "$node")"
    return 0
  fi
  for lock in "$KB_LOCK_DIR"/*.lock; do
    if [[ -f $lock && $(kb_lock_field "$lock" device) == "$dev" ]]; then
      printf '%s' "$lock"
      return 0
    fi
  done
  kb_lock_file "$dev"
}

kb_lock_holder() {
  local lock
  lock=$(kb_lock_of "$1")
  [[ -f $lock ]] || return 0
  printf '%s %s' "$(kb_lock_field "$lock" stack)" "$(kb_lock_field "$lock" workdir)"
}

# kb_holds_lock DEVICE: this stack holds DEVICE itself (not another device on the same disk).
kb_holds_lock() {
  local lock
  lock=$(kb_lock_of "$1")
  [[ -f $lock && $(kb_lock_holder "$1") == "$(kb_owner)" && $(kb_lock_field "$lock" device) == "$1" ]]
}

KB_NEW_LOCKS=()
# kb_lock DEVICE: take DEVICE's disk for this stack, or fail naming the stack that holds it.
kb_lock() {
  local dev=$1 lock node disk
  kb_pin "$dev"
  node=${KB_NODE_OF[$dev]}
  disk=$(kb_whole_disk "$node")
  lock=$(kb_lock_file "$disk")
  mkdir -p -m 0700 -- "$KB_LOCK_DIR"
  if [[ -f $lock && $(kb_lock_holder "$dev") == "$(kb_owner)" ]]; then
    [[ $(kb_lock_field "$lock" device) == "$dev" ]] && return 0
    kb_die "device $dev ($node) is on disk $disk, which this stack already holds for $(kb_lock_field "$lock" device): one disk, one device"
  fi
  (
    flock 9
    if [[ -f $lock && $(kb_lock_holder "$dev") != "$(kb_owner)" ]]; then
      holder=$(kb_lock_field "$lock" stack)
      kb_die "device $dev is in use by stack '$holder' of workdir $(kb_lock_field "$lock" workdir) (lock $lock, disk $disk, as $(kb_lock_field "$lock" device)); destroy stack '$holder' first, or delete the lock file if that stack no longer exists"
    fi
    printf 'stack=%s\nworkdir=%s\ndevice=%s\nnode=%s\ndisk=%s\nsince=%s\n' "$KVMBENCH_STACK" "$KVMBENCH_WORKDIR" "$dev" "$node" "$disk" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$lock.tmp"
    mv "$lock.tmp" "$lock"
  ) 9>"$KB_LOCK_DIR/.mutex"
  KB_NEW_LOCKS+=("$dev")
}

# kb_unlock DEVICE: release the lock if this stack holds it.
kb_unlock() {
  local dev=$1
  if kb_holds_lock "$dev"; then
    rm -f -- "$(kb_lock_of "$dev")"
    kb_log "released $dev"
  fi
}

# kb_lock_all / kb_unlock_all LIST: the same for each device of a list (one per line).
kb_lock_all() { local dev; while read -r dev; do kb_lock "$dev"; done < <(kb_lines "$1"); }
kb_unlock_all() { local dev; while read -r dev; do kb_unlock "$dev"; done < <(kb_lines "$1"); }

# A failed create releases the locks it took, so a refused device is not left locked.
kb_release_new_locks_on_failure() {
  local status=$? dev
  if ((status != 0)); then
    for dev in "${KB_NEW_LOCKS[@]}"; do kb_unlock "$dev"; done
  fi
  return "$status"
}
trap kb_release_new_locks_on_failure EXIT

# --- the device guard: never create on a device that carries data unless wipe is set ---
# Prints the signatures found on DEVICE (empty when blank). Read only; fails closed.
kb_signatures() {
  local dev=$1 out status
  out=$(wipefs --noheadings --output TYPE,OFFSET -- "$dev") || kb_die "wipefs cannot read $dev; refusing to touch it"
  [[ -n $out ]] && printf '%s\n' "$out"
  status=0
  out=$(blkid -p -o export -- "$dev") || status=$?
  case $status in
    0) printf '%s\n' "$out" | grep -E '^(TYPE|PTTYPE)=' || true ;;
    2) ;;
    *) kb_die "blkid cannot probe $dev (status $status); refusing to touch it" ;;
  esac
}

# kb_blank DEVICE: erase every signature on DEVICE's node and its partitions.
kb_blank() {
  local dev part
  dev=$(kb_node "$1")
  if command -v lsblk >/dev/null 2>&1 && [[ -b $dev ]]; then
    while read -r part; do
      [[ -n $part ]] && wipefs -a -q -- "$part" || true
    done < <(lsblk -lnpo NAME -- "$dev" 2>/dev/null | tail -n +2)
  fi
  wipefs -a -q -- "$dev"
}

# kb_guard_all LIST WIPE: kb_guard for each device of a list (one per line).
kb_guard_all() { local dev; while read -r dev; do kb_guard "$dev" "$2"; done < <(kb_lines "$1"); }

# kb_release_blank DEVICE WHAT: for a whole device this stack gave to something that writes on
# it directly (a raw guest disk, the baseline): erase the signatures WHAT left and release the
# lock. A device this stack does not hold is left as it is.
kb_release_blank() {
  local dev=$1 what=$2
  if kb_holds_lock "$dev"; then
    kb_log "erasing the signatures $what left on $dev"
    if [[ -e $dev ]]; then kb_blank "$dev"; fi
    kb_unlock "$dev"
  else
    kb_log "this stack does not hold $dev; leaving it as it is"
  fi
}

# kb_guard DEVICE WIPE: refuse a device whose node carries a signature, unless WIPE is 1.
kb_guard() {
  local dev=$1 wipe=$2 sigs
  kb_pin "$dev"
  sigs=$(kb_signatures "${KB_NODE_OF[$dev]}" | tr '\n' ' ')
  [[ -z ${sigs// /} ]] && return 0
  if [[ $wipe == 1 ]]; then
    kb_log "wipe: true: erasing the signatures on $dev ($sigs)"
    kb_blank "$dev"
  else
    kb_die "refusing to use $dev: it already carries data ($sigs). Set wipe: true on this storage to erase it, or choose a blank device"
  fi
}

# kb_wait_device PATH: wait (up to 30 s) for a device node that was just created.
kb_wait_device() {
  local dev=$1 i
  for ((i = 0; i < 60; i++)); do
    [[ -e $dev ]] && return 0
    command -v udevadm >/dev/null 2>&1 && udevadm settle 2>/dev/null || true
    sleep 0.5
  done
  kb_die "device $dev did not appear"
}

# --- marker files for objects without a place for a tag (image files) ---
kb_marker_file() { printf '%s/markers/%s.owner' "$KVMBENCH_WORKDIR" "$(printf '%s' "$1" | sed 's#^/##; s#[^A-Za-z0-9._-]#_#g')"; }

# Every step writes in the workdir (markers, mountpoints, logs): its folders must be root's alone.
kb_private_directory "$KVMBENCH_WORKDIR" "workdir $KVMBENCH_WORKDIR"
