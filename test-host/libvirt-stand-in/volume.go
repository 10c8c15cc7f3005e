package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"libvirt.org/go/libvirtxml"
)

// volume is libvirt_volume: a storage volume defined from XML, optionally filled by an upload.
type volume struct {
	libvirt virsh
	// capacityComputed: whether the served schema marks capacity Computed (the provider's does).
	capacityComputed bool
}

func newVolume(v virsh, schema *tfprotov6.Schema) resource {
	capacity := attributeNamed(schema.Block.Attributes, "capacity")
	return volume{libvirt: v, capacityComputed: capacity != nil && capacity.Computed}
}

func (volume) mapped() []string {
	return []string{"name", "pool", "capacity", "target.format.type", "backing_store.path", "backing_store.format.type", "create.content.url"}
}

func (volume) modifiers() planModifiers {
	return planModifiers{
		requiresReplace:    []string{"name", "pool"},
		useStateForUnknown: []string{"id", "key", "path", "target.path"},
	}
}

func (r volume) create(planned object) (object, error) {
	name, poolName := stringAt(planned, "name"), stringAt(planned, "pool")
	if _, err := r.libvirt.run("pool-uuid", poolName); err != nil {
		return nil, failf("Pool Not Found", "Storage pool '%s' not found: %s", poolName, err)
	}
	upload, uploadSize, err := uploadSource(planned)
	if err != nil {
		return nil, fail("Failed to Open URL", fmt.Errorf("Could not open URL for upload: %w", err))
	}
	var capacity uint64 // the upload's size wins over the planned capacity, as in the provider
	switch planned, known := planned["capacity"].(int64); {
	case upload != "":
		capacity = uint64(uploadSize)
	case known:
		capacity = uint64(planned)
	default:
		return nil, failf("Missing Capacity", "Volume capacity is required when not uploading from a URL")
	}
	document, err := volumeXML(planned, capacity).Marshal()
	if err != nil {
		return nil, fail("XML Marshaling Failed", err)
	}
	if _, err := r.libvirt.withXMLFile([]byte(document), func(file string) []string { return []string{"vol-create", poolName, file} }); err != nil {
		return nil, fail("Volume Creation Failed", fmt.Errorf("Failed to create storage volume: %w", err))
	}
	key, err := r.libvirt.run("vol-key", "--pool", poolName, name)
	if err != nil {
		return nil, fail("Volume Creation Failed", err)
	}
	if upload != "" {
		size := strconv.FormatInt(uploadSize, 10)
		if _, err := r.libvirt.run("vol-upload", "--pool", poolName, name, upload, "--offset", "0", "--length", size); err != nil {
			_, _ = r.libvirt.run("vol-delete", key) // as the provider, keep the upload's error
			return nil, fail("Volume Upload Failed", fmt.Errorf("Failed to upload content to volume: %w", err))
		}
	}
	state := copyObject(planned)
	state["id"], state["key"] = key, key
	return r.readBack(key, state)
}

// uploadSource is create.content.url as a local file and its size; http(s) is refused, as the
// test hosts have no network.
func uploadSource(planned object) (string, int64, error) {
	url, ok := objectAt(objectAt(planned, "create"), "content")["url"].(string)
	if !ok {
		return "", 0, nil
	}
	if strings.HasPrefix(url, "http://") || strings.HasPrefix(url, "https://") {
		return "", 0, fmt.Errorf("%s: kvmbench's stand-in uploads local files and file:// URLs only", url)
	}
	path := strings.TrimPrefix(url, "file://")
	info, err := os.Stat(path)
	if err != nil {
		return "", 0, fmt.Errorf("failed to stat file: %w", err)
	}
	if info.IsDir() {
		return "", 0, fmt.Errorf("path is a directory, not a file: %s", path)
	}
	return path, info.Size(), nil
}

