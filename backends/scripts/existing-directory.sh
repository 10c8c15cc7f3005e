#!/usr/bin/env bash
set -euo pipefail
# @include lib.sh
# The directory a `kind: file` storage names for its image. kvmbench neither makes nor removes
# it: before the image is made there, this checks that it is a directory (not a link to one) that
# only root can change, on the filesystem the study declared, since the rules judged O_DIRECT by that.
# Environment: DIRECTORY, FS_TYPE (ext4, xfs or zfs).

create() {
  [[ ! -L $DIRECTORY ]] || kb_die "directory $DIRECTORY is a symbolic link: name the directory itself in the study (storage directory)"
  [[ -d $DIRECTORY ]] || kb_die "directory $DIRECTORY does not exist or is not a directory: create it, or correct storage directory in the study"
  kb_private_directory "$DIRECTORY" "directory $DIRECTORY"
  local actual
  actual="$(findmnt -n -o FSTYPE --target "$DIRECTORY")" || kb_die "cannot tell which filesystem $DIRECTORY is on (findmnt --target failed)"
  [[ $actual == "$FS_TYPE" ]] || kb_die "directory $DIRECTORY is on $actual, not $FS_TYPE as the study says: correct storage filesystem in the study (the rules judge O_DIRECT by it)"
  kb_log "directory $DIRECTORY is on $FS_TYPE"
}

destroy() {
  kb_log "leaving directory $DIRECTORY: kvmbench did not make it"
}

"$KB_ACTION"
