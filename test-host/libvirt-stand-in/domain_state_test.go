package main

import (
	"reflect"
	"testing"

	"libvirt.org/go/libvirtxml"
)

// What libvirt 9 reports for kvmbench's kind of guest (trimmed): the memory in KiB, the machine
// expanded, virtio disks moved before the sata one, implicit controllers added after the sata one.
const reportedGuest = `<domain type='qemu'>
  <name>vm</name>
  <uuid>265bc849-c3dc-40a1-92f0-3d99325af665</uuid>
  <memory unit='KiB'>262144</memory>
  <vcpu placement='static'>1</vcpu>
  <os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>
  <features><acpi/><apic/></features>
  <cpu mode='custom' match='exact' check='none'><model fallback='allow'>qemu64</model></cpu>
  <clock offset='utc'/>
  <devices>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='qcow2'/><source pool='default' volume='boot.qcow2'/><target dev='vda' bus='virtio'/><boot order='1'/>
    </disk>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='raw'/><source pool='default' volume='cidata.iso'/><target dev='vdb' bus='virtio'/><readonly/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='none' io='native' discard='unmap'/><source file='/srv/data.raw'/>
      <target dev='sda' bus='sata'/><serial>data</serial>
    </disk>
    <controller type='sata' index='0'/>
    <controller type='usb' index='0' model='qemu-xhci'/>
    <controller type='pci' index='0' model='pcie-root'/>
    <interface type='network'><mac address='52:54:00:ea:5c:10'/><source network='default'/><model type='virtio'/></interface>
    <serial type='pty'><log file='/srv/console.log' append='on'/><target type='isa-serial' port='0'><model name='isa-serial'/></target></serial>
    <serial type='file'><source path='/srv/ttyS1.log' append='off'/><target type='isa-serial' port='1'><model name='isa-serial'/></target></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>`

func reportedDomain(t *testing.T, document string) *libvirtxml.Domain {
	t.Helper()
	var d libvirtxml.Domain
	if err := d.Unmarshal(document); err != nil {
		t.Fatal(err)
	}
	return &d
}

// plannedGuest is the plan kvmbench's Guest makes for that domain (disks in its own order).
func plannedGuest() object {
	return object{
		"name": "vm", "type": "qemu", "memory": int64(256), "memory_unit": "MiB", "vcpu": int64(1), "running": false, "autostart": false,
		"id": Unknown, "uuid": Unknown,
		"cpu":      object{"mode": "custom", "model": "qemu64"},
		"os":       object{"type": "hvm", "type_arch": "x86_64", "type_machine": "q35"},
		"features": object{"acpi": true, "apic": object{"eoi": nil}},
		"clock":    object{"offset": "utc", "timer": nil},
		"devices": object{
			"disks": list{
				object{"source": object{"volume": object{"pool": "default", "volume": "boot.qcow2"}}, "target": object{"dev": "vda", "bus": "virtio"},
					"driver": object{"name": "qemu", "type": "qcow2"}, "boot": object{"order": int64(1)}},
				object{"source": object{"file": object{"file": "/srv/data.raw"}}, "target": object{"dev": "sda", "bus": "sata"},
					"driver": object{"name": "qemu", "type": "raw", "cache": "none", "io": "native", "discard": "unmap"}, "serial": "data"},
				object{"source": object{"volume": object{"pool": "default", "volume": "cidata.iso"}}, "target": object{"dev": "vdb", "bus": "virtio"},
					"driver": object{"name": "qemu", "type": "raw"}, "read_only": true},
			},
			"controllers": list{object{"type": "sata", "index": int64(0)}},
			"serials": list{
				object{"target": object{"type": "isa-serial", "port": int64(0)}, "log": object{"file": "/srv/console.log", "append": "on"}},
				object{"source": object{"file": object{"path": "/srv/ttyS1.log", "append": "off"}}, "target": object{"type": "isa-serial", "port": int64(1)}},
			},
			"interfaces": list{object{"source": object{"network": object{"network": "default"}}, "model": object{"type": "virtio"}}},
		},
	}
}

// withoutNulls drops null attributes, so that a state compares with a plan that leaves them out.
func withoutNulls(v any) any {
	switch x := v.(type) {
	case object:
		out := object{}
		for k, e := range x {
			if e != nil {
				out[k] = withoutNulls(e)
			}
		}
		return out
	case list:
		out := list{}
		for _, e := range x {
			out = append(out, withoutNulls(e))
		}
		return out
	}
	return v
}

func TestGuestReadsBackAsPlanned(t *testing.T) {
	planned := plannedGuest()
	state := domainState(reportedDomain(t, reportedGuest), planned)
	if state["uuid"] != "265bc849-c3dc-40a1-92f0-3d99325af665" || state["id"] != nil {
		t.Errorf("uuid from libvirt, no id while shut off: %v %v", state["uuid"], state["id"])
	}
	// Everything else is what was planned: memory in MiB though libvirt says KiB, the machine
	// q35 though libvirt says pc-q35-7.2, disks matched by target though libvirt reordered them.
	want := withoutNulls(planned).(object)
	got := withoutNulls(state).(object)
	delete(want, "id")
	delete(want, "uuid")
	delete(got, "uuid")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("state differs from the plan:\n got  %#v\n want %#v", got, want)
	}
}

