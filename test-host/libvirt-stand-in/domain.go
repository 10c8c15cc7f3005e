package main

import (
	"errors"
	"fmt"
	"regexp"
	"time"

	"libvirt.org/go/libvirtxml"
)

// domain is libvirt_domain: a persistent domain, defined from XML, started when running = true.
type domain struct {
	libvirt virsh
}

func (domain) mapped() []string {
	paths := []string{
		"name", "type", "memory", "memory_unit", "vcpu", "description", "autostart", "running",
		"cpu.mode", "cpu.model",
		"os.type", "os.type_arch", "os.type_machine", "os.firmware", "os.kernel", "os.initrd", "os.cmdline",
		"features.acpi", "features.apic", "features.hyper_v.mode",
		"clock.offset", "clock.timer.name", "clock.timer.tick_policy", "clock.timer.present",
		"devices.disks.device", "devices.disks.source.file.file", "devices.disks.source.block.dev",
		"devices.disks.source.volume.pool", "devices.disks.source.volume.volume",
		"devices.disks.target.dev", "devices.disks.target.bus",
		"devices.disks.driver.name", "devices.disks.driver.type", "devices.disks.driver.cache", "devices.disks.driver.io", "devices.disks.driver.discard",
		"devices.disks.serial", "devices.disks.read_only", "devices.disks.boot.order",
		"devices.controllers.type", "devices.controllers.model", "devices.controllers.index",
		"devices.serials.source.file.path", "devices.serials.source.file.append", "devices.serials.target.type", "devices.serials.target.port",
		"devices.serials.log.file", "devices.serials.log.append",
		"devices.interfaces.source.network.network", "devices.interfaces.source.bridge.bridge", "devices.interfaces.model.type",
	}
	for name := range hyperVStates(&libvirtxml.DomainFeatureHyperV{}) {
		paths = append(paths, "features.hyper_v."+name+".state")
	}
	return paths
}

var autostartEnabled = regexp.MustCompile(`(?m)^Autostart:\s+enable`)

func (domain) modifiers() planModifiers {
	return planModifiers{requiresReplace: []string{"name", "type"}, useStateForUnknown: []string{"id", "uuid"}}
}

// create defines the domain, starts it when running = true, sets autostart when given, then
// reads it back.
func (r domain) create(planned object) (object, error) {
	uuid, err := r.define(planned)
	if err != nil {
		return nil, fail("Domain Creation Failed", fmt.Errorf("Failed to define domain in libvirt: %w", err))
	}
	running, _ := boolAt(planned, "running")
	undo := func() {
		if running {
			_, _ = r.libvirt.run("destroy", uuid)
		}
		_, _ = r.libvirt.run("undefine", uuid)
	}
	if running {
		if _, err := r.libvirt.run("start", uuid); err != nil {
			undo()
			return nil, fail("Failed to Start Domain", fmt.Errorf("Domain was defined but failed to start: %w", err))
		}
	}
	if err := r.setAutostart(uuid, planned); err != nil {
		undo()
		return nil, fail("Failed to Set Autostart", fmt.Errorf("Domain was created but failed to set autostart: %w", err))
	}
	state, err := r.readBack(uuid, planned)
	if err != nil {
		undo()
	}
	return state, err
}

func (r domain) define(planned object) (uuid string, err error) {
	document, err := domainXML(planned).Marshal()
	if err != nil {
		return "", err
	}
	if _, err := r.libvirt.withXMLFile([]byte(document), func(file string) []string { return []string{"define", file} }); err != nil {
		return "", err
	}
	return r.libvirt.run("domuuid", stringAt(planned, "name"))
}

func (r domain) setAutostart(uuid string, planned object) error {
	enabled, set := boolAt(planned, "autostart")
	switch {
	case !set:
		return nil
	case enabled:
		_, err := r.libvirt.run("autostart", uuid)
		return err
	default:
		_, err := r.libvirt.run("autostart", "--disable", uuid)
		return err
	}
}

