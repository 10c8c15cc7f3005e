import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Recording stand-ins for zpool, zfs and lvm: small bash programs that log their argv to
 * <state>/log and keep pools, datasets, VGs and LVs as files under <state>, so the real
 * host scripts can run against them. Returns the PATH to use.
 */
export function installStandIns(state: string): string {
  const bin = join(state, "bin");
  mkdirSync(bin, { recursive: true });
  const header = `#!/usr/bin/env bash
set -euo pipefail
S=${state}
printf '%s\\n' "$(basename "$0") $*" >>"$S/log"
mkdir -p "$S/zfs" "$S/vg" "$S/lv" "$S/dev" "$S/zvol"
key() { printf '%s' "$1" | tr '/' '%'; }
`;
  const programs: Record<string, string> = {
    zpool: `
case $1 in
  list) [[ -f $S/zfs/$(key "\${@: -1}") && -f $S/zfs/$(key "\${@: -1}").pool ]] ;;
  create)
    shift; owner=""
    while [[ $1 == -* ]]; do [[ $2 == kvmbench:owner=* ]] && owner=\${2#kvmbench:owner=}; shift 2; done
    name=$1; printf '%s' "$owner" >"$S/zfs/$(key "$name")"; touch "$S/zfs/$(key "$name").pool" ;;
  destroy) rm -f "$S/zfs/$(key "$2")" "$S/zfs/$(key "$2").pool" ;;
  labelclear) ;;
  *) echo "zpool stand-in: unknown $1" >&2; exit 2 ;;
esac`,
    zfs: `
case $1 in
  list) [[ -f $S/zfs/$(key "\${@: -1}") ]] ;;
  get) f=$S/zfs/$(key "\${@: -1}"); [[ -f $f ]] || { echo "dataset does not exist" >&2; exit 1; }; cat "$f"; echo ;;
  create)
    shift; owner=""; vol=0
    while [[ $1 == -* ]]; do
      case $1 in
        -s) shift ;;
        -V) vol=1; shift 2 ;;
        -o) [[ $2 == kvmbench:owner=* ]] && owner=\${2#kvmbench:owner=}; shift 2 ;;
      esac
    done
    [[ -f $S/zfs/$(key "\${1%%/*}") ]] || { echo "no such pool" >&2; exit 1; }
    printf '%s' "$owner" >"$S/zfs/$(key "$1")"
    if ((vol)); then mkdir -p "$S/zvol/$(dirname "$1")"; touch "$S/zvol/$1"; fi ;;
  destroy) rm -f "$S/zfs/$(key "$2")"; rm -f "$S/zvol/$2" ;;
  *) echo "zfs stand-in: unknown $1" >&2; exit 2 ;;
esac`,
    lvm: `
cmd=$1; shift
case $cmd in
  vgs)
    field=$3; vg=$4; [[ -f $S/vg/$vg ]] || { echo "Volume group \\"$vg\\" not found" >&2; exit 5; }
    if [[ $field == vg_tags ]]; then echo "  $(cat "$S/vg/$vg")"; else echo "  $vg"; fi ;;
  lvs)
    field=$3; target=$4
    if [[ $target == */* ]]; then
      f=$S/lv/$(key "$target"); [[ -f $f ]] || { echo "Failed to find logical volume \\"$target\\"" >&2; exit 5; }
      if [[ $field == lv_tags ]]; then echo "  $(cat "$f")"; else echo "  \${target#*/}"; fi
    else
      for f in "$S"/lv/"$target"%*; do [[ -f $f ]] && echo "  \${f##*%}"; done; true
    fi ;;
  vgcreate)
    tag=""; while [[ $1 == -* ]]; do case $1 in --addtag) tag=$2; shift 2 ;; *) shift ;; esac; done
    [[ -f $S/vg/$1 ]] && { echo "already exists" >&2; exit 5; }
    printf '%s' "$tag" >"$S/vg/$1" ;;
  lvcreate)
    tag=""; name=""; while [[ $1 == -* ]]; do case $1 in --addtag) tag=$2; shift 2 ;; --name) name=$2; shift 2 ;; --size) shift 2 ;; *) shift ;; esac; done
    [[ -f $S/vg/$1 ]] || { echo "no VG $1" >&2; exit 5; }
    printf '%s' "$tag" >"$S/lv/$(key "$1/$name")"; mkdir -p "$S/dev/$1"; touch "$S/dev/$1/$name" ;;
  lvremove) rm -f "$S/lv/$(key "$2")"; rm -f "$S/dev/$2" ;;
  vgremove) rm -f "$S/vg/$1" ;;
  pvremove) ;;
  *) echo "lvm stand-in: unknown $cmd" >&2; exit 2 ;;
esac`,
  };
  for (const [name, body] of Object.entries(programs)) {
    writeFileSync(join(bin, name), header + body + "\n");
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(state, "log"), "");
  return `${bin}:${process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin"}`;
}

/** The stand-in calls logged so far, one "program args" line each, and clear the log. */
export function takeLog(state: string): string[] {
  const lines = readFileSync(join(state, "log"), "utf8").split("\n").filter(Boolean);
  writeFileSync(join(state, "log"), "");
  return lines;
}
