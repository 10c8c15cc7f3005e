#!/usr/bin/env bash
# kvmbench storage test host: builds the image of a Debian bookworm VM that has what this
# machine's kernel lacks, ZFS and device-mapper, from Debian packages only (nothing is
# downloaded from anywhere else). kvmbench reaches it as a user reaches a second KVM host:
# host steps over SSH, libvirt over qemu+ssh://.
#
#   test-host/storage-host/image.sh OUTPUT_DIR
#
# Writes into OUTPUT_DIR:
#   storage-host.qcow2       the root filesystem (ext4, label kvmbench-storage, no partition table)
#   vmlinuz, initrd.img      the kernel (Debian's linux-image-amd64, 6.1) and its initramfs, for
#                            direct kernel boot (the image has no bootloader)
#   id_ed25519[.pub]         the key root logs in with (made here; its public half is baked into
#                            /root/.ssh/authorized_keys, so a booted overlay needs no injection)
#   ssh_host_ed25519_key.pub the VM's host key, for a known_hosts file without ssh-keyscan
#   versions.txt             kernel, OpenZFS and the versions of the main packages
#
# Inside: OpenZFS 2.3 (zfs-dkms and zfsutils-linux from bookworm-backports, contrib; the module
# is built by DKMS for the installed kernel and loaded at boot), LVM with thin provisioning,
# ext4/xfs tools, qemu-utils, fio, QEMU and libvirt (pool default over /var/lib/libvirt/images,
# autostarted; no libvirt network: guests there have none), sshd (root by key only), DHCP on
# the first Ethernet interface (systemd-networkd). The DKMS build makes this a ~20 minute job on
# two cores: run it with nice.
#
# Environment: KVMBENCH_DEBIAN_MIRROR (default http://deb.debian.org/debian),
#              KVMBENCH_DEBIAN_SECURITY_MIRROR (default http://deb.debian.org/debian-security).
# Runs as root (debootstrap, chroot).
set -euo pipefail

