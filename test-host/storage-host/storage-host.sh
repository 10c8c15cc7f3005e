#!/usr/bin/env bash
# kvmbench storage test host: a Debian VM with OpenZFS 2.3, LVM/device-mapper, QEMU and libvirt,
# booted under QEMU TCG on this machine and reached over SSH on loopback, as a user reaches a
# second KVM host. Its image comes from image.sh (Debian packages only); see docs/storage-host.md.
#
#   test-host/storage-host/storage-host.sh build          build the image if needed; prints its folder
#   test-host/storage-host/storage-host.sh image          prints the image's folder (exit 3: not built)
#   test-host/storage-host/storage-host.sh up             build if needed, boot, wait for SSH (idempotent)
#   test-host/storage-host/storage-host.sh down           power off, remove the overlay and the data disks
#   test-host/storage-host/storage-host.sh status         up or down, and how to reach it (exit 3: down)
#   test-host/storage-host/storage-host.sh env            the state file (KEY='value' lines; exit 3: down)
#   test-host/storage-host/storage-host.sh ssh [CMD...]   run CMD as root in the VM (a shell without CMD)
#
# The image is cached under $KVMBENCH_TEST_HOST_CACHE/storage-host-<hash of image.sh>, with the
# key root logs in with; a run boots a qcow2 overlay of it (the cache stays pristine) with six
# sparse data disks, virtio with serials zdisk1..zdisk6 (/dev/disk/by-id/virtio-zdiskN inside).
# Status lines go to stderr; `up` ends by printing the state file's path on stdout.
#
# Environment:
#   KVMBENCH_TEST_HOST_CACHE           /var/cache/kvmbench-test-host   the image cache
#   KVMBENCH_STORAGE_HOST_RUN          /var/lib/kvmbench-test-host/storage-host   the run's files
#   KVMBENCH_STORAGE_HOST_PORT         2222, else the next free port   SSH on 127.0.0.1
#   KVMBENCH_STORAGE_HOST_DISK_SIZE    1G       size of each sparse data disk
#   KVMBENCH_STORAGE_HOST_MEMORY       4096     MiB
#   KVMBENCH_STORAGE_HOST_CPUS         2
#   KVMBENCH_STORAGE_HOST_BOOT_TIMEOUT 600      seconds to wait for SSH
#   KVMBENCH_STORAGE_HOST_NICE         0        niceness of QEMU (the image build always runs at 19)
#   KVMBENCH_STORAGE_HOST_NESTED_KVM   0        1: let the VM load kvm_amd over the AMD-V that TCG's
#                                               -cpu max emulates (/dev/kvm inside); it hung the VM
#                                               once (docs/storage-host.md), so guests there run TCG
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${KVMBENCH_TEST_HOST_CACHE:-/var/cache/kvmbench-test-host}"
run="${KVMBENCH_STORAGE_HOST_RUN:-/var/lib/kvmbench-test-host/storage-host}"
disk_size="${KVMBENCH_STORAGE_HOST_DISK_SIZE:-1G}"
memory="${KVMBENCH_STORAGE_HOST_MEMORY:-4096}"
cpus="${KVMBENCH_STORAGE_HOST_CPUS:-2}"
boot_timeout="${KVMBENCH_STORAGE_HOST_BOOT_TIMEOUT:-600}"
niceness="${KVMBENCH_STORAGE_HOST_NICE:-0}"
nested_kvm="${KVMBENCH_STORAGE_HOST_NESTED_KVM:-0}"
disks=(zdisk1 zdisk2 zdisk3 zdisk4 zdisk5 zdisk6)
# The QEMU process carries this name; a pid file pointing at anything else is stale.
name=kvmbench-storage-host

recipe_hash="$(sha256sum "$here/image.sh" | cut -c1-16)"
image_dir="$cache/storage-host-$recipe_hash"
key="$image_dir/id_ed25519"
state="$run/state.env"
pidfile="$run/qemu.pid"
console="$run/console.log"
known_hosts="$run/known_hosts"

