package main

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func dynamic(t *testing.T, typ tftypes.Type, v any) *tfprotov6.DynamicValue {
	t.Helper()
	value, err := encode(v, typ)
	if err != nil {
		t.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, value)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func TestUnmodelledResourceTypesAreRefused(t *testing.T) {
	s := &standIn{schemas: committedSchemas(t)}
	typ := s.schemas.Resources["libvirt_network"].ValueType()
	resp, _ := s.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{TypeName: "libvirt_network", Config: dynamic(t, typ, object{"name": "n"})})
	if len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Summary, "libvirt_network is not modelled by kvmbench's stand-in") {
		t.Errorf("diagnostics %+v", resp.Diagnostics)
	}
	data, _ := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{TypeName: "libvirt_node_info"})
	if len(data.Diagnostics) != 1 || data.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError {
		t.Errorf("data sources are refused: %+v", data.Diagnostics)
	}
}

func TestUnmappedAttributeFailsValidation(t *testing.T) {
	s := &standIn{schemas: committedSchemas(t)}
	typ := s.schemas.Resources["libvirt_volume"].ValueType()
	config := object{"name": "v", "pool": "default", "capacity": int64(1), "allocation_unit": "KiB"}
	resp, _ := s.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{TypeName: "libvirt_volume", Config: dynamic(t, typ, config)})
	if len(resp.Diagnostics) != 1 {
		t.Fatalf("diagnostics %+v", resp.Diagnostics)
	}
	d := resp.Diagnostics[0]
	if !strings.Contains(d.Detail, "libvirt_volume.allocation_unit is set") || !d.Attribute.Equal(tftypes.NewAttributePath().WithAttributeName("allocation_unit")) {
		t.Errorf("diagnostic %+v", d)
	}
}

func TestPlanThroughTheProtocol(t *testing.T) {
	s := &standIn{schemas: committedSchemas(t)}
	typ := s.schemas.Resources["libvirt_cloudinit_disk"].ValueType()
	config := object{"name": "c", "user_data": "u", "meta_data": "m"}
	resp, _ := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "libvirt_cloudinit_disk", PriorState: dynamic(t, typ, nil), ProposedNewState: dynamic(t, typ, config), Config: dynamic(t, typ, config),
	})
	planned, err := decodeDynamic(resp.PlannedState, typ)
	if err != nil || len(resp.Diagnostics) != 0 {
		t.Fatal(err, resp.Diagnostics)
	}
	if p := planned.(object); p["id"] != Unknown || p["path"] != Unknown || p["size"] != Unknown || p["network_config"] != nil {
		t.Errorf("planned %#v", p)
	}

	prior := object{"id": "i", "name": "c", "user_data": "u", "meta_data": "m", "path": "/tmp/p.iso", "size": int64(2048)}
	changed := object{"name": "c", "user_data": "u2", "meta_data": "m"}
	proposed := copyObject(prior)
	proposed["user_data"] = "u2"
	resp, _ = s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "libvirt_cloudinit_disk", PriorState: dynamic(t, typ, prior), ProposedNewState: dynamic(t, typ, proposed), Config: dynamic(t, typ, changed),
	})
	planned, _ = decodeDynamic(resp.PlannedState, typ)
	if len(resp.RequiresReplace) != 1 || !resp.RequiresReplace[0].Equal(tftypes.NewAttributePath().WithAttributeName("user_data")) {
		t.Errorf("new user-data replaces the disk: %v", resp.RequiresReplace)
	}
	if p := planned.(object); p["id"] != "i" || p["size"] != int64(2048) || p["path"] != Unknown {
		t.Errorf("id and size keep their state, path (no UseStateForUnknown) is unknown: %#v", p)
	}
}
