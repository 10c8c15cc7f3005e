package main

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// resource is one resource type the stand-in models: what of its schema it maps, how the provider
// plans it, and what each change does in libvirt. States are the resource's value trees.
type resource interface {
	// mapped lists the attribute paths the stand-in models (see unmappedAttributes).
	mapped() []string
	modifiers() planModifiers
	create(planned object) (object, error)
	// read returns the refreshed state, or a removedFromState error.
	read(state object) (object, error)
	update(prior, planned object) (object, error)
	delete(state object) error
}

// resourceTypes are the modelled resource types, each given libvirt and its served schema; any
// other type is refused.
var resourceTypes = map[string]func(virsh, *tfprotov6.Schema) resource{
	"libvirt_volume":         newVolume,
	"libvirt_pool":           func(v virsh, _ *tfprotov6.Schema) resource { return pool{v} },
	"libvirt_cloudinit_disk": func(virsh, *tfprotov6.Schema) resource { return cloudInitDisk{} },
	"libvirt_domain":         func(v virsh, _ *tfprotov6.Schema) resource { return domain{v} },
}

// removedFromState is read's answer for an object that is gone: Terraform forgets it (and plans
// to create it again). A non-empty warning is the diagnostic the provider shows for it.
type removedFromState struct {
	warning, detail string
}

func (r removedFromState) Error() string { return r.warning + ": " + r.detail }

// warning is a problem the provider reports without failing the change.
type warning struct {
	summary, detail string
}

func (w warning) Error() string { return w.summary + ": " + w.detail }

// failure is an error with the summary the provider gives it.
type failure struct {
	summary string
	err     error
}

func (f failure) Error() string { return f.summary + ": " + f.err.Error() }

func (f failure) Unwrap() error { return f.err }

func fail(summary string, err error) error { return failure{summary, err} }

func failf(summary, format string, args ...any) error {
	return failure{summary, fmt.Errorf(format, args...)}
}

// summaryOf splits an error into a diagnostic's summary and detail.
func summaryOf(err error, fallback string) (string, string) {
	var f failure
	if errors.As(err, &f) {
		return f.summary, f.err.Error()
	}
	return fallback, err.Error()
}
