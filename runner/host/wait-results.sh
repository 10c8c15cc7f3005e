#!/usr/bin/env bash
# kvmbench: wait on the host until a scenario's results are complete on its serial log file.
#
# Polls the file the guest's results serial port writes to. Complete = the last session has
# its KVMBENCH-DONE record and every frame's length and sha256 match. Ends early when the
# runner reports failure, or (with KVMBENCH_DOMAIN) when the guest is shut off without results.
# On any failure it writes the reason to KVMBENCH_FAILED_FILE and exits non-zero with the
# reason, and where the partial results and the guest's console log are, on stderr.
#
# Parameters (environment variables):
#   KVMBENCH_SERIAL_LOG     required  host side of the results serial port
#   KVMBENCH_TIMEOUT        required  seconds to wait (the study's timeout)
#   KVMBENCH_FAILED_FILE    required  where the reason goes on failure
#   KVMBENCH_SCENARIO       required  scenario (stack) name, for messages
#   KVMBENCH_CONSOLE_LOG    optional  host side of the guest's console serial port
#   KVMBENCH_POLL_INTERVAL  10        seconds between polls
#   KVMBENCH_DOMAIN         optional  libvirt domain; when it is shut off, stop waiting
#   KVMBENCH_VIRSH          virsh     (command; e.g. "virsh -c qemu:///system")
# Exit status: 0 complete; 1 the runner reported failure; 2 timeout; 3 corrupt frames;
# 4 guest shut off without complete results; 64 bad parameters.
set -euo pipefail

log_file="${KVMBENCH_SERIAL_LOG:-}"
timeout="${KVMBENCH_TIMEOUT:-}"
failed_file="${KVMBENCH_FAILED_FILE:-}"
scenario="${KVMBENCH_SCENARIO:-}"
console_log="${KVMBENCH_CONSOLE_LOG:-}"
interval="${KVMBENCH_POLL_INTERVAL:-10}"
domain="${KVMBENCH_DOMAIN:-}"
virsh_cmd="${KVMBENCH_VIRSH:-virsh}"