// volumeXML is the provider's StorageVolumeToXML for the mapped attributes.
func volumeXML(planned object, capacity uint64) *libvirtxml.StorageVolume {
	v := &libvirtxml.StorageVolume{Name: stringAt(planned, "name"), Capacity: &libvirtxml.StorageVolumeSize{Value: capacity}}
	if allocation, set := xmlUint(planned["allocation"]); set {
		v.Allocation = &libvirtxml.StorageVolumeSize{Value: uint64(allocation)}
	}
	if physical, set := xmlUint(planned["physical"]); set {
		v.Physical = &libvirtxml.StorageVolumeSize{Value: uint64(physical)}
	}
	if target := objectAt(planned, "target"); target != nil {
		v.Target = &libvirtxml.StorageVolumeTarget{Format: volumeFormat(objectAt(target, "format"))}
	}
	if backing := objectAt(planned, "backing_store"); backing != nil {
		path, _ := xmlString(backing["path"])
		v.BackingStore = &libvirtxml.StorageVolumeBackingStore{Path: path, Format: volumeFormat(objectAt(backing, "format"))}
	}
	return v
}

func volumeFormat(format object) *libvirtxml.StorageVolumeTargetFormat {
	if format == nil {
		return nil
	}
	return &libvirtxml.StorageVolumeTargetFormat{Type: stringAt(format, "type")}
}

func (r volume) read(state object) (object, error) {
	refreshed, err := r.readBack(stringAt(state, "key"), state)
	if errors.Is(err, errGone) {
		return nil, removedFromState{warning: "Volume Not Found", detail: "Storage volume not found, removing from state: " + errors.Unwrap(err).Error()}
	}
	return refreshed, err
}

func (r volume) readBack(key string, intent object) (object, error) {
	document, err := r.libvirt.run("vol-dumpxml", key)
	if err != nil {
		return nil, fail("Failed to Get Volume XML", err)
	}
	var reported libvirtxml.StorageVolume
	if err := reported.Unmarshal(document); err != nil {
		return nil, fail("Failed to Parse Volume XML", err)
	}
	return volumeState(&reported, intent, r.capacityComputed), nil
}

// volumeState is the provider's readVolume: StorageVolumeFromXML with the plan (or the prior
// state) as user intent, then path and target.path from libvirt's target path.
func volumeState(reported *libvirtxml.StorageVolume, intent object, capacityComputed bool) object {
	s := copyObject(intent) // pool, create and id are the provider's own, never read back
	s["name"] = reported.Name
	s["key"] = nonEmpty(reported.Key)
	s["allocation"] = volumeSize(reported.Allocation)
	s["physical"] = volumeSize(reported.Physical)
	s["capacity"] = plannedOrReported(intent["capacity"], volumeSize(reported.Capacity), capacityComputed)
	s["target"] = nestedObject(intent["target"], reported.Target != nil, func(planned object) object {
		t := copyObject(planned)
		t["path"] = readIfSet(planned["path"], nonEmpty(reported.Target.Path))
		t["format"] = formatState(planned["format"], reported.Target.Format)
		return t
	})
	s["backing_store"] = nestedObject(intent["backing_store"], reported.BackingStore != nil, func(planned object) object {
		b := copyObject(planned)
		b["path"] = reported.BackingStore.Path
		b["format"] = formatState(planned["format"], reported.BackingStore.Format)
		return b
	})
	if reported.Target != nil && reported.Target.Path != "" {
		s["path"] = reported.Target.Path
		if target, ok := s["target"].(object); ok {
			target["path"] = reported.Target.Path
		}
	}
	return s
}

// formatState reads format.type back: Required, so what libvirt reports, e.g. "iso" for the
// cloud-init ISO uploaded into a volume planned as "raw".
func formatState(planned any, reported *libvirtxml.StorageVolumeTargetFormat) any {
	return nestedObject(planned, reported != nil, func(format object) object {
		f := copyObject(format)
		f["type"] = reported.Type
		return f
	})
}

func volumeSize(size *libvirtxml.StorageVolumeSize) any {
	if size == nil {
		return nil
	}
	return int64(size.Value)
}

func (volume) update(object, object) (object, error) {
	return nil, failf("Update Not Supported", "Storage volumes cannot be updated. All changes require replacement.")
}

func (r volume) delete(state object) error {
	if _, err := r.libvirt.run("vol-delete", stringAt(state, "key")); err != nil && !errors.Is(err, errGone) {
		return fail("Failed to Delete Volume", fmt.Errorf("Could not delete storage volume: %w", err))
	}
	return nil
}