func TestRunningDomainReportsItsID(t *testing.T) {
	running := reportedDomain(t, `<domain type='qemu' id='7'><name>vm</name><uuid>265bc849-c3dc-40a1-92f0-3d99325af665</uuid></domain>`)
	if id := domainState(running, object{"id": Unknown})["id"]; id != int64(7) {
		t.Errorf("id = %v, want 7", id)
	}
	stopped := reportedDomain(t, `<domain type='qemu'><name>vm</name></domain>`)
	if id := domainState(stopped, object{"id": int64(7)})["id"]; id != int64(7) {
		t.Errorf("a stopped domain keeps the id it had: %v", id)
	}
}

func TestOptionalAttributesReadBackWhatLibvirtReports(t *testing.T) {
	reported := reportedDomain(t, `<domain type='qemu'><name>vm</name>
		<os firmware='efi'><type>hvm</type><kernel>/boot/vmlinuz</kernel></os>
		<clock offset='utc'><timer name='rtc' tickpolicy='catchup'/></clock>
		<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/a'/><target dev='vda' bus='virtio'/></disk></devices>
		</domain>`)
	planned := object{
		"os":      object{"type": "hvm", "firmware": "efi", "kernel": "/boot/vmlinuz", "initrd": "/boot/initrd"},
		"clock":   object{"offset": "localtime", "timer": list{object{"name": "rtc", "tick_policy": "delay"}, object{"name": "hpet", "present": "no"}}},
		"devices": object{"disks": list{object{"source": object{"file": object{"file": "/a"}}, "target": object{"dev": "vda", "bus": "virtio"}, "driver": object{"type": "raw"}}}},
	}
	state := domainState(reported, planned)
	os, clock := objectAt(state, "os"), objectAt(state, "clock")
	if os["firmware"] != "efi" || os["kernel"] != "/boot/vmlinuz" || os["initrd"] != nil {
		t.Errorf("os reads firmware, kernel and initrd back: %#v", os)
	}
	if clock["offset"] != "utc" {
		t.Errorf("clock.offset = %v, want libvirt's utc", clock["offset"])
	}
	if timers := clock["timer"].(list); len(timers) != 1 || timers[0].(object)["tick_policy"] != "catchup" {
		t.Errorf("timers read back position by position, as many as libvirt reports: %#v", timers)
	}
	if driver := objectAt(listAt(objectAt(state, "devices"), "disks")[0].(object), "driver"); driver["type"] != "qcow2" || driver["name"] != nil {
		t.Errorf("driver.type reads libvirt's qcow2, unset driver.name stays null: %#v", driver)
	}
}

func TestControllersReadBackByPosition(t *testing.T) {
	// libvirt puts the q35's implicit sata controller first: a plan that lists only a scsi
	// controller reads back a sata one, the provider's inconsistent result.
	reported := reportedDomain(t, `<domain type='qemu'><name>vm</name><devices>
		<controller type='sata' index='0'/><controller type='scsi' index='0' model='virtio-scsi'/></devices></domain>`)
	planned := object{"devices": object{"controllers": list{object{"type": "scsi", "model": "virtio-scsi", "index": int64(0)}}}}
	controller := listAt(objectAt(domainState(reported, planned), "devices"), "controllers")[0].(object)
	if controller["type"] != "sata" || controller["model"] != nil {
		t.Errorf("controllers[0] = %#v, want libvirt's first controller (sata, no model)", controller)
	}
}

func TestDisksWithoutKeyFallBackToPosition(t *testing.T) {
	reported := reportedDomain(t, `<domain type='qemu'><name>vm</name><devices>
		<disk type='file' device='cdrom'><source file='/x.iso'/><target dev='sda' bus='sata'/></disk>
		<disk type='file' device='disk'><source file='/a'/><target dev='vda' bus='virtio'/></disk></devices></domain>`)
	planned := object{"devices": object{"disks": list{
		object{"source": object{"file": object{"file": "/a"}}, "target": object{"dev": "vda"}},
		object{"device": "cdrom", "source": object{"file": object{"file": "/x.iso"}}},
	}}}
	disks := listAt(objectAt(domainState(reported, planned), "devices"), "disks")
	first := objectAt(objectAt(disks[0].(object), "source"), "file")["file"]
	second := disks[1].(object)["device"]
	if first != "/a" || second != "cdrom" {
		t.Errorf("vda matched by target, the keyless cdrom takes the disk left over: %v %v", first, second)
	}
}

func TestHyperVEnlightenmentsReadBack(t *testing.T) {
	reported := reportedDomain(t, `<domain type='qemu'><name>vm</name><features>
		<hyperv mode='custom'><relaxed state='on'/><vpindex state='off'/></hyperv></features></domain>`)
	planned := object{"features": object{"hyper_v": object{"relaxed": object{"state": "on"}, "vp_index": object{"state": "on"}, "ipi": object{"state": "on"}}}}
	hyperV := objectAt(objectAt(domainState(reported, planned), "features"), "hyper_v")
	if hyperV["mode"] != nil || objectAt(hyperV, "relaxed")["state"] != "on" || objectAt(hyperV, "vp_index")["state"] != "off" {
		t.Errorf("states read back, unset mode stays null: %#v", hyperV)
	}
	if objectAt(hyperV, "ipi")["state"] != "on" {
		t.Errorf("an enlightenment libvirt omits keeps its planned value: %#v", hyperV["ipi"])
	}
}
