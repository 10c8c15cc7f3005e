package main

import (
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// planModifiers are the provider's attribute plan modifiers, by dotted path through single
// nested attributes ("target.path").
type planModifiers struct {
	requiresReplace    []string
	useStateForUnknown []string
}

// planChange plans a resource the way terraform-plugin-framework 1.16 plans for the provider:
// Terraform's proposed new state; when it differs from the prior state, every Computed attribute
// that is null in the configuration becomes unknown; then UseStateForUnknown puts prior values
// back, and RequiresReplace asks for replacement where the plan differs from the prior state.
func planChange(schema *tfprotov6.Schema, prior, proposed, config any, modifiers planModifiers) (any, []*tftypes.AttributePath) {
	if proposed == nil {
		return nil, nil // destroy
	}
	if prior != nil && reflect.DeepEqual(proposed, prior) {
		return proposed, nil // nothing changed: an empty plan
	}
	configObject, _ := config.(object)
	planned := markComputedUnknown(schema.Block.Attributes, proposed.(object), configObject)
	if prior == nil {
		return planned, nil // create: the modifiers do nothing without a state
	}
	priorObject := prior.(object)
	for _, path := range modifiers.useStateForUnknown {
		if isUnknown(valueAt(planned, path)) && !isUnknown(valueAt(configObject, path)) {
			planned = withValueAt(planned, path, valueAt(priorObject, path))
		}
	}
	var replace []*tftypes.AttributePath
	for _, path := range modifiers.requiresReplace {
		if !reflect.DeepEqual(valueAt(planned, path), valueAt(priorObject, path)) {
			replace = append(replace, attributePath(path))
		}
	}
	return planned, replace
}

// markComputedUnknown marks Computed attributes that are null in the configuration as unknown,
// in nested objects and list elements too.
func markComputedUnknown(attributes []*tfprotov6.SchemaAttribute, planned, config object) object {
	out := copyObject(planned)
	for _, a := range attributes {
		configValue := config[a.Name] // a nil config (a null parent) reads as null
		if a.Computed && configValue == nil {
			out[a.Name] = Unknown
			continue
		}
		if a.NestedType == nil {
			continue
		}
		switch value := out[a.Name].(type) {
		case object:
			configNested, _ := configValue.(object)
			out[a.Name] = markComputedUnknown(a.NestedType.Attributes, value, configNested)
		case list:
			configElements, _ := configValue.(list)
			elements := list{}
			for i, element := range value {
				var configElement object
				if i < len(configElements) {
					configElement, _ = configElements[i].(object)
				}
				if elementObject, ok := element.(object); ok {
					element = markComputedUnknown(a.NestedType.Attributes, elementObject, configElement)
				}
				elements = append(elements, element)
			}
			out[a.Name] = elements
		}
	}
	return out
}

func valueAt(o object, path string) any {
	var v any = o
	for _, name := range strings.Split(path, ".") {
		parent, ok := v.(object)
		if !ok {
			return nil
		}
		v = parent[name]
	}
	return v
}

// withValueAt returns o with the value at path replaced, copying the objects on the way.
func withValueAt(o object, path string, value any) object {
	name, rest, nested := strings.Cut(path, ".")
	out := copyObject(o)
	if !nested {
		out[name] = value
		return out
	}
	if child, ok := o[name].(object); ok {
		out[name] = withValueAt(child, rest, value)
	}
	return out
}

func attributePath(path string) *tftypes.AttributePath {
	p := tftypes.NewAttributePath()
	for _, name := range strings.Split(path, ".") {
		p = p.WithAttributeName(name)
	}
	return p
}
