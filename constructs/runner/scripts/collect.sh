#!/usr/bin/env bash
# Runs where Terraform runs, after the results are complete on the KVM host: fetches the
# serial log and the host's facts (scp for a remote host), verifies the frames and writes
# the result file <LOCAL_RESULTS_DIR>/<SCENARIO>.json with the scenario's configuration.
# Environment: SCENARIO, KIND, HOST_RESULTS_DIR, LOCAL_RESULTS_DIR, CONFIGURATION (JSON),
# KVMBENCH_REPO, and for a remote host SSH_HOST, SSH_USER, SSH_PORT, SSH_KEY.
set -euo pipefail

stage="$(mktemp -d "${TMPDIR:-/tmp}/kvmbench-collect.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

fetch() {
  local name="$SCENARIO.$1"
  if [[ -n ${SSH_HOST:-} ]]; then
    scp -q -P "$SSH_PORT" -i "${SSH_KEY/#\~/$HOME}" -o BatchMode=yes -- \
      "$SSH_USER@$SSH_HOST:$HOST_RESULTS_DIR/$name" "$stage/$name"
  else
    cp "$HOST_RESULTS_DIR/$name" "$stage/$name"
  fi
}

fetch serial.log
fetch host.json || printf '{}' > "$stage/$SCENARIO.host.json"
fetch caches.json || printf '{"pageCacheDropped":false}' > "$stage/$SCENARIO.caches.json"
printf '%s' "$CONFIGURATION" > "$stage/configuration.json"
mkdir -p "$LOCAL_RESULTS_DIR"

cd "$KVMBENCH_REPO"
node --import tsx runner/collect-cli.ts \
  --serial-log "$stage/$SCENARIO.serial.log" \
  --scenario "$SCENARIO" --kind "$KIND" \
  --results-dir "$LOCAL_RESULTS_DIR" \
  --configuration "$stage/configuration.json" \
  --host-facts "$stage/$SCENARIO.host.json" \
  --caches "$stage/$SCENARIO.caches.json"