out="${1:?usage: image.sh OUTPUT_DIR}"
mirror="${KVMBENCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security="${KVMBENCH_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
suite=bookworm
label=kvmbench-storage
# The free space the tests get on the root filesystem (sparse: it costs nothing until written).
free_mib=6144
packages=(
  linux-image-amd64 linux-headers-amd64 dkms build-essential initramfs-tools kmod
  systemd-sysv udev dbus openssh-server iproute2 procps less
  lvm2 thin-provisioning-tools xfsprogs e2fsprogs util-linux gdisk parted
  qemu-utils qemu-system-x86 libvirt-daemon-system libvirt-clients dmidecode netcat-openbsd
  genisoimage fio
)
zfs_packages=(zfs-dkms zfsutils-linux)

step() { printf 'storage host image: %s\n' "$*" >&2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/kvmbench-storage-image.XXXXXX")"
root="$work/root"
mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# in_chroot LOG COMMAND...: runs COMMAND in the chroot, its output in $work/LOG (tail on failure).
in_chroot() {
  local log="$work/$1"
  shift
  chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@" >>"$log" 2>&1 || {
    tail -n 40 "$log" >&2
    exit 1
  }
}

step "debootstrap $suite (minbase; main, contrib) from $mirror"
debootstrap --variant=minbase --components=main,contrib "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}
cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main contrib
deb $mirror $suite-updates main contrib
deb $mirror $suite-backports main contrib
deb $security $suite-security main contrib
SOURCES

for fs in proc sys dev dev/pts; do
  mount --bind "/$fs" "$root/$fs"
  mounted+=("$root/$fs")
done
# The kernel's postinst must not look for a bootloader; the image boots by direct kernel boot.
printf 'do_symlinks = yes\nlink_in_boot = yes\ndo_bootloader = no\n' >"$root/etc/kernel-img.conf"
# No daemon starts in the chroot (the packages' postinsts would start sshd, libvirtd...).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

step "apt-get update ($suite, $suite-updates, $suite-backports, $suite-security)"
in_chroot apt.log apt-get update -q
step "apt-get install ${packages[*]}"
in_chroot apt.log apt-get install -y -q --no-install-recommends "${packages[@]}"

kernels=("$root"/lib/modules/*)
((${#kernels[@]} == 1)) || { step "expected one kernel in the image, found: ${kernels[*]##*/}"; exit 1; }
kver="${kernels[0]##*/}"
[[ -d "$root/usr/src/linux-headers-$kver" ]] || { step "no headers for kernel $kver"; exit 1; }

# DKMS builds the module for the kernels it finds with headers; the running kernel (this
# machine's) has none in the chroot, and the build is made explicit for $kver below anyway.
step "apt-get install -t $suite-backports ${zfs_packages[*]} (DKMS builds OpenZFS for $kver: the long part)"
in_chroot apt.log apt-get install -y -q --no-install-recommends -t "$suite-backports" "${zfs_packages[@]}"
in_chroot dkms.log dkms autoinstall -k "$kver"
modules=$(find "$root/lib/modules/$kver" -name 'zfs.ko*' -o -name 'spl.ko*' | sed "s#^$root##" | sort)
[[ $(printf '%s\n' "$modules" | grep -c .) -eq 2 ]] || {
  step "DKMS did not install zfs.ko and spl.ko for $kver (found: ${modules:-nothing})"
  tail -n 40 "$work/dkms.log" "$work/apt.log" >&2
  exit 1
}
in_chroot dkms.log depmod -a "$kver"
step "OpenZFS modules for $kver: $(printf '%s\n' "$modules" | tr '\n' ' ')"

in_chroot apt.log apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root/usr/sbin/policy-rc.d"

step "configure"
printf 'LABEL=%s / ext4 defaults,errors=remount-ro 0 1\n' "$label" >"$root/etc/fstab"
printf 'kvmbench-storage\n' >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 kvmbench-storage\n' >"$root/etc/hosts"
# A fixed machine id: no first-boot units (systemd-firstboot would wait for answers on the console).
tr -d '-' </proc/sys/kernel/random/uuid >"$root/etc/machine-id"
printf 'zfs\n' >"$root/etc/modules-load.d/zfs.conf"

cat >"$root/etc/systemd/network/80-kvmbench.network" <<'NETWORK'
[Match]
Name=en* eth*

[Network]
DHCP=ipv4
NETWORK
ln -sfn /lib/systemd/system/systemd-networkd.service "$root/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
# Background jobs that would only compete for the two emulated CPUs.
for timer in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer fstrim.timer logrotate.timer; do
  ln -sfn /dev/null "$root/etc/systemd/system/$timer"
done

cat >"$root/etc/ssh/sshd_config.d/kvmbench.conf" <<'SSHD'
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
SSHD
# -L: the link points into the image (/lib/systemd/...), not into this machine.
[[ -L "$root/etc/systemd/system/multi-user.target.wants/ssh.service" ]] || {
  step "openssh-server did not enable ssh.service"
  exit 1
}
[[ -f "$root/etc/ssh/ssh_host_ed25519_key.pub" ]] || { step "openssh-server made no host key"; exit 1; }
ssh-keygen -q -t ed25519 -N '' -C "root@kvmbench-storage-host" -f "$work/id_ed25519"
install -d -m 0700 "$root/root/.ssh"
install -m 0600 "$work/id_ed25519.pub" "$root/root/.ssh/authorized_keys"

# libvirt: the pool default, autostarted; no network (the package defines one over dnsmasq).
rm -f "$root/etc/libvirt/qemu/networks/autostart/default.xml" "$root/etc/libvirt/qemu/networks/default.xml"
install -d -m 0755 "$root/etc/libvirt/storage/autostart" "$root/var/lib/libvirt/images"
cat >"$root/etc/libvirt/storage/default.xml" <<POOL
<pool type='dir'>
  <name>default</name>
  <uuid>$(cat /proc/sys/kernel/random/uuid)</uuid>
  <target>
    <path>/var/lib/libvirt/images</path>
  </target>
</pool>
POOL
ln -sfn /etc/libvirt/storage/default.xml "$root/etc/libvirt/storage/autostart/default.xml"

{
  printf 'kernel %s\n' "$kver"
  printf 'zfs-module %s\n' "$(sed -n 's/^version:[[:space:]]*//p' <(chroot "$root" modinfo -k "$kver" zfs))"
  chroot "$root" dpkg-query -W -f '${Package} ${Version}\n' linux-image-amd64 zfs-dkms zfsutils-linux lvm2 \
    thin-provisioning-tools qemu-system-x86 qemu-utils libvirt-daemon-system fio xfsprogs e2fsprogs openssh-server
} >"$work/versions.txt"

for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}"; done
mounted=()

step "kernel and initrd"
cp "$root/boot/vmlinuz-$kver" "$work/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$work/initrd.img"
cp "$root/etc/ssh/ssh_host_ed25519_key.pub" "$work/ssh_host_ed25519_key.pub"

step "root filesystem (mkfs.ext4 -d) and qcow2"
used_mib=$(du -sm "$root" | cut -f1)
size_mib=$((used_mib + free_mib))
truncate -s "${size_mib}M" "$work/root.raw"
mkfs.ext4 -q -F -L "$label" -d "$root" "$work/root.raw"
qemu-img convert -q -f raw -O qcow2 "$work/root.raw" "$work/storage-host.qcow2"

mkdir -p "$out"
chmod 0644 "$work/storage-host.qcow2" "$work/vmlinuz" "$work/initrd.img" "$work/ssh_host_ed25519_key.pub" "$work/versions.txt" "$work/id_ed25519.pub"
chmod 0600 "$work/id_ed25519"
mv "$work/storage-host.qcow2" "$work/vmlinuz" "$work/initrd.img" "$work/id_ed25519" "$work/id_ed25519.pub" \
  "$work/ssh_host_ed25519_key.pub" "$work/versions.txt" "$out/"
step "done: $out/storage-host.qcow2 ($(du -h "$out/storage-host.qcow2" | cut -f1), ${size_mib} MiB filesystem); $(tr '\n' ';' <"$out/versions.txt" | cut -c1-200)"
