#!/usr/bin/env bash
# kvmbench test host: makes this Debian machine a KVM host the tests can deploy to, as root.
# Idempotent; a second run takes seconds. `npm run setup:test-host` runs it; .ci/run calls it.
#
#  1. The tools of test-host/host-tools.ts, the one list of the commands kvmbench and its tests
#     run: their Debian packages (libvirt, QEMU, fio, mkfs, lvm2, genisoimage, debootstrap,
#     Chromium...), and Terraform built from its Go module where it is missing.
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
#  6. The storage test host's image (test-host/storage-host/image.sh: a Debian VM with OpenZFS 2.3
#     and LVM, docs/storage-host.md), cached the same way: about 20 minutes the first time,
#     seconds after. The set-up does not boot it: its end-to-end suite does, and stops it again.
#  7. A check that every tool of the list is there; it fails naming what is missing.
#
# Run `npm ci` first (the list is read with tsx). The last line of output is the path of the guest image. Status lines go to stderr.
# Environment: KVMBENCH_TEST_HOST_CACHE (default /var/cache/kvmbench-test-host).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive CHECKPOINT_DISABLE=1

cache="${KVMBENCH_TEST_HOST_CACHE:-/var/cache/kvmbench-test-host}"
say() { printf 'test host: %s\n' "$*" >&2; }

[[ $EUID -eq 0 ]] || { say "run as root (libvirtd, loop devices, debootstrap)"; exit 1; }
[[ -e node_modules/tsx ]] || { say "run npm ci first"; exit 1; }
host_tools() { node --import tsx test-host/host-tools.ts "$@"; }

# libvirt's QEMU (not root) boots the guest image from the cache: others must get through
# every folder on the way (a cache made by `mktemp -d` is 0700: the guest's start then fails
# with "could not open kernel file ... Permission denied").
mkdir -p "$cache"
folder="$(realpath "$cache")"
while [[ $folder != / ]]; do
  [[ $(stat -c %A "$folder") == *x ]] || {
    say "libvirt's QEMU cannot reach $cache: $folder is mode $(stat -c %a "$folder"); chmod o+x $folder, or pick another KVMBENCH_TEST_HOST_CACHE"
    exit 1
  }
  folder="$(dirname "$folder")"
done

# 1. the tools: Debian packages, then what is built from Go source
packages_text="$(host_tools packages test-host)"
mapfile -t packages <<<"$packages_text"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
go_builds="$(host_tools go-builds test-host)"
while read -r tool module; do
  [[ -n "$tool" ]] && ! command -v "$tool" >/dev/null || continue
  say "building $tool from the Go module $module (a few minutes)"
  # `go install` refuses modules with replace directives: build in the module's own source.
  source_dir="$(go mod download -json "$module" | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).Dir)')"
  (cd "$source_dir" && GOFLAGS=-buildvcs=false go build -o "/usr/local/bin/$tool" .)
done <<<"$go_builds"

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
# what killed test runs left (their domains keep names a deploy needs): test-host/earlier-runs.ts
node --import tsx test-host/earlier-runs.ts | sed 's/^/test host: /' >&2

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

# 6. the storage test host's image (its progress on stderr)
storage_host_started=$SECONDS
storage_host_image="$(bash test-host/storage-host/storage-host.sh build)"
say "storage host image: $storage_host_image ($((SECONDS - storage_host_started)) s)"

# 7. every tool of the list
host_tools check test-host >&2 || { say "tools still missing (above)"; exit 1; }
say "ready: libvirtd, pool default, the provider's stand-in (TF_CLI_CONFIG_FILE=$stand_in/terraform.rc), guest image in $cache/guest, storage host image in $storage_host_image"
echo "$cache/guest/guest.qcow2"
