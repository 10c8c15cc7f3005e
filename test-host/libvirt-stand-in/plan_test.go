package main

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// A schema shaped like libvirt_volume's: computed id, key and target.path, a list with a
// computed attribute in its elements.
func planTestSchema(t *testing.T) *tfprotov6.Schema {
	t.Helper()
	schemas, err := loadProviderSchemas([]byte(`{"provider_schemas": {"registry.terraform.io/dmacvicar/libvirt": {
		"provider": {"block": {"attributes": {}}},
		"resource_schemas": {"v": {"block": {"attributes": {
			"id": {"type": "string", "computed": true},
			"key": {"type": "string", "computed": true},
			"name": {"type": "string", "required": true},
			"size": {"type": "number", "optional": true, "computed": true},
			"target": {"nested_type": {"nesting_mode": "single", "attributes": {
				"path": {"type": "string", "computed": true},
				"format": {"type": "string", "optional": true}}}, "optional": true},
			"items": {"nested_type": {"nesting_mode": "list", "attributes": {
				"n": {"type": "number", "required": true},
				"at": {"type": "string", "computed": true}}}, "optional": true}}}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	return schemas.Resources["v"]
}

var volumeLikeModifiers = planModifiers{requiresReplace: []string{"name"}, useStateForUnknown: []string{"id", "target.path"}}

func TestCreatePlanMarksComputedNullsUnknown(t *testing.T) {
	config := object{"name": "a", "size": int64(5), "target": object{"format": "raw"}, "items": list{object{"n": int64(1)}}}
	proposed := object{"id": nil, "key": nil, "name": "a", "size": int64(5), "target": object{"path": nil, "format": "raw"}, "items": list{object{"n": int64(1), "at": nil}}}
	planned, replace := planChange(planTestSchema(t), nil, proposed, config, volumeLikeModifiers)
	want := object{"id": Unknown, "key": Unknown, "name": "a", "size": int64(5), "target": object{"path": Unknown, "format": "raw"},
		"items": list{object{"n": int64(1), "at": Unknown}}}
	if !reflect.DeepEqual(planned, want) {
		t.Errorf("planned %#v\nwant    %#v", planned, want)
	}
	if replace != nil {
		t.Errorf("a create replaces nothing: %v", replace)
	}
}

func TestCreatePlanLeavesUnsetNestedObjectsNull(t *testing.T) {
	planned, _ := planChange(planTestSchema(t), nil, object{"name": "a"}, object{"name": "a"}, volumeLikeModifiers)
	if p := planned.(object); p["target"] != nil || p["items"] != nil || p["size"] != Unknown {
		t.Errorf("target and items stay null, size (optional+computed, unset) becomes unknown: %#v", p)
	}
}

func TestUnchangedResourcePlansItsPriorState(t *testing.T) {
	prior := object{"id": "/p/a", "key": "/p/a", "name": "a", "size": int64(5), "target": object{"path": "/p/a", "format": "raw"}, "items": nil}
	planned, replace := planChange(planTestSchema(t), prior, copyObject(prior), object{"name": "a", "size": int64(5), "target": object{"format": "raw"}}, volumeLikeModifiers)
	if !reflect.DeepEqual(planned, prior) || replace != nil {
		t.Errorf("an empty plan: got %#v, replace %v", planned, replace)
	}
}

func TestChangedResourceKeepsStateForUnknownAndAsksForReplacement(t *testing.T) {
	prior := object{"id": "/p/a", "key": "/p/a", "name": "a", "size": int64(5), "target": object{"path": "/p/a", "format": "raw"}, "items": nil}
	config := object{"name": "b", "size": int64(5), "target": object{"format": "raw"}}
	// Terraform proposes prior values for computed attributes the configuration leaves null.
	proposed := object{"id": "/p/a", "key": "/p/a", "name": "b", "size": int64(5), "target": object{"path": "/p/a", "format": "raw"}, "items": nil}
	planned, replace := planChange(planTestSchema(t), prior, proposed, config, volumeLikeModifiers)
	p := planned.(object)
	if p["id"] != "/p/a" || objectAt(p, "target")["path"] != "/p/a" {
		t.Errorf("UseStateForUnknown keeps id and target.path: %#v", p)
	}
	if p["key"] != Unknown {
		t.Errorf("key has no UseStateForUnknown, so it is unknown: %#v", p["key"])
	}
	if len(replace) != 1 || replace[0].String() != attributePath("name").String() {
		t.Errorf("name changed, so replace it: %v", replace)
	}
}

func TestUseStateForUnknownWaitsForAnUnknownConfigValue(t *testing.T) {
	schemas, err := loadProviderSchemas([]byte(`{"provider_schemas": {"registry.terraform.io/dmacvicar/libvirt": {
		"provider": {"block": {"attributes": {}}},
		"resource_schemas": {"v": {"block": {"attributes": {
			"id": {"type": "string", "optional": true, "computed": true},
			"name": {"type": "string", "required": true}}}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	prior := object{"id": "old", "name": "a"}
	planned, _ := planChange(schemas.Resources["v"], prior, object{"id": Unknown, "name": "b"}, object{"id": Unknown, "name": "b"}, planModifiers{useStateForUnknown: []string{"id"}})
	if planned.(object)["id"] != Unknown {
		t.Errorf("an id unknown in the configuration stays unknown: %#v", planned)
	}
}

func TestDestroyPlansNull(t *testing.T) {
	if planned, _ := planChange(planTestSchema(t), object{"name": "a"}, nil, nil, volumeLikeModifiers); planned != nil {
		t.Errorf("destroy plans null, got %#v", planned)
	}
}
