#!/usr/bin/env bash
# kvmbench test host: makes this Debian machine a KVM host the tests can deploy to, as root.
# Idempotent; a second run takes seconds. `npm run setup:test-host` runs it; .ci/run calls it.
#
#  1. Debian packages: libvirt, QEMU, the tools host steps and tests run (fio, mkfs.ext4/xfs,
#     qemu-img, cloud-init's schema check, lvm2), debootstrap, and Chromium (report tests).
#  2. virtlogd and libvirtd, started by hand when nothing runs them (no init system here), and
#     shared mount propagation as systemd sets it up.
#  3. The libvirt storage pool `default` (/var/lib/libvirt/images) for the guests' boot disks.
#  4. The libvirt Terraform provider dmacvicar/libvirt 0.9.7, built from its Go module into
#     Terraform's implicit filesystem mirror (~/.terraform.d/plugins), when Go can fetch it.
#  5. The test guest image (test-host/guest-image.sh), cached outside the repository under a
#     hash of its recipe.
#
# The last line of output is the path of the guest image. Status lines go to stderr.
# Environment: KVMBENCH_TEST_HOST_CACHE (default /var/cache/kvmbench-test-host).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive CHECKPOINT_DISABLE=1

cache="${KVMBENCH_TEST_HOST_CACHE:-/var/cache/kvmbench-test-host}"
provider_version=0.9.7
provider_module=github.com/dmacvicar/terraform-provider-libvirt/v2
say() { printf 'test host: %s\n' "$*" >&2; }

[[ $EUID -eq 0 ]] || { say "run as root (libvirtd, loop devices, debootstrap)"; exit 1; }

# 1. packages
packages=(libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils debootstrap fio xfsprogs e2fsprogs
  util-linux lvm2 cloud-init chromium)
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

# 4. the provider
mirror_dir="$HOME/.terraform.d/plugins/registry.terraform.io/dmacvicar/libvirt/$provider_version/linux_amd64"
provider_bin="$mirror_dir/terraform-provider-libvirt_v$provider_version"
if [[ -x "$provider_bin" ]]; then
  :
elif command -v go >/dev/null; then
  say "building the libvirt provider $provider_version from its Go module"
  gobin="$(mktemp -d)"
  if GOBIN="$gobin" GOFLAGS=-buildvcs=false go install -ldflags "-X main.version=$provider_version" \
    "$provider_module@v$provider_version" 2>"$gobin/error.log"; then
    mkdir -p "$mirror_dir"
    mv "$gobin/terraform-provider-libvirt" "$provider_bin"
  else
    say "WARNING: the libvirt provider could not be built: $(tail -n 2 "$gobin/error.log" | tr '\n' ' ')"
    say "WARNING: deploys need it from the Terraform registry or a filesystem mirror; the end-to-end tests deploy through its stand-in (test-host/libvirt-stand-in) instead"
  fi
  rm -rf "$gobin"
else
  say "WARNING: no Go toolchain: the libvirt provider is not installed (deploys take it from the Terraform registry)"
fi
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
say "ready: libvirtd, pool default, guest image in $cache/guest"
echo "$cache/guest/guest.qcow2"