usage() { printf 'kvmbench wait: %s\n' "$*" >&2; exit 64; }
[[ -n "$log_file" ]] || usage "KVMBENCH_SERIAL_LOG is not set"
# at most 9 digits (31 years): $((SECONDS + timeout)) must not overflow bash's arithmetic
[[ "$timeout" =~ ^[0-9]{1,9}$ ]] || usage "KVMBENCH_TIMEOUT must be a number of seconds of at most 9 digits, got '$timeout'"
[[ -n "$failed_file" ]] || usage "KVMBENCH_FAILED_FILE is not set"
[[ "$scenario" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || usage "KVMBENCH_SCENARIO '$scenario' is not a scenario name"
[[ "$interval" =~ ^[0-9]{1,6}$ && "$interval" -gt 0 ]] || usage "KVMBENCH_POLL_INTERVAL must be a positive number, got '$interval'"

work="$(mktemp -d "${TMPDIR:-/tmp}/kvmbench-wait.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# check: prints "incomplete <why>", "ok", "failed <error text>" or "corrupt <why>".
check() {
  local snap="$work/snap" start frames
  [[ -e "$log_file" ]] || { echo "incomplete $log_file does not exist yet"; return; }
  cp "$log_file" "$snap"
  # a final line without its line break is still being written
  if [[ -s "$snap" && "$(tail -c 1 "$snap" | od -An -tx1 | tr -d ' \n')" != 0a ]]; then sed -i '$d' "$snap"; fi
  start="$(grep -an '^KVMBENCH-START ' "$snap" | tail -n 1 | cut -d: -f1 || true)"
  [[ -n "$start" ]] || { echo "incomplete no KVMBENCH-START record yet"; return; }
  rm -f "$work"/*.b64 "$work/manifest"
  local verdict
  verdict="$(tail -n "+$start" "$snap" | tr -d '\r' | awk -v dir="$work" '
    NR == 1 { session = $2; expect = 1; next }
    /^KVMBENCH-BEGIN / {
      if (open) { print "corrupt frame " seq " (" name ") is truncated: a new BEGIN came before its END"; exit }
      if ($3 != expect) { print "corrupt frame " expect " is missing (found frame " $3 ")"; exit }
      open = 1; seq = $3; name = $4; file = dir "/" seq ".b64"; printf "" > file
      print $3, $4, $5, $6 > (dir "/manifest"); next
    }
    /^KVMBENCH-END / {
      if (!open || $3 != seq) { print "corrupt END of frame " $3 " without its BEGIN"; exit }
      open = 0; close(file); expect++; next
    }
    /^KVMBENCH-DONE / {
      if (open) { print "corrupt frame " seq " (" name ") is truncated: DONE came before its END"; exit }
      if ($3 != expect - 1) { print "corrupt DONE says " $3 " frames, the log has " expect - 1; exit }
      print "done " $4; exit
    }
    open && /^[A-Za-z0-9+\/=]+$/ { print > file }
    END { }
  ')"
  case "$verdict" in
    corrupt*) echo "$verdict"; return ;;
    "done ok" | "done failed") ;;
    *) echo "incomplete no KVMBENCH-DONE record yet"; return ;;
  esac
  local s n bytes sha actual_bytes actual_sha error_text=""
  while read -r s n bytes sha; do
    actual_bytes="$(base64 -d "$work/$s.b64" 2>/dev/null | wc -c | tr -d ' ')" || true
    actual_sha="$(base64 -d "$work/$s.b64" 2>/dev/null | sha256sum | cut -d' ' -f1)" || true
    if [[ "$actual_bytes" != "$bytes" ]]; then echo "corrupt frame $s ($n): length mismatch: BEGIN says $bytes bytes, payload has $actual_bytes"; return; fi
    if [[ "$actual_sha" != "$sha" ]]; then echo "corrupt frame $s ($n): sha256 mismatch: BEGIN says $sha, payload hashes to $actual_sha"; return; fi
    if [[ "$n" == error ]]; then error_text="$(base64 -d "$work/$s.b64" | tr '\n' ' ')"; fi
  done <"$work/manifest"
  if [[ "$verdict" == "done ok" ]]; then echo ok; else echo "failed ${error_text:-the runner reported failure without an error frame}"; fi
}

give_up() {
  local code="$1" reason="$2"
  mkdir -p "$(dirname -- "$failed_file")"
  printf '%s\n' "$reason" >"$failed_file"
  printf 'kvmbench wait: scenario %s: %s\n' "$scenario" "$reason" >&2
  printf 'kvmbench wait: partial results: %s; guest console: %s\n' "$log_file" \
    "$([[ -n "$console_log" && -e "$console_log" ]] && echo "$console_log" || echo "(none)")" >&2
  printf 'kvmbench wait: the reason is in %s\n' "$failed_file" >&2
  exit "$code"
}

deadline=$((SECONDS + timeout))
while :; do
  state="$(check)"
  case "$state" in
    ok) printf 'kvmbench wait: scenario %s: results complete in %s\n' "$scenario" "$log_file" >&2; exit 0 ;;
    failed*) give_up 1 "the benchmark failed in the guest: ${state#failed }" ;;
    corrupt*) give_up 3 "results are corrupt: ${state#corrupt }" ;;
  esac
  if [[ -n "$domain" ]]; then
    dom_state="$($virsh_cmd domstate "$domain" 2>/dev/null || true)"
    if [[ "$dom_state" == "shut off" ]]; then
      # one last look: the guest may have finished writing just before powering off
      state="$(check)"
      [[ "$state" == ok ]] && { printf 'kvmbench wait: scenario %s: results complete\n' "$scenario" >&2; exit 0; }
      give_up 4 "guest $domain is shut off without complete results (${state#incomplete })"
    fi
  fi
  if ((SECONDS >= deadline)); then
    give_up 2 "timed out after ${timeout}s waiting for results (${state#incomplete })"
  fi
  sleep "$interval"
done
