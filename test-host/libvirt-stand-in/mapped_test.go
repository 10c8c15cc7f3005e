package main

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestUnmappedAttributesAreNamedWithTheirPath(t *testing.T) {
	schema := committedSchemas(t).Resources["libvirt_volume"]
	config := object{"name": "v", "pool": "default", "allocation_unit": "KiB",
		"target": object{"format": object{"type": "raw"}, "permissions": object{"mode": "0600"}}}
	got := unmappedAttributes(schema.Block.Attributes, config, volume{}.mapped())
	want := map[string]*tftypes.AttributePath{
		"allocation_unit":    tftypes.NewAttributePath().WithAttributeName("allocation_unit"),
		"target.permissions": tftypes.NewAttributePath().WithAttributeName("target").WithAttributeName("permissions"),
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, u := range got {
		if !u.path.Equal(want[u.display]) {
			t.Errorf("%s: path %v, want %v", u.display, u.path, want[u.display])
		}
	}
}

func TestUnmappedAttributesInListsAreNamedWithTheirIndex(t *testing.T) {
	schema := committedSchemas(t).Resources["libvirt_domain"]
	config := object{
		"name": "vm", "type": "qemu", "title": "not mapped",
		"features": object{"acpi": true, "apic": object{"eoi": "on"}},
		"devices": object{"disks": list{
			object{"target": object{"dev": "vda"}},
			object{"source": object{"network": object{"name": "rbd/x"}}, "target": object{"dev": "vdb"}},
		}},
	}
	got := map[string]*tftypes.AttributePath{}
	for _, u := range unmappedAttributes(schema.Block.Attributes, config, domain{}.mapped()) {
		got[u.display] = u.path
	}
	want := map[string]*tftypes.AttributePath{
		"title":                           tftypes.NewAttributePath().WithAttributeName("title"),
		"features.apic.eoi":               tftypes.NewAttributePath().WithAttributeName("features").WithAttributeName("apic").WithAttributeName("eoi"),
		"devices.disks[1].source.network": tftypes.NewAttributePath().WithAttributeName("devices").WithAttributeName("disks").WithElementKeyInt(1).WithAttributeName("source").WithAttributeName("network"),
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for display, path := range want {
		if !got[display].Equal(path) {
			t.Errorf("%s: path %v, want %v", display, got[display], path)
		}
	}
}

func TestWhatKvmbenchSetsIsMapped(t *testing.T) {
	schemas := committedSchemas(t)
	domainConfig := object{
		"name": "vm", "type": "kvm", "memory": int64(2048), "memory_unit": "MiB", "vcpu": int64(2), "autostart": false, "running": true,
		"cpu":      object{"mode": "host-passthrough"},
		"os":       object{"type": "hvm", "type_arch": "x86_64", "type_machine": "q35", "firmware": "efi", "kernel": "/k", "initrd": "/i", "cmdline": "console=ttyS0"},
		"features": object{"acpi": true, "apic": object{}, "hyper_v": object{"relaxed": object{"state": "on"}, "vp_index": object{"state": "on"}}},
		"clock":    object{"offset": "localtime", "timer": list{object{"name": "rtc", "tick_policy": "catchup"}, object{"name": "hpet", "present": "no"}}},
		"devices": object{
			"disks": list{object{"device": "cdrom", "source": object{"volume": object{"pool": "default", "volume": "x.iso"}},
				"target": object{"dev": "sda", "bus": "sata"}, "driver": object{"name": "qemu", "type": "raw", "cache": "none", "io": "native", "discard": "unmap"},
				"serial": "s", "read_only": true, "boot": object{"order": int64(1)}}},
			"controllers": list{object{"type": "sata", "index": int64(0)}, object{"type": "scsi", "model": "virtio-scsi", "index": int64(0)}},
			"serials": list{object{"target": object{"type": "isa-serial", "port": int64(0)}, "log": object{"file": "/l", "append": "on"}},
				object{"source": object{"file": object{"path": "/f", "append": "off"}}, "target": object{"type": "isa-serial", "port": int64(1)}}},
			"interfaces": list{object{"source": object{"bridge": object{"bridge": "br0"}}, "model": object{"type": "virtio"}}},
		},
	}
	if u := unmappedAttributes(schemas.Resources["libvirt_domain"].Block.Attributes, domainConfig, domain{}.mapped()); len(u) != 0 {
		t.Errorf("unmapped: %v", u)
	}
	volumeConfig := object{"name": "v", "pool": "default", "capacity": int64(1), "target": object{"format": object{"type": "qcow2"}},
		"backing_store": object{"path": "/b", "format": object{"type": "qcow2"}}, "create": object{"content": object{"url": "/i"}}}
	if u := unmappedAttributes(schemas.Resources["libvirt_volume"].Block.Attributes, volumeConfig, volume{}.mapped()); len(u) != 0 {
		t.Errorf("unmapped: %v", u)
	}
	poolConfig := object{"name": "p", "type": "logical", "source": object{"name": "vg", "device": list{object{"path": "/dev/sdb"}}}, "target": object{"path": "/dev/vg"}}
	if u := unmappedAttributes(schemas.Resources["libvirt_pool"].Block.Attributes, poolConfig, pool{}.mapped()); len(u) != 0 {
		t.Errorf("unmapped: %v", u)
	}
}
