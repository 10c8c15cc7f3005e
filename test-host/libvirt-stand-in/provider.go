package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const defaultURI = "qemu:///system"

// standIn is the provider server: Terraform's plugin protocol 6, as the framework-built provider
// speaks it, over the modelled resources.
type standIn struct {
	unsupportedRPCs
	schemas *providerSchemas
	libvirt virsh
}

func (s *standIn) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	resp := &tfprotov6.GetMetadataResponse{ServerCapabilities: &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true}}
	for name := range s.schemas.Resources {
		resp.Resources = append(resp.Resources, tfprotov6.ResourceMetadata{TypeName: name})
	}
	for name := range s.schemas.DataSources {
		resp.DataSources = append(resp.DataSources, tfprotov6.DataSourceMetadata{TypeName: name})
	}
	return resp, nil
}

func (s *standIn) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return &tfprotov6.GetProviderSchemaResponse{
		ServerCapabilities: &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true},
		Provider:           s.schemas.Provider,
		ResourceSchemas:    s.schemas.Resources,
		DataSourceSchemas:  s.schemas.DataSources,
	}, nil
}

func (s *standIn) ValidateProviderConfig(context.Context, *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{}, nil
}

// ConfigureProvider picks the URI as the provider does (config, then LIBVIRT_DEFAULT_URI, then
// qemu:///system) and, like it, fails when libvirt does not answer there.
func (s *standIn) ConfigureProvider(_ context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	config, err := decodeDynamic(req.Config, s.schemas.Provider.ValueType())
	if err != nil {
		return &tfprotov6.ConfigureProviderResponse{Diagnostics: errorDiagnostics("Invalid provider configuration", err.Error())}, nil
	}
	uri := defaultURI
	if env := os.Getenv("LIBVIRT_DEFAULT_URI"); env != "" {
		uri = env
	}
	if configured, ok := config.(object)["uri"].(string); ok {
		uri = configured
	}
	s.libvirt = virsh{uri: uri}
	if _, err := s.libvirt.run("uri"); err != nil {
		return &tfprotov6.ConfigureProviderResponse{Diagnostics: errorDiagnostics("Unable to Connect to Libvirt",
			"An error occurred while connecting to libvirt.\n\nURI: "+uri+"\nError: "+err.Error())}, nil
	}
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (s *standIn) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

// ValidateResourceConfig refuses resource types and attributes the stand-in does not model.
func (s *standIn) ValidateResourceConfig(_ context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	r, schema, diagnostics := s.resource(req.TypeName)
	if diagnostics != nil {
		return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: diagnostics}, nil
	}
	config, err := decodeDynamic(req.Config, schema.ValueType())
	if err != nil {
		return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: errorDiagnostics("Invalid configuration", err.Error())}, nil
	}
	resp := &tfprotov6.ValidateResourceConfigResponse{}
	for _, u := range unmappedAttributes(schema.Block.Attributes, config.(object), r.mapped()) {
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Attribute not modelled by kvmbench's stand-in",
			Detail: fmt.Sprintf("%s.%s is set, but the stand-in for %s does not map it, so a test would run without it. "+
				"Teach test-host/libvirt-stand-in the attribute (its XML and its read-back) first.", req.TypeName, u.display, providerAddress),
			Attribute: u.path,
		})
	}
	return resp, nil
}

func (s *standIn) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	_, schema, diagnostics := s.resource(req.TypeName)
	if diagnostics != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: diagnostics}, nil
	}
	value, err := req.RawState.UnmarshalWithOpts(schema.ValueType(), tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: errorDiagnostics("Unable to read the prior state", err.Error())}, nil
	}
	upgraded, err := tfprotov6.NewDynamicValue(schema.ValueType(), value)
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: errorDiagnostics("Unable to read the prior state", err.Error())}, nil
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &upgraded}, nil
}

