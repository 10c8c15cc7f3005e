#!/usr/bin/env bash
# kvmbench: drop the host's caches before a benchmark starts, and record what was done.
#
# 1. sync; echo 3 > drop_caches (page cache, dentries and inodes; also runs the ZFS ARC shrinker).
# 2. ZFS, when the zfs module is loaded: the ARC cannot be emptied without exporting the pool
#    (too invasive for a host that may carry other pools), so the ARC is shrunk as far as the
#    module allows: zfs_arc_max is lowered to just above the ARC's minimum (c_min, at least
#    64 MiB), the script waits for the ARC to shrink, drops caches again, and restores
#    zfs_arc_max to its previous value (also on error or interrupt). One shrink at a time per
#    host (flock): two stacks shrinking at once would each restore what the other had lowered.
#
# Parameters (environment variables):
#   KVMBENCH_DROP_CACHES_PATH  /proc/sys/vm/drop_caches
#   KVMBENCH_ZFS_PARAMS_DIR    /sys/module/zfs/parameters   (absent: no ZFS, nothing to do)
#   KVMBENCH_ARCSTATS          /proc/spl/kstat/zfs/arcstats
#   KVMBENCH_ZFS_ARC           shrink | skip   (default shrink)
#   KVMBENCH_ARC_WAIT_SECONDS  10              how long to wait for the ARC to shrink
#   KVMBENCH_ARC_LOCK          /run/kvmbench-arc.lock   the host-wide lock around the shrink
#   KVMBENCH_CACHES_RECORD     file for the JSON record (default: standard output)
# Output: {"pageCacheDropped":true,"zfsArc":"<what was done>","zfsArcBytes":{"before":N,"after":N}}
# (the ResultFile "caches" field; the zfs fields only where ZFS is loaded; before and after are the
# ARC's size in bytes after the first drop and once the shrink is over, or at once with skip).
# Exit status: 0 done; 1 the page cache could not be dropped (no record written).
set -euo pipefail

drop_caches="${KVMBENCH_DROP_CACHES_PATH:-/proc/sys/vm/drop_caches}"
zfs_params="${KVMBENCH_ZFS_PARAMS_DIR:-/sys/module/zfs/parameters}"
arcstats="${KVMBENCH_ARCSTATS:-/proc/spl/kstat/zfs/arcstats}"
arc_mode="${KVMBENCH_ZFS_ARC:-shrink}"
arc_wait="${KVMBENCH_ARC_WAIT_SECONDS:-10}"
arc_lock="${KVMBENCH_ARC_LOCK:-/run/kvmbench-arc.lock}"
record="${KVMBENCH_CACHES_RECORD:-}"

die() { printf 'kvmbench drop-caches: %s\n' "$*" >&2; exit 1; }
arcstat() { awk -v k="$1" '$1 == k { print $3 }' "$arcstats"; }

[[ "$arc_mode" == shrink || "$arc_mode" == skip ]] || die "KVMBENCH_ZFS_ARC must be shrink or skip, got '$arc_mode'"
[[ "$arc_wait" =~ ^[0-9]+$ ]] || die "KVMBENCH_ARC_WAIT_SECONDS must be a number of seconds, got '$arc_wait'"

drop() {
  sync
  echo 3 >"$drop_caches" 2>/dev/null || die "cannot write 3 to $drop_caches (not root, or a read-only /proc?)"
}

drop
zfs_arc=""
if [[ -f "$zfs_params/zfs_arc_max" && -r "$arcstats" ]]; then
  before="$(arcstat size)"
  if [[ "$arc_mode" == skip ]]; then
    zfs_arc="not touched (KVMBENCH_ZFS_ARC=skip); ARC size ${before} bytes after drop_caches"
    after="$before"
  else
    exec 8>"$arc_lock" || die "cannot open the ARC lock $arc_lock"
    flock 8
    original="$(cat "$zfs_params/zfs_arc_max")"
    c_min="$(arcstat c_min)"
    floor=$((64 * 1024 * 1024))
    target=$(( (c_min > floor ? c_min : floor) + 1024 * 1024 ))
    restore() { echo "$original" >"$zfs_params/zfs_arc_max" 2>/dev/null || true; }
    trap restore EXIT INT TERM
    echo "$target" >"$zfs_params/zfs_arc_max" || die "cannot lower zfs_arc_max via $zfs_params/zfs_arc_max"
    for ((i = 0; i < arc_wait; i++)); do
      [[ "$(arcstat size)" -le "$target" ]] && break
      sleep 1
    done
    drop
    after="$(arcstat size)"
    restore
    trap - EXIT INT TERM
    exec 8>&-
    # Other pools' I/O meanwhile (another stack on the same host) can grow the ARC during the shrink.
    if ((after < before)); then
      outcome="shrunk from ${before} to ${after} bytes"
    elif ((after == before)); then
      outcome="left at ${before} bytes"
    else
      outcome="grew from ${before} to ${after} bytes while it was shrunk (other I/O on the host meanwhile)"
    fi
    zfs_arc="${outcome}: zfs_arc_max lowered to ${target} (c_min ${c_min}), then restored to ${original}"
  fi
fi

arc_bytes=""
if [[ -n "$zfs_arc" && "${before:-}" =~ ^[0-9]+$ && "${after:-}" =~ ^[0-9]+$ ]]; then
  arc_bytes=",\"zfsArcBytes\":{\"before\":$before,\"after\":$after}"
fi
json="{\"pageCacheDropped\":true${zfs_arc:+,\"zfsArc\":\"$zfs_arc\"}$arc_bytes}"
if [[ -n "$record" ]]; then printf '%s\n' "$json" >"$record"; else printf '%s\n' "$json"; fi