say() { printf 'storage host: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[[ $EUID -eq 0 ]] || die "run as root (QEMU's files in $run, the image cache in $cache, debootstrap)"
# `up` and `down` empty $run: it must be a folder of its own, not / or a system folder.
case "$run" in
  /*/*[!/]) ;;
  *) die "KVMBENCH_STORAGE_HOST_RUN must be an absolute path at least two folders deep, not '$run'" ;;
esac

# One storage-host.sh at a time changes the VM or the cache.
lock() {
  mkdir -p "$cache"
  exec 9>"$cache/storage-host.lock"
  flock -n 9 || { say "waiting for another storage-host.sh to finish"; flock 9; }
}

qemu_pid() {
  local pid
  [[ -f $pidfile ]] || return 1
  pid="$(tr -dc 0-9 <"$pidfile")"
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-name $name" || return 1
  printf '%s' "$pid"
}

state_value() { sed -n "s/^$1='\(.*\)'\$/\1/p" "$state" 2>/dev/null; }

ssh_options() {
  printf '%s\n' -o BatchMode=yes -o ConnectTimeout=10 -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes \
    -o "UserKnownHostsFile=$known_hosts" -o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR \
    -i "$key" -p "$(state_value PORT)"
}

vm_ssh() {
  local -a options
  mapfile -t options < <(ssh_options)
  ssh "${options[@]}" root@127.0.0.1 "$@"
}

ssh_answers() { vm_ssh -o ConnectTimeout=5 true </dev/null >/dev/null 2>&1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  if [[ -n ${KVMBENCH_STORAGE_HOST_PORT:-} ]]; then
    port_in_use "$KVMBENCH_STORAGE_HOST_PORT" && die "port $KVMBENCH_STORAGE_HOST_PORT (KVMBENCH_STORAGE_HOST_PORT) is in use"
    printf '%s' "$KVMBENCH_STORAGE_HOST_PORT"
    return
  fi
  for ((port = 2222; port < 2322; port++)); do
    port_in_use "$port" || { printf '%s' "$port"; return; }
  done
  die "no free port between 2222 and 2321 for SSH"
}

build() {
  if [[ -f $image_dir/storage-host.qcow2 ]]; then return 0; fi
  say "building the image (Debian packages, OpenZFS by DKMS: about 20 minutes at nice 19) into $image_dir"
  local started=$SECONDS
  rm -rf "$image_dir.partial"
  nice -n 19 bash "$here/image.sh" "$image_dir.partial"
  mv "$image_dir.partial" "$image_dir"
  ln -sfn "$image_dir" "$cache/storage-host"
  say "image built in $((SECONDS - started)) s"
  prune_images
}

# Images of earlier recipes (1.5 GB each) go once a new one is built, unless a VM runs from one.
prune_images() {
  local old
  qemu_pid >/dev/null && return 0
  for old in "$cache"/storage-host-*; do
    [[ -d $old && $old != "$image_dir" && ${old##*/} =~ ^storage-host-[0-9a-f]{16}(\.partial)?$ ]] || continue
    say "removing the image of an earlier recipe: $old"
    rm -rf -- "$old"
  done
}

# Stops QEMU: poweroff over SSH, then SIGTERM, then SIGKILL.
stop_qemu() {
  local pid i
  pid="$(qemu_pid)" || return 0
  if [[ ${1:-} != now ]]; then
    say "powering off (pid $pid)"
    local -a options
    mapfile -t options < <(ssh_options)
    local wait=90
    # --no-block: ssh's status then says whether the VM took the order; if it did not, it hangs.
    timeout 20 ssh "${options[@]}" root@127.0.0.1 systemctl poweroff --no-block </dev/null >/dev/null 2>&1 || {
      say "the VM does not answer over SSH"
      wait=5
    }
    for ((i = 0; i < wait; i++)); do
      kill -0 "$pid" 2>/dev/null || return 0
      ((i % 15 == 14)) && say "still shutting down ($((i + 1)) s)"
      sleep 1
    done
    say "no clean poweroff after $wait s: stopping QEMU"
  fi
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
}

