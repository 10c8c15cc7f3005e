#!/usr/bin/env bash
# Runs where Terraform runs, after the results are complete on the KVM host: fetches the
# serial log and the host's facts (scp for a remote host), verifies the frames and writes
# the result file RESULT_FILE with the scenario's configuration.
# Environment: SCENARIO, KIND, SERIAL_LOG, HOST_FACTS, CACHE_RECORD (files on the host),
# RESULT_FILE (on this machine), CONFIGURATION (JSON), KVMBENCH_REPO, and for a remote host
# SSH_HOST, SSH_USER, SSH_PORT, SSH_KEY.
set -euo pipefail

stage="$(mktemp -d "${TMPDIR:-/tmp}/kvmbench-collect.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

# fetch <file on the host> <name in the stage>
fetch() {
  if [[ -n ${SSH_HOST:-} ]]; then
    scp -q -P "$SSH_PORT" -i "${SSH_KEY/#\~/$HOME}" -o BatchMode=yes -- "$SSH_USER@$SSH_HOST:$1" "$stage/$2"
  else
    cp -- "$1" "$stage/$2"
  fi
}

fetch "$SERIAL_LOG" serial.log
fetch "$HOST_FACTS" host.json || printf '{}' > "$stage/host.json"
fetch "$CACHE_RECORD" caches.json || printf '{"pageCacheDropped":false}' > "$stage/caches.json"
printf '%s' "$CONFIGURATION" > "$stage/configuration.json"

cd "$KVMBENCH_REPO"
node --import tsx runner/collect-cli.ts \
  --serial-log "$stage/serial.log" \
  --scenario "$SCENARIO" --kind "$KIND" \
  --result-file "$RESULT_FILE" \
  --configuration "$stage/configuration.json" \
  --host-facts "$stage/host.json" \
  --caches "$stage/caches.json"
