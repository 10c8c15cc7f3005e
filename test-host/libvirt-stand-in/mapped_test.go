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

func TestWhatKvmbenchSetsIsMapped(t *testing.T) {
	schemas := committedSchemas(t)
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
