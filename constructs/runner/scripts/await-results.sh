#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# Makes `cdktf deploy` end when the guest's results are complete on the host: polls the
# results serial log until the runner's last record, a failure, or the timeout.
# Environment: the KVMBENCH_* parameters of runner/host/wait-results.sh.

create() {
  kb_log "waiting up to ${KVMBENCH_TIMEOUT}s for the results of $KVMBENCH_SCENARIO on $KVMBENCH_SERIAL_LOG"
  wait_results
  kb_log "results of $KVMBENCH_SCENARIO are complete"
}

destroy() {
  :
}

wait_results() (
# @include ../../../runner/host/wait-results.sh
)

"$KB_ACTION"
