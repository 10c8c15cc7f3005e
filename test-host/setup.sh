#!/usr/bin/env bash
# kvmbench test host: makes this Debian machine a KVM host the tests can deploy to, as root.
# Idempotent; a second run takes seconds. `npm run setup:test-host` runs it; .ci/run calls it.
#
#  1. Debian packages: libvirt, QEMU, the tools host steps and tests run (fio, mkfs.ext4/xfs,
#     qemu-img, cloud-init's schema check, lvm2), debootstrap, and Chromium (report tests).
#  2. virtlogd and libvirtd, started by hand when nothing runs them (no init system here), and
#     shared mount propagation as systemd sets it up.
#  3. The libvirt storage pool `default` (/var/lib/libvirt/images) for the guests' boot disks.
#  4. kvmbench's stand-in for the libvirt provider dmacvicar/libvirt 0.9.7
#     (test-host/libvirt-stand-in/, a provider plugin built with Go) in a filesystem mirror of its
#     own, and a Terraform CLI configuration that takes the provider from there. The end-to-end
#     tests deploy with it unless the real provider is in Terraform's implicit mirror
#     (~/.terraform.d/plugins; this project never builds or installs it).
#  5. The test guest image (test-host/guest-image.sh), cached outside the repository under a
#     hash of its recipe.
#
# The last line of output is the path of the guest image. Status lines go to stderr.
# Environment: KVMBENCH_TEST_HOST_CACHE (default /var/cache/kvmbench-test-host).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive CHECKPOINT_DISABLE=1

cache="${KVMBENCH_TEST_HOST_CACHE:-/var/cache/kvmbench-test-host}"
say() { printf 'test host: %s\n' "$*" >&2; }

[[ $EUID -eq 0 ]] || { say "run as root (libvirtd, loop devices, debootstrap)"; exit 1; }

# 1. packages
packages=(libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils debootstrap fio xfsprogs e2fsprogs
  util-linux lvm2 cloud-init chromium genisoimage)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. daemons
pgrep -x virtlogd >/dev/null || { say "starting virtlogd"; virtlogd -d; }
pgrep -x libvirtd >/dev/null || { say "starting libvirtd"; libvirtd -d; }
for _ in $(seq 50); do virsh -q -c qemu:///system uri >/dev/null 2>&1 && break; sleep 0.2; done
virsh -q -c qemu:///system uri >/dev/null || { say "libvirtd does not answer on qemu:///system"; exit 1; }

# libvirt starts each QEMU in a mount namespace of its own, a copy of the host's mounts. With
# systemd every mount is shared, so unmounting a scenario's filesystem on the host unmounts it in
# the copies too. Without an init system mounts are private: a guest started while another
# scenario's filesystem was mounted would keep that filesystem (and its disk) busy.
if [[ "$(findmnt -no PROPAGATION /)" == private ]]; then
  say "making / a shared mount, as systemd does"
  mount --make-rshared /
fi

# 3. the default pool
if ! virsh -q pool-info default >/dev/null 2>&1; then
  say "defining the libvirt pool default (/var/lib/libvirt/images)"
  virsh -q pool-define-as default dir --target /var/lib/libvirt/images >/dev/null
  virsh -q pool-build default >/dev/null
  virsh -q pool-autostart default >/dev/null
fi
[[ "$(virsh -q pool-info default | awk '/^State:/ {print $2}')" == running ]] || virsh -q pool-start default >/dev/null

# 4. the provider's stand-in, rebuilt when its sources or the schema it serves change
stand_in_sources=(test-host/libvirt-stand-in/*.go test-host/libvirt-stand-in/go.mod test-host/libvirt-stand-in/go.sum
  test-host/libvirt-stand-in/build.sh providers/schema-cache/libvirt@0.9.7.json)
stand_in_hash="$(cat "${stand_in_sources[@]}" | sha256sum | cut -c1-16)"
stand_in="$cache/libvirt-stand-in"
if [[ "$(cat "$stand_in/built-from" 2>/dev/null)" != "$stand_in_hash" ]]; then
  command -v go >/dev/null || { say "no Go toolchain: the provider's stand-in cannot be built"; exit 1; }
  say "building the libvirt provider's stand-in (Go) into $stand_in/mirror"
  rm -rf "$stand_in"
  bash test-host/libvirt-stand-in/build.sh "$stand_in/mirror" >/dev/null
  echo "$stand_in_hash" >"$stand_in/built-from"
fi
cat >"$stand_in/terraform.rc" <<EOF
# Terraform CLI configuration: the libvirt provider from kvmbench's stand-in (npm run setup:test-host).
disable_checkpoint = true
provider_installation {
  filesystem_mirror {
    path    = "$stand_in/mirror"
    include = ["registry.terraform.io/dmacvicar/libvirt"]
  }
  direct {
    exclude = ["registry.terraform.io/dmacvicar/libvirt"]
  }
}
EOF
command -v terraform >/dev/null || say "WARNING: no terraform binary on PATH: deploys need Terraform 1.5+ (or OpenTofu)"

# 5. the guest image
recipe_hash="$(sha256sum test-host/guest-image.sh | cut -c1-16)"
image_dir="$cache/guest-$recipe_hash"
if [[ ! -f "$image_dir/guest.qcow2" ]]; then
  say "building the guest image (Debian packages; a few minutes) into $image_dir"
  rm -rf "$image_dir.partial"
  bash test-host/guest-image.sh "$image_dir.partial"
  mv "$image_dir.partial" "$image_dir"
fi
ln -sfn "$image_dir" "$cache/guest"
say "ready: libvirtd, pool default, the provider's stand-in (TF_CLI_CONFIG_FILE=$stand_in/terraform.rc), guest image in $cache/guest"
echo "$cache/guest/guest.qcow2"
