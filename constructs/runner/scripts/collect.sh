#!/usr/bin/env bash
# Runs where Terraform runs, after the results are complete on the KVM host: fetches the
# serial log and the host's facts (scp for a remote host), verifies the frames and writes
# the result file RESULT_FILE with the scenario's configuration. A disk check (KIND=check)
# fetches the check's records instead of the serial log, and the collector judges them.
# Environment: SCENARIO, KIND, SERIAL_LOG, HOST_FACTS, CACHE_RECORD (files on the host),
# RESULT_FILE (on this machine), CONFIGURATION (JSON), KVMBENCH_REPO, and for a remote host
# SSH_HOST, SSH_USER, SSH_PORT, SSH_KEY; for a disk check CHECK_DOMAIN_XML, CHECK_BLOCK_LIST,
# CHECK_QUERY_BLOCK, CHECK_WRITE_CACHE, CHECK_QEMU_PROCESS (files on the host) and
# EXPECTED_DISK (JSON).
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

if [[ $KIND == check ]]; then
  fetch "$CHECK_DOMAIN_XML" domain.xml
  fetch "$CHECK_BLOCK_LIST" domblklist.txt
  fetch "$CHECK_QUERY_BLOCK" query-block.json
  fetch "$CHECK_WRITE_CACHE" write-cache.txt
  fetch "$CHECK_QEMU_PROCESS" qemu-process.txt
  printf '%s' "$EXPECTED_DISK" > "$stage/expected-disk.json"
  records=(--domain-xml "$stage/domain.xml" --block-list "$stage/domblklist.txt" --query-block "$stage/query-block.json"
    --write-cache "$stage/write-cache.txt" --qemu-process "$stage/qemu-process.txt" --expected-disk "$stage/expected-disk.json")
else
  fetch "$SERIAL_LOG" serial.log
  records=(--serial-log "$stage/serial.log")
fi
fetch "$HOST_FACTS" host.json || printf '{}' > "$stage/host.json"
fetch "$CACHE_RECORD" caches.json || printf '{"pageCacheDropped":false}' > "$stage/caches.json"
printf '%s' "$CONFIGURATION" > "$stage/configuration.json"

cd "$KVMBENCH_REPO"
node --import tsx runner/collect-cli.ts "${records[@]}" \
  --scenario "$SCENARIO" --kind "$KIND" \
  --result-file "$RESULT_FILE" \
  --configuration "$stage/configuration.json" \
  --host-facts "$stage/host.json" \
  --caches "$stage/caches.json"
