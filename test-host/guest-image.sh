#!/usr/bin/env bash
# kvmbench test host: builds the Linux guest image the end-to-end tests boot, from Debian
# packages only (nothing is downloaded from anywhere else).
#
#   test-host/guest-image.sh OUTPUT_DIR
#
# Writes into OUTPUT_DIR:
#   guest.qcow2   the root filesystem (ext4, label kvmbench-root, no partition table)
#   vmlinuz       the kernel, for direct kernel boot (the image has no bootloader)
#   initrd.img    its initramfs
#
# The kernel is Debian's cloud kernel (linux-image-cloud-amd64), the one in Debian's
# genericcloud images, on purpose: it has no AHCI driver, so a guest that reads its cloud-init
# data only from a SATA CD-ROM never configures itself; the tests keep that trap covered.
# cloud-init reads a NoCloud disk; fio is in the image because the guest has no network.
#
# Environment: KVMBENCH_DEBIAN_MIRROR (default http://deb.debian.org/debian),
#              KVMBENCH_DEBIAN_SUITE (default bookworm). Runs as root (debootstrap, chroot).
set -euo pipefail

out="${1:?usage: guest-image.sh OUTPUT_DIR}"
mirror="${KVMBENCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="${KVMBENCH_DEBIAN_SUITE:-bookworm}"
packages=(linux-image-cloud-amd64 systemd-sysv udev cloud-init fio)

step() { printf 'guest image: %s\n' "$*" >&2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/kvmbench-image.XXXXXX")"
root="$work/root"
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

step "debootstrap $suite (minbase) from $mirror"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}

for fs in proc sys dev; do
  mount --bind "/$fs" "$root/$fs"
  mounted+=("$root/$fs")
done
# The kernel's postinst must not look for a bootloader; the image boots by direct kernel boot.
mkdir -p "$root/etc/kernel"
printf 'do_symlinks = yes\nlink_in_boot = yes\ndo_bootloader = no\n' >"$root/etc/kernel-img.conf"

step "apt-get install ${packages[*]}"
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive LC_ALL=C apt-get install -y -q --no-install-recommends \
  "${packages[@]}" >"$work/apt.log" 2>&1 || {
  tail -n 30 "$work/apt.log" >&2
  exit 1
}
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/*

step "configure"
printf 'LABEL=kvmbench-root / ext4 defaults 0 1\n' >"$root/etc/fstab"
printf 'kvmbench-guest\n' >"$root/etc/hostname"
# Only NoCloud: no network metadata services to wait for.
printf 'datasource_list: [ NoCloud, None ]\n' >"$root/etc/cloud/cloud.cfg.d/90-kvmbench.cfg"
# The root filesystem is made to size here; there is no partition to grow.
printf 'growpart: { mode: "off" }\nresize_rootfs: false\n' >"$root/etc/cloud/cloud.cfg.d/91-kvmbench-disk.cfg"

for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}"; done
mounted=()

step "kernel and initrd"
mkdir -p "$out"
cp "$(readlink -f "$root/boot/vmlinuz")" "$work/vmlinuz"
cp "$(readlink -f "$root/boot/initrd.img")" "$work/initrd.img"

step "root filesystem (mkfs.ext4 -d) and qcow2"
used_mib=$(du -sm "$root" | cut -f1)
size_mib=$((used_mib + 512))
truncate -s "${size_mib}M" "$work/root.raw"
mkfs.ext4 -q -F -L kvmbench-root -d "$root" "$work/root.raw"
qemu-img convert -q -c -f raw -O qcow2 "$work/root.raw" "$work/guest.qcow2"

chmod 0644 "$work/guest.qcow2" "$work/vmlinuz" "$work/initrd.img"
mv "$work/guest.qcow2" "$work/vmlinuz" "$work/initrd.img" "$out/"
step "done: $out/guest.qcow2 ($(du -h "$out/guest.qcow2" | cut -f1)), $out/vmlinuz, $out/initrd.img"