print_status() {
  cat >&2 <<STATUS
storage host: up (QEMU pid $(qemu_pid), image $image_dir)
  ssh:      ssh -i $(state_value KEY) -p $(state_value PORT) -o UserKnownHostsFile=$(state_value KNOWN_HOSTS) root@127.0.0.1
            (or: $here/storage-host.sh ssh CMD...)
  libvirt:  $(state_value LIBVIRT_URI)   (the provider's qemu+ssh)
            $(state_value VIRSH_URI)   (virsh: its qemu+ssh ignores known_hosts)
  disks:    $(state_value DISKS)
  console:  $(state_value CONSOLE_LOG)
  state:    $state
STATUS
}

failed_up() {
  local status=$?
  trap - EXIT
  ((status == 0)) && return 0
  stop_qemu now
  if [[ -s $console ]]; then
    say "console log (last 30 lines of $console):"
    tail -n 30 "$console" | sed 's/^/  | /' >&2
  fi
  rm -f "$run"/*.qcow2 "$run"/*.raw "$state" "$pidfile"
  say "up failed; QEMU is not running (the console log stays in $console)"
  exit "$status"
}

up() {
  lock
  local started=$SECONDS pid port i
  if pid="$(qemu_pid)"; then
    if ssh_answers; then
      say "already up"
      print_status
      echo "$state"
      return 0
    fi
    say "QEMU runs (pid $pid) but SSH does not answer: restarting it"
    stop_qemu now
  fi
  build
  [[ -f $image_dir/id_ed25519 ]] || die "the image in $image_dir has no key; remove the folder to rebuild it"

  rm -rf "$run"
  mkdir -p "$run"
  chmod 0700 "$run"
  trap failed_up EXIT
  port="$(free_port)"
  qemu-img create -q -f qcow2 -F qcow2 -b "$image_dir/storage-host.qcow2" "$run/root.qcow2"
  local -a drives=()
  for d in "${disks[@]}"; do
    truncate -s "$disk_size" "$run/$d.raw"
    # cache=unsafe: the disks live for one run only; flushes would only slow the pool down.
    drives+=(-drive "if=none,id=$d,file=$run/$d.raw,format=raw,cache=unsafe,discard=unmap"
      -device "virtio-blk-pci,drive=$d,serial=$d")
  done
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$image_dir/ssh_host_ed25519_key.pub")" >"$known_hosts"
  {
    printf "HOST='127.0.0.1'\nPORT='%s'\nUSER='root'\nKEY='%s'\nKNOWN_HOSTS='%s'\n" "$port" "$key" "$known_hosts"
    # The libvirt Terraform provider's own SSH client reads `knownhosts`; libvirt's clients read
    # `known_hosts`, and only their libssh transport does (their qemu+ssh uses ~/.ssh/known_hosts).
    printf "LIBVIRT_URI='qemu+ssh://root@127.0.0.1:%s/system?keyfile=%s&knownhosts=%s'\n" "$port" "$key" "$known_hosts"
    printf "VIRSH_URI='qemu+libssh://root@127.0.0.1:%s/system?keyfile=%s&known_hosts=%s&sshauth=privkey'\n" "$port" "$key" "$known_hosts"
    printf "DISKS='%s'\n" "$(printf '/dev/disk/by-id/virtio-%s ' "${disks[@]}" | sed 's/ $//')"
    # For clients that take the host key itself (Terraform's connection host_key).
    printf "HOST_KEY='%s'\n" "$(cut -d' ' -f1,2 "$image_dir/ssh_host_ed25519_key.pub")"
    printf "CONSOLE_LOG='%s'\nPIDFILE='%s'\nIMAGE='%s'\n" "$console" "$pidfile" "$image_dir"
  } >"$state"

  # Not -cpu max,-svm: with it, systemd's early mounts and udevd fail and the VM never answers.
  local no_kvm=" modprobe.blacklist=kvm_amd,kvm_intel"
  [[ $nested_kvm == 1 ]] && no_kvm=""
  say "starting QEMU (TCG, ${cpus} vCPUs, ${memory} MiB, ${#disks[@]} x $disk_size data disks, SSH on 127.0.0.1:$port)"
  nice -n "$niceness" qemu-system-x86_64 -name "$name" \
    -machine q35 -accel tcg,thread=multi -cpu max -smp "$cpus" -m "$memory" \
    -nodefaults -display none -serial "file:$console" \
    -kernel "$image_dir/vmlinuz" -initrd "$image_dir/initrd.img" \
    -append "root=LABEL=kvmbench-storage rw console=ttyS0 net.ifnames=0$no_kvm" \
    -drive "if=none,id=root,file=$run/root.qcow2,format=qcow2,cache=unsafe,discard=unmap" \
    -device virtio-blk-pci,drive=root \
    "${drives[@]}" \
    -netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-pci,netdev=net0 \
    -device virtio-rng-pci \
    -daemonize -pidfile "$pidfile" 2>"$run/qemu.log" 9>&- || die "QEMU did not start: $(cat "$run/qemu.log")"

  say "waiting for SSH (up to ${boot_timeout} s; about a minute on two idle cores)"
  for ((i = 0; ; i++)); do
    ssh_answers && break
    qemu_pid >/dev/null || die "QEMU exited while booting"
    ((SECONDS - started < boot_timeout)) || die "SSH did not answer within ${boot_timeout} s"
    ((i % 6 == 5)) && say "still booting ($((SECONDS - started)) s): $(tail -n 1 "$console" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' | tr -cd '[:print:]' | cut -c1-100)"
    sleep 5
  done
  say "SSH answers after $((SECONDS - started)) s"
  # Go's SSH client (the provider's) rejects a host whose known_hosts entry has another key type
  # than the one it negotiates, so list every host key, read over the connection the baked
  # ed25519 key just verified.
  vm_ssh 'cat /etc/ssh/ssh_host_*_key.pub' </dev/null | awk -v host="[127.0.0.1]:$port" '{ print host, $1, $2 }' >"$known_hosts.new"
  mv "$known_hosts.new" "$known_hosts"
  # Units started after sshd may still be settling: the checks below wait for what tests need.
  vm_ssh 'udevadm settle --timeout=60
    for d in '"${disks[*]}"'; do [ -e /dev/disk/by-id/virtio-$d ] || { echo "no /dev/disk/by-id/virtio-$d" >&2; exit 1; }; done
    [ -d /sys/module/zfs ] || modprobe zfs' </dev/null || die "the VM is not ready (data disks or the zfs module)"
  trap - EXIT
  say "ready after $((SECONDS - started)) s"
  print_status
  echo "$state"
}

down() {
  lock
  if qemu_pid >/dev/null; then stop_qemu; fi
  rm -rf "$run"
  say "down"
}

status() {
  local pid
  if pid="$(qemu_pid)"; then
    if ssh_answers; then
      print_status
      return 0
    fi
    say "starting or not answering: QEMU runs (pid $pid) but SSH on port $(state_value PORT) does not answer"
    return 3
  fi
  if [[ -f $image_dir/storage-host.qcow2 ]]; then
    say "down (image built: $image_dir)"
  else
    say "down (image not built yet: $image_dir)"
  fi
  return 3
}

command="${1:-}"
[[ $# -gt 0 ]] && shift
case "$command" in
  build) lock; build; echo "$image_dir" ;;
  image)
    echo "$image_dir"
    [[ -f $image_dir/storage-host.qcow2 ]] || exit 3
    ;;
  up) up ;;
  down) down ;;
  status) status ;;
  env)
    qemu_pid >/dev/null || { say "down"; exit 3; }
    cat "$state"
    ;;
  ssh)
    qemu_pid >/dev/null || die "down: run $0 up first"
    if (($# == 0)); then vm_ssh -t; else vm_ssh "$@"; fi
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 64
    ;;
esac
