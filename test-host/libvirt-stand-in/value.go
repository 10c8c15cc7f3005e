package main

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The stand-in works on Terraform values as plain Go trees:
//
//	null -> nil, unknown -> Unknown, string, bool, number -> int64 (float64 if fractional),
//	list/set -> []any, object/map -> map[string]any (every attribute present, null ones as nil).
type (
	unknownValue struct{}
	object       = map[string]any
	list         = []any
)

// Unknown is a value Terraform will only know after apply.
var Unknown = unknownValue{}

func isUnknown(v any) bool { return v == Unknown }

// isSet reports a value the user gave, known or not (the provider's `!x.IsNull()`).
func isSet(v any) bool { return v != nil }

// isKnown reports a value that is set and known (the provider's `!x.IsNull() && !x.IsUnknown()`).
func isKnown(v any) bool { return v != nil && v != Unknown }

func decode(v tftypes.Value) (any, error) {
	if !v.IsKnown() {
		return Unknown, nil
	}
	if v.IsNull() {
		return nil, nil
	}
	typ := v.Type()
	switch {
	case typ.Is(tftypes.String):
		var s string
		return s, v.As(&s)
	case typ.Is(tftypes.Bool):
		var b bool
		return b, v.As(&b)
	case typ.Is(tftypes.Number):
		var f big.Float
		if err := v.As(&f); err != nil {
			return nil, err
		}
		if i, accuracy := f.Int64(); accuracy == big.Exact {
			return i, nil
		}
		x, _ := f.Float64()
		return x, nil
	case typ.Is(tftypes.List{}), typ.Is(tftypes.Set{}), typ.Is(tftypes.Tuple{}):
		var elements []tftypes.Value
		if err := v.As(&elements); err != nil {
			return nil, err
		}
		out := list{}
		for _, e := range elements {
			d, err := decode(e)
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		}
		return out, nil
	case typ.Is(tftypes.Object{}), typ.Is(tftypes.Map{}):
		var attributes map[string]tftypes.Value
		if err := v.As(&attributes); err != nil {
			return nil, err
		}
		out := object{}
		for name, a := range attributes {
			d, err := decode(a)
			if err != nil {
				return nil, err
			}
			out[name] = d
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported value type %s", typ)
}

func encode(v any, typ tftypes.Type) (tftypes.Value, error) {
	if v == nil {
		return tftypes.NewValue(typ, nil), nil
	}
	if isUnknown(v) {
		return tftypes.NewValue(typ, tftypes.UnknownValue), nil
	}
	switch t := typ.(type) {
	case tftypes.Object:
		o, ok := v.(object)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want an object for %s, got %T", typ, v)
		}
		attributes := map[string]tftypes.Value{}
		for name, attributeType := range t.AttributeTypes {
			e, err := encode(o[name], attributeType)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			attributes[name] = e
		}
		return tftypes.NewValue(typ, attributes), nil
	case tftypes.Map:
		o, ok := v.(object)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a map for %s, got %T", typ, v)
		}
		elements := map[string]tftypes.Value{}
		for key, element := range o {
			e, err := encode(element, t.ElementType)
			if err != nil {
				return tftypes.Value{}, err
			}
			elements[key] = e
		}
		return tftypes.NewValue(typ, elements), nil
	case tftypes.List, tftypes.Set:
		l, ok := v.(list)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want a list for %s, got %T", typ, v)
		}
		elementType := elementTypeOf(typ)
		elements := []tftypes.Value{}
		for i, element := range l {
			e, err := encode(element, elementType)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("[%d]: %w", i, err)
			}
			elements = append(elements, e)
		}
		return tftypes.NewValue(typ, elements), nil
	}
	switch x := v.(type) {
	case string, bool:
		return tftypes.NewValue(typ, x), nil
	case int64:
		return tftypes.NewValue(typ, new(big.Float).SetInt64(x)), nil
	case float64:
		return tftypes.NewValue(typ, big.NewFloat(x)), nil
	}
	return tftypes.Value{}, fmt.Errorf("cannot encode %T as %s", v, typ)
}

func elementTypeOf(typ tftypes.Type) tftypes.Type {
	switch t := typ.(type) {
	case tftypes.List:
		return t.ElementType
	case tftypes.Set:
		return t.ElementType
	}
	return nil
}

// Accessors for trees the schema has already typed; a missing or null value reads as the zero value.

func objectAt(o object, name string) object {
	v, _ := o[name].(object)
	return v
}

func listAt(o object, name string) list {
	v, _ := o[name].(list)
	return v
}

func stringAt(o object, name string) string {
	v, _ := o[name].(string)
	return v
}

func intAt(o object, name string) (int64, bool) {
	v, ok := o[name].(int64)
	return v, ok
}

func boolAt(o object, name string) (value, set bool) {
	v, ok := o[name].(bool)
	return v, ok
}

// copyObject is a shallow copy: the stand-in replaces attributes, never mutates nested values.
func copyObject(o object) object {
	out := object{}
	for k, v := range o {
		out[k] = v
	}
	return out
}
