//go:build embedschema

package main

import _ "embed"

// The project's committed schema cache (providers/schema-cache/libvirt@0.9.7.json), which build.sh
// copies here and builds with -tags embedschema: the schema kvmbench's bindings were generated
// from, served as it is. Tests read the cache where it is instead.
//
//go:embed provider-schema.json
var providerSchemaJSON []byte
