#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# Before a scenario's guest (or the baseline) starts: set aside the logs of an earlier run,
# record the host's facts, and drop the host's caches (recording what was done).
# Environment: RESULTS_DIR (on the host), SCENARIO.

create() {
  mkdir -p "$RESULTS_DIR"
  local f
  for f in serial.log console.log host.json caches.json; do
    if [[ -e "$RESULTS_DIR/$SCENARIO.$f" ]]; then
      mv -f "$RESULTS_DIR/$SCENARIO.$f" "$RESULTS_DIR/$SCENARIO.$f.prev"
    fi
  done
  KVMBENCH_HOST_FACTS="$RESULTS_DIR/$SCENARIO.host.json" host_facts
  KVMBENCH_CACHES_RECORD="$RESULTS_DIR/$SCENARIO.caches.json" drop_caches
  kb_log "host caches dropped; facts in $RESULTS_DIR/$SCENARIO.host.json"
}

destroy() {
  kb_log "results of $SCENARIO stay in $RESULTS_DIR"
}

host_facts() (
# @include ../../../runner/host/host-facts.sh
)

drop_caches() (
# @include ../../../runner/host/drop-caches.sh
)

"$KB_ACTION"
