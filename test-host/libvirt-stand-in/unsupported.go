package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// unsupportedRPCs answers the protocol's other calls: data sources, import, moves, identities,
// functions and ephemeral resources are not modelled by the stand-in.
type unsupportedRPCs struct{}

func notModelled(what string) []*tfprotov6.Diagnostic {
	return errorDiagnostics(what+" is not modelled by kvmbench's stand-in",
		"The stand-in for "+providerAddress+" creates, reads, updates and deletes libvirt_volume, libvirt_pool, "+
			"libvirt_cloudinit_disk and libvirt_domain; it has no data sources, import, moves or functions.")
}

func (unsupportedRPCs) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov6.ResourceIdentitySchema{}}, nil
}

func (unsupportedRPCs) ImportResourceState(_ context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return &tfprotov6.ImportResourceStateResponse{Diagnostics: notModelled("Importing " + req.TypeName)}, nil
}

func (unsupportedRPCs) MoveResourceState(_ context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return &tfprotov6.MoveResourceStateResponse{Diagnostics: notModelled("Moving state to " + req.TargetTypeName)}, nil
}

func (unsupportedRPCs) UpgradeResourceIdentity(_ context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return &tfprotov6.UpgradeResourceIdentityResponse{Diagnostics: notModelled("The identity of " + req.TypeName)}, nil
}

func (unsupportedRPCs) ValidateDataResourceConfig(_ context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return &tfprotov6.ValidateDataResourceConfigResponse{Diagnostics: notModelled("Data source " + req.TypeName)}, nil
}

func (unsupportedRPCs) ReadDataSource(_ context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return &tfprotov6.ReadDataSourceResponse{Diagnostics: notModelled("Data source " + req.TypeName)}, nil
}

func (unsupportedRPCs) GetFunctions(context.Context, *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return &tfprotov6.GetFunctionsResponse{Functions: map[string]*tfprotov6.Function{}}, nil
}

func (unsupportedRPCs) CallFunction(_ context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return &tfprotov6.CallFunctionResponse{Error: &tfprotov6.FunctionError{Text: "function " + req.Name + " is not modelled by kvmbench's stand-in"}}, nil
}

func (unsupportedRPCs) ValidateEphemeralResourceConfig(_ context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov6.ValidateEphemeralResourceConfigResponse{Diagnostics: notModelled("Ephemeral resource " + req.TypeName)}, nil
}

func (unsupportedRPCs) OpenEphemeralResource(_ context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return &tfprotov6.OpenEphemeralResourceResponse{Diagnostics: notModelled("Ephemeral resource " + req.TypeName)}, nil
}

func (unsupportedRPCs) RenewEphemeralResource(_ context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return &tfprotov6.RenewEphemeralResourceResponse{Diagnostics: notModelled("Ephemeral resource " + req.TypeName)}, nil
}

func (unsupportedRPCs) CloseEphemeralResource(_ context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return &tfprotov6.CloseEphemeralResourceResponse{Diagnostics: notModelled("Ephemeral resource " + req.TypeName)}, nil
}
