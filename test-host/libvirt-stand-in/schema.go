package main

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// providerAddress is the provider the stand-in answers for.
const providerAddress = "registry.terraform.io/dmacvicar/libvirt"

// schemaFile is the `terraform providers schema -json` format.
type schemaFile struct {
	ProviderSchemas map[string]struct {
		Provider          jsonEntity            `json:"provider"`
		ResourceSchemas   map[string]jsonEntity `json:"resource_schemas"`
		DataSourceSchemas map[string]jsonEntity `json:"data_source_schemas"`
	} `json:"provider_schemas"`
}

type jsonEntity struct {
	Version int64 `json:"version"`
	Block   struct {
		Attributes  map[string]jsonAttribute `json:"attributes"`
		Description string                   `json:"description"`
	} `json:"block"`
}

type jsonAttribute struct {
	Type        json.RawMessage `json:"type"`
	NestedType  *jsonNestedType `json:"nested_type"`
	Description string          `json:"description"`
	Required    bool            `json:"required"`
	Optional    bool            `json:"optional"`
	Computed    bool            `json:"computed"`
	Sensitive   bool            `json:"sensitive"`
}

type jsonNestedType struct {
	Attributes  map[string]jsonAttribute `json:"attributes"`
	NestingMode string                   `json:"nesting_mode"`
}

// providerSchemas is the served schema: the provider block, resources and data sources.
type providerSchemas struct {
	Provider    *tfprotov6.Schema
	Resources   map[string]*tfprotov6.Schema
	DataSources map[string]*tfprotov6.Schema
}

func loadProviderSchemas(raw []byte) (*providerSchemas, error) {
	var file schemaFile
	if err := json.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("provider schema: %w", err)
	}
	p, ok := file.ProviderSchemas[providerAddress]
	if !ok {
		return nil, fmt.Errorf("provider schema: no %s in it", providerAddress)
	}
	out := &providerSchemas{Resources: map[string]*tfprotov6.Schema{}, DataSources: map[string]*tfprotov6.Schema{}}
	var err error
	if out.Provider, err = toSchema(p.Provider); err != nil {
		return nil, fmt.Errorf("provider block: %w", err)
	}
	for name, entity := range p.ResourceSchemas {
		if out.Resources[name], err = toSchema(entity); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	for name, entity := range p.DataSourceSchemas {
		if out.DataSources[name], err = toSchema(entity); err != nil {
			return nil, fmt.Errorf("data source %s: %w", name, err)
		}
	}
	return out, nil
}

func toSchema(entity jsonEntity) (*tfprotov6.Schema, error) {
	attributes, err := toAttributes(entity.Block.Attributes)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.Schema{
		Version: entity.Version,
		Block:   &tfprotov6.SchemaBlock{Attributes: attributes, Description: entity.Block.Description},
	}, nil
}

var nestingModes = map[string]tfprotov6.SchemaObjectNestingMode{
	"single": tfprotov6.SchemaObjectNestingModeSingle,
	"list":   tfprotov6.SchemaObjectNestingModeList,
	"set":    tfprotov6.SchemaObjectNestingModeSet,
	"map":    tfprotov6.SchemaObjectNestingModeMap,
}

// toAttributes converts attributes in name order (the protocol wants a stable order).
func toAttributes(in map[string]jsonAttribute) ([]*tfprotov6.SchemaAttribute, error) {
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]*tfprotov6.SchemaAttribute, 0, len(in))
	for _, name := range names {
		a := in[name]
		attribute := &tfprotov6.SchemaAttribute{
			Name: name, Description: a.Description,
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
		}
		switch {
		case a.NestedType != nil:
			mode, ok := nestingModes[a.NestedType.NestingMode]
			if !ok {
				return nil, fmt.Errorf("%s: nesting mode %q", name, a.NestedType.NestingMode)
			}
			nested, err := toAttributes(a.NestedType.Attributes)
			if err != nil {
				return nil, fmt.Errorf("%s.%w", name, err)
			}
			attribute.NestedType = &tfprotov6.SchemaObject{Nesting: mode, Attributes: nested}
		case len(a.Type) > 0:
			typ, err := tftypes.ParseJSONType(a.Type) //nolint:staticcheck // the JSON schema's own type encoding
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			attribute.Type = typ
		default:
			return nil, fmt.Errorf("%s: neither type nor nested_type", name)
		}
		out = append(out, attribute)
	}
	return out, nil
}

// attributeNamed finds a nested schema attribute by name.
func attributeNamed(attributes []*tfprotov6.SchemaAttribute, name string) *tfprotov6.SchemaAttribute {
	for _, a := range attributes {
		if a.Name == name {
			return a
		}
	}
	return nil
}
