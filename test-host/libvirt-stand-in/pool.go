package main

import (
	"errors"
	"fmt"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// pool is libvirt_pool: a persistent storage pool, built, autostarted and started as the
// provider does.
type pool struct {
	libvirt virsh
}

func (pool) mapped() []string {
	return []string{"name", "type", "source.name", "source.device.path", "target.path",
		"create.build", "create.start", "create.autostart", "destroy.delete"}
}

func (pool) modifiers() planModifiers {
	return planModifiers{
		requiresReplace:    []string{"name", "type"},
		useStateForUnknown: []string{"id", "uuid", "capacity"},
	}
}

func (r pool) create(planned object) (object, error) {
	name := stringAt(planned, "name")
	document, err := poolXML(planned).Marshal()
	if err != nil {
		return nil, fail("XML Marshaling Failed", err)
	}
	if _, err := r.libvirt.withXMLFile([]byte(document), func(file string) []string { return []string{"pool-define", file} }); err != nil {
		return nil, fail("Pool Creation Failed", fmt.Errorf("Failed to define storage pool: %w", err))
	}
	built := false
	undo := func() {
		if built {
			_, _ = r.libvirt.run("pool-delete", name)
		}
		_, _ = r.libvirt.run("pool-undefine", name)
	}
	create := objectAt(planned, "create")
	if poolNeedsBuild(planned) {
		if _, err := r.libvirt.run("pool-build", name); err != nil {
			undo()
			return nil, fail("Pool Build Failed", fmt.Errorf("Failed to build storage pool: %w", err))
		}
		built = true
	}
	autostart := []string{"pool-autostart", name}
	if enabled, set := boolAt(create, "autostart"); set && !enabled {
		autostart = append(autostart, "--disable")
	}
	if _, err := r.libvirt.run(autostart...); err != nil {
		undo()
		return nil, fail("Pool Autostart Failed", fmt.Errorf("Failed to set pool autostart: %w", err))
	}
	if start, set := boolAt(create, "start"); start || !set {
		if _, err := r.libvirt.run("pool-start", name); err != nil {
			undo()
			return nil, fail("Pool Start Failed", fmt.Errorf("Failed to start storage pool: %w", err))
		}
		if _, err := r.libvirt.run("pool-refresh", name); err != nil {
			_, _ = r.libvirt.run("pool-destroy", name)
			undo()
			return nil, fail("Pool Refresh Failed", fmt.Errorf("Failed to refresh storage pool: %w", err))
		}
	}
	uuid, err := r.libvirt.run("pool-uuid", name)
	if err != nil {
		return nil, fail("Pool Creation Failed", err)
	}
	state := copyObject(planned)
	state["id"] = uuid
	return r.readBack(uuid, state)
}

// poolNeedsBuild: create.build when set; otherwise every pool but a logical one without source
// devices, whose volume group the provider assumes exists.
func poolNeedsBuild(planned object) bool {
	if build, set := boolAt(objectAt(planned, "create"), "build"); set {
		return build
	}
	return stringAt(planned, "type") != "logical" || len(listAt(objectAt(planned, "source"), "device")) > 0
}

// poolXML is the provider's StoragePoolToXML for the mapped attributes.
func poolXML(planned object) *libvirtxml.StoragePool {
	p := &libvirtxml.StoragePool{Type: stringAt(planned, "type"), Name: stringAt(planned, "name")}
	p.UUID, _ = xmlString(planned["uuid"])
	for name, size := range map[string]**libvirtxml.StoragePoolSize{"allocation": &p.Allocation, "capacity": &p.Capacity, "available": &p.Available} {
		if value, set := xmlUint(planned[name]); set {
			*size = &libvirtxml.StoragePoolSize{Value: uint64(value)}
		}
	}
	if source := objectAt(planned, "source"); source != nil {
		p.Source = &libvirtxml.StoragePoolSource{}
		p.Source.Name, _ = xmlString(source["name"])
		for _, device := range listAt(source, "device") {
			path, _ := xmlString(device.(object)["path"])
			p.Source.Device = append(p.Source.Device, libvirtxml.StoragePoolSourceDevice{Path: path})
		}
	}
	if target := objectAt(planned, "target"); target != nil {
		p.Target = &libvirtxml.StoragePoolTarget{}
		p.Target.Path, _ = xmlString(target["path"])
	}
	return p
}

func (r pool) read(state object) (object, error) {
	refreshed, err := r.readBack(stringAt(state, "id"), state)
	if errors.Is(err, errGone) {
		return nil, removedFromState{warning: "Pool Not Found", detail: "Storage pool not found, removing from state: " + errors.Unwrap(err).Error()}
	}
	return refreshed, err
}

func (r pool) readBack(uuid string, intent object) (object, error) {
	reported, err := r.reported(uuid)
	if err != nil {
		return nil, err
	}
	return poolState(reported, intent), nil
}

func (r pool) reported(uuid string) (*libvirtxml.StoragePool, error) {
	document, err := r.libvirt.run("pool-dumpxml", uuid)
	if err != nil {
		return nil, fail("Failed to Get Pool XML", err)
	}
	var reported libvirtxml.StoragePool
	if err := reported.Unmarshal(document); err != nil {
		return nil, fail("Failed to Parse Pool XML", err)
	}
	return &reported, nil
}

// poolState is the provider's readPoolWithPlan: StoragePoolFromXML with the plan (or prior
// state) as user intent, keeping the user's spelling of a target path libvirt trimmed.
func poolState(reported *libvirtxml.StoragePool, intent object) object {
	s := copyObject(intent) // id, create and destroy are the provider's own
	s["type"], s["name"], s["uuid"] = reported.Type, reported.Name, nonEmpty(reported.UUID)
	s["allocation"], s["capacity"], s["available"] = poolSize(reported.Allocation), poolSize(reported.Capacity), poolSize(reported.Available)
	s["source"] = nestedObject(intent["source"], reported.Source != nil, func(planned object) object {
		source := copyObject(planned)
		source["name"] = readIfSet(planned["name"], nonEmpty(reported.Source.Name))
		source["device"] = nestedList(planned["device"], inOrder(len(reported.Source.Device)), func(i int, planned object) object {
			device := copyObject(planned)
			device["path"] = reported.Source.Device[i].Path
			return device
		})
		return source
	})
	s["target"] = nestedObject(intent["target"], reported.Target != nil, func(planned object) object {
		target := copyObject(planned)
		path := readIfSet(planned["path"], nonEmpty(reported.Target.Path))
		if plannedPath, ok := planned["path"].(string); ok && path != nil && canonicalPath(plannedPath) == canonicalPath(path.(string)) {
			path = plannedPath
		}
		target["path"] = path
		return target
	})
	return s
}

func canonicalPath(path string) string {
	if path == "/" {
		return path
	}
	return strings.TrimRight(path, "/")
}

func poolSize(size *libvirtxml.StoragePoolSize) any {
	if size == nil {
		return nil
	}
	return int64(size.Value)
}

// poolDeletesStorage: destroy.delete when set; otherwise a dir pool's directory, and a logical
// pool's group only when libvirt lists source devices for it (kvmbench's groups made by a host
// step are not).
func poolDeletesStorage(state object, reported *libvirtxml.StoragePool) bool {
	if deleteStorage, set := boolAt(objectAt(state, "destroy"), "delete"); set {
		return deleteStorage
	}
	return reported.Type == "dir" || reported.Type == "logical" && reported.Source != nil && len(reported.Source.Device) > 0
}

func (pool) update(object, object) (object, error) {
	return nil, failf("Update Not Supported", "Storage pools cannot be updated. All changes require replacement.")
}

// delete stops the pool, deletes its storage when the provider would, and undefines it.
func (r pool) delete(state object) error {
	uuid := stringAt(state, "id")
	reported, err := r.reported(uuid)
	if errors.Is(err, errGone) {
		return nil
	}
	_, _ = r.libvirt.run("pool-destroy", uuid) // may already be inactive
	if err != nil {
		return err
	}
	if poolDeletesStorage(state, reported) {
		if _, err := r.libvirt.run("pool-delete", uuid); err != nil {
			return fail("Failed to Delete Pool Storage", fmt.Errorf("Could not delete storage pool storage: %w", err))
		}
	}
	if _, err := r.libvirt.run("pool-undefine", uuid); err != nil {
		return fail("Failed to Undefine Pool", fmt.Errorf("Could not undefine storage pool: %w", err))
	}
	return nil
}
