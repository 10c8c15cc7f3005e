package main

import (
	"testing"
)

func TestValuesRoundTripThroughTerraformTypes(t *testing.T) {
	typ := committedSchemas(t).Resources["libvirt_volume"].ValueType()
	in := object{"name": "v", "pool": "default", "capacity": int64(1 << 40), "id": Unknown, "key": nil,
		"target": object{"format": object{"type": "raw"}, "path": Unknown}}
	value, err := encode(in, typ)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := decode(value)
	if err != nil {
		t.Fatal(err)
	}
	out := decoded.(object)
	target := objectAt(out, "target")
	checks := map[string][2]any{
		"name":               {out["name"], "v"},
		"capacity":           {out["capacity"], int64(1 << 40)},
		"id (unknown)":       {out["id"], Unknown},
		"key (null)":         {out["key"], nil},
		"allocation (unset)": {out["allocation"], nil},
		"target.format.type": {objectAt(target, "format")["type"], "raw"},
		"target.path":        {target["path"], Unknown},
		"target.permissions": {target["permissions"], nil},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s: got %#v, want %#v", name, c[0], c[1])
		}
	}
}

func TestEmptyListIsNotNull(t *testing.T) {
	typ := committedSchemas(t).Resources["libvirt_pool"].ValueType()
	value, err := encode(object{"source": object{"device": list{}}}, typ)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := decode(value)
	devices := objectAt(out.(object), "source")["device"]
	if devices == nil || len(devices.(list)) != 0 {
		t.Errorf("an empty list stays an empty list: %#v", devices)
	}
}
