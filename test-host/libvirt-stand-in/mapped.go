package main

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// unmappedAttribute is an attribute set in a configuration that the stand-in does not model.
type unmappedAttribute struct {
	display string // e.g. devices.disks[1].source.network
	path    *tftypes.AttributePath
}

// unmappedAttributes lists what the configuration sets beyond `mapped`: dotted attribute paths
// without list indexes, leaves and the nested objects that lead to them. An attribute that is
// not listed would be silently left out of what the stand-in creates, so it is an error instead.
func unmappedAttributes(attributes []*tfprotov6.SchemaAttribute, config object, mapped []string) []unmappedAttribute {
	var out []unmappedAttribute
	var walk func(attributes []*tfprotov6.SchemaAttribute, value object, schemaPath, display string, path *tftypes.AttributePath)
	walk = func(attributes []*tfprotov6.SchemaAttribute, value object, schemaPath, display string, path *tftypes.AttributePath) {
		for _, a := range attributes {
			v := value[a.Name]
			if v == nil {
				continue
			}
			p := joinPath(schemaPath, a.Name)
			d := joinPath(display, a.Name)
			attributePath := path.WithAttributeName(a.Name)
			if !isMapped(p, a.NestedType != nil, mapped) {
				out = append(out, unmappedAttribute{display: d, path: attributePath})
				continue
			}
			if a.NestedType == nil {
				continue
			}
			switch nested := v.(type) {
			case object:
				walk(a.NestedType.Attributes, nested, p, d, attributePath)
			case list:
				for i, element := range nested {
					if elementObject, ok := element.(object); ok {
						walk(a.NestedType.Attributes, elementObject, p, fmt.Sprintf("%s[%d]", d, i), attributePath.WithElementKeyInt(i))
					}
				}
			}
		}
	}
	walk(attributes, config, "", "", tftypes.NewAttributePath())
	return out
}

// isMapped: a leaf must be listed; a nested attribute must be listed or lead to a listed path.
func isMapped(path string, nested bool, mapped []string) bool {
	for _, m := range mapped {
		if m == path || (nested && strings.HasPrefix(m, path+".")) {
			return true
		}
	}
	return false
}

func joinPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}
