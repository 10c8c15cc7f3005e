package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// cloudInitDisk is libvirt_cloudinit_disk: a NoCloud ISO (volume id cidata) in a local file,
// which libvirt never sees; a libvirt_volume uploads it.
type cloudInitDisk struct{}

func (cloudInitDisk) mapped() []string {
	return []string{"name", "user_data", "meta_data", "network_config"}
}

func (cloudInitDisk) modifiers() planModifiers {
	return planModifiers{
		requiresReplace:    []string{"name", "user_data", "meta_data", "network_config"},
		useStateForUnknown: []string{"id", "size"},
	}
}

// cloudInitFiles are the ISO's files in the order the provider writes them.
func cloudInitFiles(planned object) [][2]string {
	files := [][2]string{{"user-data", stringAt(planned, "user_data")}, {"meta-data", stringAt(planned, "meta_data")}}
	if networkConfig, ok := planned["network_config"].(string); ok {
		files = append(files, [2]string{"network-config", networkConfig})
	}
	return files
}

// cloudInitID is the provider's id: the first 16 hex digits of sha256(user-data meta-data
// [network-config]); the ISO is $TMPDIR/terraform-provider-libvirt-cloudinit/cloudinit-<id>.iso.
func cloudInitID(planned object) (id, path string) {
	h := sha256.New()
	for _, file := range cloudInitFiles(planned) {
		h.Write([]byte(file[1]))
	}
	id = hex.EncodeToString(h.Sum(nil))[:16]
	return id, filepath.Join(os.TempDir(), "terraform-provider-libvirt-cloudinit", "cloudinit-"+id+".iso")
}

func (cloudInitDisk) create(planned object) (object, error) {
	id, path := cloudInitID(planned)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fail("Failed to Create Temp Directory", fmt.Errorf("Could not create directory for cloud-init ISOs: %w", err))
	}
	if _, err := os.Stat(path); err != nil { // an existing ISO of the same content is reused
		if err := writeCloudInitISO(path, cloudInitFiles(planned)); err != nil {
			return nil, fail("Failed to Generate ISO", fmt.Errorf("Could not generate cloud-init ISO: %w", err))
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fail("Failed to Stat ISO", err)
	}
	state := copyObject(planned)
	state["id"], state["path"], state["size"] = id, path, info.Size()
	return state, nil
}

// writeCloudInitISO makes the ISO with genisoimage (the provider writes it with a Go ISO 9660
// library, so the bytes and size differ; the files and the cidata volume id do not).
func writeCloudInitISO(path string, files [][2]string) error {
	dir, err := os.MkdirTemp("", "kvmbench-cidata-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	args := []string{"-quiet", "-output", path, "-volid", "cidata", "-joliet", "-rock"}
	for _, file := range files {
		name := filepath.Join(dir, file[0])
		if err := os.WriteFile(name, []byte(file[1]), 0o644); err != nil {
			return err
		}
		args = append(args, name)
	}
	if output, err := exec.Command("genisoimage", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("genisoimage: %v: %s", err, output)
	}
	return nil
}

func (cloudInitDisk) read(state object) (object, error) {
	info, err := os.Stat(stringAt(state, "path"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, removedFromState{} // the provider only logs it
	}
	if err != nil {
		return nil, fail("Failed to Stat ISO", fmt.Errorf("Could not stat cloud-init ISO: %w", err))
	}
	refreshed := copyObject(state)
	refreshed["size"] = info.Size()
	return refreshed, nil
}

func (cloudInitDisk) update(object, object) (object, error) {
	return nil, failf("Update Not Supported", "Cloud-init disk cannot be updated. All changes require replacement.")
}

func (cloudInitDisk) delete(state object) error {
	if err := os.Remove(stringAt(state, "path")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fail("Failed to Delete ISO", fmt.Errorf("Could not delete cloud-init ISO: %w", err))
	}
	return nil
}
