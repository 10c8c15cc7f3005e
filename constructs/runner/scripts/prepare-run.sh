#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# Before a scenario's guest (or the baseline) starts: set aside the logs of an earlier run,
# record the host's facts, and drop the host's caches (recording what was done).
# Environment (files on the host, from domain/locations.ts): SERIAL_LOG, CONSOLE_LOG,
# HOST_FACTS, CACHE_RECORD; ZFS_DATASET (optional): the ZFS dataset or zvol under the disk
# under test, whose properties the host's facts record.

create() {
  local f
  for f in "$SERIAL_LOG" "$CONSOLE_LOG" "$HOST_FACTS" "$CACHE_RECORD"; do
    mkdir -p -- "$(dirname -- "$f")"
    if [[ -e $f ]]; then mv -f -- "$f" "$f.prev"; fi
  done
  KVMBENCH_HOST_FACTS="$HOST_FACTS" KVMBENCH_ZFS_DATASET="${ZFS_DATASET:-}" host_facts
  KVMBENCH_CACHES_RECORD="$CACHE_RECORD" drop_caches
  kb_log "host caches dropped; facts in $HOST_FACTS"
}

destroy() {
  kb_log "the run's logs stay: $SERIAL_LOG"
}

host_facts() (
# @include ../../../runner/host/host-facts.sh
)

drop_caches() (
# @include ../../../runner/host/drop-caches.sh
)

"$KB_ACTION"