func (r domain) read(state object) (object, error) {
	uuid, ok := state["uuid"].(string)
	if !ok {
		return nil, removedFromState{}
	}
	refreshed, err := r.readBack(uuid, state)
	if errors.Is(err, errGone) {
		return nil, removedFromState{} // the provider removes it without a word
	}
	return refreshed, err
}

// readBack is the provider's read: the XML with secure information, projected with the intent,
// and autostart from libvirt when the intent sets it.
func (r domain) readBack(uuid string, intent object) (object, error) {
	document, err := r.libvirt.run("dumpxml", "--security-info", uuid)
	if err != nil {
		return nil, fail("Failed to Read Domain", fmt.Errorf("Failed to get domain XML: %w", err))
	}
	var reported libvirtxml.Domain
	if err := reported.Unmarshal(document); err != nil {
		return nil, fail("Failed to Parse Domain XML", err)
	}
	state := domainState(&reported, intent)
	if isKnown(intent["autostart"]) {
		info, err := r.libvirt.run("dominfo", uuid)
		if err != nil {
			return nil, fail("Failed to Get Autostart Status", err)
		}
		state["autostart"] = autostartEnabled.MatchString(info)
	}
	return state, nil
}

// update redefines the domain as the provider does: stop it (guest shutdown, forced after 30s),
// undefine it keeping NVRAM and TPM state, define the planned XML under the same UUID, set
// autostart, start it when running = true.
func (r domain) update(prior, planned object) (object, error) {
	uuid := stringAt(prior, "uuid")
	if _, err := r.libvirt.run("domstate", uuid); err != nil {
		return nil, fail("Domain Lookup Failed", fmt.Errorf("Failed to look up existing domain: %w", err))
	}
	if err := r.stop(uuid, true); err != nil {
		return nil, fail("Failed to Stop Domain", fmt.Errorf("Domain must be stopped before updating: %w", err))
	}
	if _, err := r.libvirt.run("undefine", "--keep-nvram", "--keep-tpm", uuid); err != nil {
		return nil, fail("Domain Undefine Failed", fmt.Errorf("Failed to undefine existing domain: %w", err))
	}
	planned = copyObject(planned)
	planned["uuid"] = uuid
	if _, err := r.define(planned); err != nil {
		return nil, fail("Domain Update Failed", fmt.Errorf("Failed to define updated domain in libvirt: %w", err))
	}
	if err := r.setAutostart(uuid, planned); err != nil {
		return nil, fail("Failed to Set Autostart", fmt.Errorf("Domain was updated but failed to set autostart: %w", err))
	}
	var startFailure error
	if running, _ := boolAt(planned, "running"); running {
		if _, err := r.libvirt.run("start", uuid); err != nil {
			startFailure = warning{"Failed to Start Domain", "Domain was updated but failed to start: " + err.Error()}
		}
	}
	state, err := r.readBack(uuid, planned)
	if err != nil {
		return nil, err
	}
	return state, startFailure
}

// stop stops a running domain: with a guest shutdown first when asked (update), then by force.
func (r domain) stop(uuid string, shutdownFirst bool) error {
	if state, err := r.libvirt.run("domstate", uuid); err != nil || state != "running" {
		return err
	}
	if shutdownFirst {
		if _, err := r.libvirt.run("shutdown", uuid); err != nil {
			return fmt.Errorf("request guest shutdown: %w", err)
		}
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(time.Second) {
			if state, err := r.libvirt.run("domstate", uuid); err == nil && state == "shut off" {
				return nil
			}
		}
	}
	_, err := r.libvirt.run("destroy", uuid)
	return err
}

// delete stops the domain by force and undefines it with its NVRAM and TPM state.
func (r domain) delete(state object) error {
	uuid := stringAt(state, "uuid")
	if _, err := r.libvirt.run("domstate", uuid); errors.Is(err, errGone) {
		return nil
	}
	if err := r.stop(uuid, false); err != nil {
		return fail("Failed to Destroy Domain", fmt.Errorf("Failed to stop running domain: %w", err))
	}
	if _, err := r.libvirt.run("undefine", "--nvram", "--tpm", uuid); err != nil {
		return fail("Failed to Undefine Domain", fmt.Errorf("Failed to undefine domain: %w", err))
	}
	return nil
}