func (s *standIn) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	r, schema, diagnostics := s.resource(req.TypeName)
	if diagnostics != nil {
		return &tfprotov6.ReadResourceResponse{Diagnostics: diagnostics}, nil
	}
	state, err := decodeDynamic(req.CurrentState, schema.ValueType())
	if err != nil || state == nil {
		return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Diagnostics: diagnosticsOf(err)}, nil
	}
	refreshed, err := r.read(state.(object))
	var removed removedFromState
	switch {
	case errors.As(err, &removed):
		resp := &tfprotov6.ReadResourceResponse{NewState: encodeDynamic(nil, schema.ValueType())}
		if removed.warning != "" {
			resp.Diagnostics = []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: removed.warning, Detail: removed.detail}}
		}
		return resp, nil
	case err != nil:
		summary, detail := summaryOf(err, "Failed to Read "+req.TypeName)
		return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Diagnostics: errorDiagnostics(summary, detail)}, nil
	}
	return &tfprotov6.ReadResourceResponse{NewState: encodeDynamic(refreshed, schema.ValueType())}, nil
}

func (s *standIn) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	r, schema, diagnostics := s.resource(req.TypeName)
	if diagnostics != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: diagnostics}, nil
	}
	typ := schema.ValueType()
	prior, err1 := decodeDynamic(req.PriorState, typ)
	proposed, err2 := decodeDynamic(req.ProposedNewState, typ)
	config, err3 := decodeDynamic(req.Config, typ)
	if err := errors.Join(err1, err2, err3); err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiagnostics("Unable to plan", err.Error())}, nil
	}
	planned, replace := planChange(schema, prior, proposed, config, r.modifiers())
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: encodeDynamic(planned, typ), RequiresReplace: replace}, nil
}

func (s *standIn) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	r, schema, diagnostics := s.resource(req.TypeName)
	if diagnostics != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: diagnostics}, nil
	}
	typ := schema.ValueType()
	prior, err1 := decodeDynamic(req.PriorState, typ)
	planned, err2 := decodeDynamic(req.PlannedState, typ)
	if err := errors.Join(err1, err2); err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{NewState: req.PriorState, Diagnostics: errorDiagnostics("Unable to apply", err.Error())}, nil
	}
	var newState object
	var err error
	switch {
	case prior == nil:
		newState, err = r.create(planned.(object))
	case planned == nil:
		if err = r.delete(prior.(object)); err != nil {
			newState = prior.(object)
		}
	default:
		if newState, err = r.update(prior.(object), planned.(object)); err != nil && newState == nil {
			newState = prior.(object)
		}
	}
	resp := &tfprotov6.ApplyResourceChangeResponse{NewState: encodeDynamic(newState, typ)}
	var w warning
	if errors.As(err, &w) {
		resp.Diagnostics = []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: w.summary, Detail: w.detail}}
	} else if err != nil {
		summary, detail := summaryOf(err, "Failed to apply "+req.TypeName)
		resp.Diagnostics = errorDiagnostics(summary, detail)
	}
	return resp, nil
}

// resource finds a modelled resource type, or says why it is refused.
func (s *standIn) resource(typeName string) (resource, *tfprotov6.Schema, []*tfprotov6.Diagnostic) {
	schema, inSchema := s.schemas.Resources[typeName]
	newResource, modelled := resourceTypes[typeName]
	if !inSchema || !modelled {
		return nil, nil, errorDiagnostics(typeName+" is not modelled by kvmbench's stand-in",
			"The stand-in for "+providerAddress+" models libvirt_volume, libvirt_pool, libvirt_cloudinit_disk and libvirt_domain only.")
	}
	return newResource(s.libvirt, schema), schema, nil
}

func decodeDynamic(dv *tfprotov6.DynamicValue, typ tftypes.Type) (any, error) {
	if dv == nil {
		return nil, nil
	}
	value, err := dv.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	return decode(value)
}

// encodeDynamic panics on a tree that does not fit the schema: a bug in the stand-in, not input.
func encodeDynamic(v any, typ tftypes.Type) *tfprotov6.DynamicValue {
	if o, ok := v.(object); ok && o == nil {
		v = nil
	}
	value, err := encode(v, typ)
	if err != nil {
		panic(fmt.Sprintf("stand-in state does not fit the schema: %v", err))
	}
	dv, err := tfprotov6.NewDynamicValue(typ, value)
	if err != nil {
		panic(err)
	}
	return &dv
}

func errorDiagnostics(summary, detail string) []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: detail}}
}

func diagnosticsOf(err error) []*tfprotov6.Diagnostic {
	if err == nil {
		return nil
	}
	return errorDiagnostics("Unable to read the state", err.Error())
}
