// Command terraform-provider-libvirt is kvmbench's stand-in for the Terraform provider
// dmacvicar/libvirt 0.9.7 on machines that cannot install the real one: a provider plugin with the
// same address, version and schema that drives libvirt with virsh and reads back what libvirt
// reports with the provider's rules. README.md says what it models and what it does not.
package main

import (
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

func main() {
	if len(providerSchemaJSON) == 0 {
		log.Fatal("built without the provider schema: build the stand-in with build.sh")
	}
	schemas, err := loadProviderSchemas(providerSchemaJSON)
	if err != nil {
		log.Fatal(err)
	}
	server := func() tfprotov6.ProviderServer { return &standIn{schemas: schemas, libvirt: virsh{uri: defaultURI}} }
	if err := tf6server.Serve(providerAddress, server); err != nil {
		log.Fatal(err)
	}
}
