#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# A disk image file made by qemu-img (the only way to preallocate: libvirt's allocation is
# read-only in the provider). Marker: <workdir>/markers/<path>.owner names the stack and
# whether the image is complete, so an interrupted create is redone and teardown removes
# only images this stack made.
# Environment: IMAGE_PATH, CREATE_COMMAND (one argument per line).

marker=$(kb_marker_file "$IMAGE_PATH")
marker_says() { [[ -f $marker ]] && grep -qxF -- "$1" "$marker"; }

create() {
  if [[ -e $IMAGE_PATH ]]; then
    if marker_says "stack=$KVMBENCH_STACK" && marker_says "state=complete"; then
      kb_log "image $IMAGE_PATH already exists"
      return 0
    fi
    marker_says "stack=$KVMBENCH_STACK" || kb_die "$IMAGE_PATH already exists and this stack did not create it; remove it or choose another image name"
    kb_log "redoing the interrupted image $IMAGE_PATH"
    rm -f -- "$IMAGE_PATH"
  fi
  mkdir -p -- "$(dirname -- "$marker")" "$(dirname -- "$IMAGE_PATH")"
  printf 'stack=%s\npath=%s\nstate=creating\n' "$KVMBENCH_STACK" "$IMAGE_PATH" >"$marker"
  kb_run_lines "$CREATE_COMMAND"
  printf 'stack=%s\npath=%s\nstate=complete\n' "$KVMBENCH_STACK" "$IMAGE_PATH" >"$marker"
}

destroy() {
  if marker_says "stack=$KVMBENCH_STACK"; then
    kb_log "removing image $IMAGE_PATH"
    rm -f -- "$IMAGE_PATH" "$marker"
  elif [[ -e $IMAGE_PATH ]]; then
    kb_log "leaving $IMAGE_PATH: this stack did not create it"
  fi
}

"$KB_ACTION"
