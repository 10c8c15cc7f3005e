package main

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// committedSchemas loads the schema the plugin serves, from the project's schema cache.
func committedSchemas(t *testing.T) *providerSchemas {
	t.Helper()
	raw, err := os.ReadFile("../../providers/schema-cache/libvirt@0.9.7.json")
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := loadProviderSchemas(raw)
	if err != nil {
		t.Fatal(err)
	}
	return schemas
}

func nested(t *testing.T, attributes []*tfprotov6.SchemaAttribute, path ...string) *tfprotov6.SchemaAttribute {
	t.Helper()
	var a *tfprotov6.SchemaAttribute
	for _, name := range path {
		if a = attributeNamed(attributes, name); a == nil {
			t.Fatalf("no attribute %v", path)
		}
		if a.NestedType != nil {
			attributes = a.NestedType.Attributes
		}
	}
	return a
}

func TestCommittedSchemaConvertsToProtocolSchemas(t *testing.T) {
	schemas := committedSchemas(t)
	for _, name := range []string{"libvirt_volume", "libvirt_pool", "libvirt_cloudinit_disk", "libvirt_domain", "libvirt_network"} {
		if schemas.Resources[name] == nil {
			t.Errorf("resource %s missing", name)
		}
	}
	if schemas.DataSources["libvirt_node_info"] == nil {
		t.Error("data source libvirt_node_info missing")
	}
	if uri := attributeNamed(schemas.Provider.Block.Attributes, "uri"); uri == nil || !uri.Optional || !uri.Type.Is(tftypes.String) {
		t.Errorf("provider uri: %+v", uri)
	}

	volume := schemas.Resources["libvirt_volume"].Block.Attributes
	if target := nested(t, volume, "target"); target.NestedType.Nesting != tfprotov6.SchemaObjectNestingModeSingle || target.Type != nil {
		t.Errorf("volume target should be a single nested attribute without a type: %+v", target)
	}
	if format := nested(t, volume, "target", "format", "type"); !format.Required || !format.Type.Is(tftypes.String) {
		t.Errorf("target.format.type: %+v", format)
	}
	if path := nested(t, volume, "target", "path"); !path.Computed || path.Optional {
		t.Errorf("target.path should be computed only: %+v", path)
	}
	domain := schemas.Resources["libvirt_domain"].Block.Attributes
	if disks := nested(t, domain, "devices", "disks"); disks.NestedType.Nesting != tfprotov6.SchemaObjectNestingModeList {
		t.Errorf("devices.disks should be a list: %+v", disks)
	}
	if memory := nested(t, domain, "memory"); !memory.Type.Is(tftypes.Number) || !memory.Optional {
		t.Errorf("memory: %+v", memory)
	}

	// The protocol's value type follows from the nested attributes: lists of objects.
	typ := schemas.Resources["libvirt_domain"].ValueType().(tftypes.Object)
	disks := typ.AttributeTypes["devices"].(tftypes.Object).AttributeTypes["disks"]
	if !disks.Is(tftypes.List{ElementType: tftypes.Object{}}) {
		t.Errorf("devices.disks type %s", disks)
	}
}

func TestSchemaConversionKeepsCollectionTypesAndOrder(t *testing.T) {
	schemas, err := loadProviderSchemas([]byte(`{"provider_schemas": {"registry.terraform.io/dmacvicar/libvirt": {
		"provider": {"version": 0, "block": {"attributes": {}}},
		"resource_schemas": {"x": {"version": 2, "block": {"attributes": {
			"tags": {"type": ["list", "string"], "optional": true},
			"b": {"nested_type": {"nesting_mode": "list", "attributes": {"n": {"type": "number", "required": true}}}, "optional": true},
			"a": {"type": "bool", "computed": true, "sensitive": true}}}}},
		"data_source_schemas": {}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	x := schemas.Resources["x"]
	if x.Version != 2 {
		t.Errorf("version %d", x.Version)
	}
	names := []string{}
	for _, a := range x.Block.Attributes {
		names = append(names, a.Name)
	}
	if want := []string{"a", "b", "tags"}; len(names) != 3 || names[0] != want[0] || names[1] != want[1] || names[2] != want[2] {
		t.Errorf("attributes in order %v, want %v", names, want)
	}
	if a := x.Block.Attributes[0]; !a.Computed || !a.Sensitive {
		t.Errorf("a: %+v", a)
	}
	if tags := x.Block.Attributes[2]; !tags.Type.Is(tftypes.List{ElementType: tftypes.String}) {
		t.Errorf("tags type %s", tags.Type)
	}
	if b := x.Block.Attributes[1]; b.NestedType.Nesting != tfprotov6.SchemaObjectNestingModeList || !b.NestedType.Attributes[0].Required {
		t.Errorf("b: %+v", b.NestedType)
	}
}

func TestSchemaConversionRejectsUnknownNesting(t *testing.T) {
	_, err := loadProviderSchemas([]byte(`{"provider_schemas": {"registry.terraform.io/dmacvicar/libvirt": {
		"provider": {"block": {"attributes": {}}},
		"resource_schemas": {"x": {"block": {"attributes": {"g": {"nested_type": {"nesting_mode": "group", "attributes": {}}}}}}}}}}`))
	if err == nil {
		t.Fatal("a nesting mode the protocol lacks should be an error")
	}
}
