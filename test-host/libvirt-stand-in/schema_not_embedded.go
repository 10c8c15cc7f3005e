//go:build !embedschema

package main

// providerSchemaJSON is empty in a build without the schema: build the plugin with build.sh.
var providerSchemaJSON []byte
