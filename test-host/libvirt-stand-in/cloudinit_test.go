package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestCloudInitIDAndPathAreTheProviders(t *testing.T) {
	t.Setenv("TMPDIR", "/var/tmp/x")
	planned := object{"user_data": "#cloud-config\n", "meta_data": "instance-id: vm\n"}
	id, path := cloudInitID(planned)
	// sha256("#cloud-config\ninstance-id: vm\n"), first 16 hex digits
	if id != "47f3c203df787224" {
		t.Fatalf("id %q", id)
	}
	if path != "/var/tmp/x/terraform-provider-libvirt-cloudinit/cloudinit-"+id+".iso" {
		t.Errorf("path %s", path)
	}
	withNetwork := copyObject(planned)
	withNetwork["network_config"] = "version: 2\n"
	if other, _ := cloudInitID(withNetwork); other == id {
		t.Error("network-config is part of the checksum")
	}
}

func TestCloudInitISOIsCreatedReusedAndRemoved(t *testing.T) {
	if _, err := exec.LookPath("genisoimage"); err != nil {
		t.Skip("genisoimage is not installed")
	}
	t.Setenv("TMPDIR", t.TempDir())
	r := cloudInitDisk{}
	planned := object{"name": "c", "user_data": "#cloud-config\n", "meta_data": "instance-id: vm\n", "id": Unknown, "path": Unknown, "size": Unknown}
	state, err := r.create(planned)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(stringAt(state, "path"))
	if err != nil || state["size"] != info.Size() || filepath.Base(stringAt(state, "path")) != "cloudinit-"+stringAt(state, "id")+".iso" {
		t.Fatalf("state %#v, file %v %v", state, info, err)
	}
	if refreshed, err := r.read(state); err != nil || refreshed["size"] != state["size"] {
		t.Errorf("read: %#v %v", refreshed, err)
	}
	if err := r.delete(state); err != nil {
		t.Fatal(err)
	}
	if _, err := r.read(state); !errors.As(err, &removedFromState{}) {
		t.Errorf("an ISO that is gone is removed from state: %v", err)
	}
}
