package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// fakeVirsh is a virsh that fails every command with libvirt's message.
func fakeVirsh(t *testing.T, message string) virsh {
	t.Helper()
	script := filepath.Join(t.TempDir(), "virsh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"error: "+message+"\" >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return virsh{uri: "test:///default", program: script}
}

func TestObjectsGoneFromLibvirtLeaveTheState(t *testing.T) {
	state := object{"key": "/i/v.qcow2", "id": "6f0e3a0e-3b0c-4c55-9d8e-1e2f3a4b5c6d", "uuid": "265bc849-c3dc-40a1-92f0-3d99325af665"}
	cases := []struct {
		resource resource
		warning  string
	}{
		{volume{libvirt: fakeVirsh(t, "Storage volume not found: no storage vol with matching key /i/v.qcow2")}, "Volume Not Found"},
		{pool{fakeVirsh(t, "failed to get pool '6f0e3a0e-3b0c-4c55-9d8e-1e2f3a4b5c6d'")}, "Pool Not Found"},
		{domain{fakeVirsh(t, "failed to get domain '265bc849-c3dc-40a1-92f0-3d99325af665'")}, ""},
	}
	for _, c := range cases {
		_, err := c.resource.read(state)
		var removed removedFromState
		if !errors.As(err, &removed) || removed.warning != c.warning {
			t.Errorf("%T: %v, want removal with warning %q", c.resource, err, c.warning)
		}
		if err := c.resource.delete(state); err != nil {
			t.Errorf("%T: deleting what is gone succeeds, got %v", c.resource, err)
		}
	}
	if _, err := (volume{libvirt: fakeVirsh(t, "Failed to connect socket")}).read(state); err == nil || errors.As(err, &removedFromState{}) {
		t.Errorf("another failure is an error, not a removal: %v", err)
	}
}
