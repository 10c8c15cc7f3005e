#!/usr/bin/env bash
# Builds kvmbench's stand-in for the libvirt provider into a Terraform filesystem mirror:
#
#   test-host/libvirt-stand-in/build.sh <mirror-dir>
#
# writes <mirror-dir>/registry.terraform.io/dmacvicar/libvirt/0.9.7/linux_amd64/terraform-provider-libvirt_v0.9.7
# and prints that path on its last line. Idempotent: it rebuilds in place. Needs Go and the Go
# module proxy (dependencies are pinned by go.sum); running the plugin needs virsh, and
# genisoimage for libvirt_cloudinit_disk.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 <mirror-dir>" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
mirror="$(mkdir -p "$1" && cd "$1" && pwd)"
version=0.9.7
out="$mirror/registry.terraform.io/dmacvicar/libvirt/$version/linux_amd64/terraform-provider-libvirt_v$version"

# go:embed cannot reach outside the module: the committed schema cache is copied beside the sources.
cp "$here/../../providers/schema-cache/libvirt@$version.json" "$here/provider-schema.json"
mkdir -p "$(dirname "$out")"
(cd "$here" && CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" go build -trimpath -tags embedschema -o "$out.partial" .)
mv "$out.partial" "$out"
echo "$out"
