package main

import "libvirt.org/go/libvirtxml"

// domainXML is the provider's DomainToXML for the mapped attributes: each attribute becomes the
// XML element or attribute schema-mapping.md names, through the same libvirtxml types, so the
// disk, serial and interface type attributes follow from the source variant as in the provider.
func domainXML(planned object) *libvirtxml.Domain {
	d := &libvirtxml.Domain{Type: stringAt(planned, "type"), Name: stringAt(planned, "name"), Description: stringAt(planned, "description")}
	if id, set := xmlUint(planned["id"]); set {
		value := int(id)
		d.ID = &value
	}
	d.UUID = stringAt(planned, "uuid")
	if memory, set := xmlUint(planned["memory"]); set {
		d.Memory = &libvirtxml.DomainMemory{Value: memory, Unit: stringAt(planned, "memory_unit")}
	}
	if vcpu, set := xmlUint(planned["vcpu"]); set {
		d.VCPU = &libvirtxml.DomainVCPU{Value: vcpu}
	}
	if cpu := objectAt(planned, "cpu"); cpu != nil {
		d.CPU = &libvirtxml.DomainCPU{Mode: stringAt(cpu, "mode")}
		if model, set := xmlString(cpu["model"]); set {
			d.CPU.Model = &libvirtxml.DomainCPUModel{Value: model}
		}
	}
	if os := objectAt(planned, "os"); os != nil {
		d.OS = &libvirtxml.DomainOS{Firmware: stringAt(os, "firmware"), Kernel: stringAt(os, "kernel"), Initrd: stringAt(os, "initrd"), Cmdline: stringAt(os, "cmdline")}
		if typ, set := xmlString(os["type"]); set {
			d.OS.Type = &libvirtxml.DomainOSType{Type: typ, Arch: stringAt(os, "type_arch"), Machine: stringAt(os, "type_machine")}
		}
	}
	if features := objectAt(planned, "features"); features != nil {
		d.Features = featuresXML(features)
	}
	if clock := objectAt(planned, "clock"); clock != nil {
		d.Clock = &libvirtxml.DomainClock{Offset: stringAt(clock, "offset")}
		for _, t := range listAt(clock, "timer") {
			timer := t.(object)
			d.Clock.Timer = append(d.Clock.Timer, libvirtxml.DomainTimer{
				Name: stringAt(timer, "name"), TickPolicy: stringAt(timer, "tick_policy"), Present: stringAt(timer, "present"),
			})
		}
	}
	if devices := objectAt(planned, "devices"); devices != nil {
		d.Devices = devicesXML(devices)
	}
	return d
}

func featuresXML(features object) *libvirtxml.DomainFeatureList {
	f := &libvirtxml.DomainFeatureList{}
	if xmlTrue(features["acpi"]) {
		f.ACPI = &libvirtxml.DomainFeature{}
	}
	if apic := objectAt(features, "apic"); apic != nil {
		f.APIC = &libvirtxml.DomainFeatureAPIC{EOI: stringAt(apic, "eoi")}
	}
	if hyperV := objectAt(features, "hyper_v"); hyperV != nil {
		f.HyperV = &libvirtxml.DomainFeatureHyperV{Mode: stringAt(hyperV, "mode")}
		for name, field := range hyperVStates(f.HyperV) {
			if enlightenment := objectAt(hyperV, name); enlightenment != nil {
				*field = &libvirtxml.DomainFeatureState{State: stringAt(enlightenment, "state")}
			}
		}
	}
	return f
}

// hyperVStates are the Hyper-V enlightenments that are a bare state="on|off", by attribute name.
func hyperVStates(h *libvirtxml.DomainFeatureHyperV) map[string]**libvirtxml.DomainFeatureState {
	return map[string]**libvirtxml.DomainFeatureState{
		"relaxed": &h.Relaxed, "vapic": &h.VAPIC, "vp_index": &h.VPIndex, "runtime": &h.Runtime, "synic": &h.Synic,
		"reset": &h.Reset, "frequencies": &h.Frequencies, "re_enlightenment": &h.ReEnlightenment, "ipi": &h.IPI,
		"evmcs": &h.EVMCS, "avic": &h.AVIC, "emsr_bitmap": &h.EMSRBitmap, "xmm_input": &h.XMMInput,
	}
}

func devicesXML(devices object) *libvirtxml.DomainDeviceList {
	l := &libvirtxml.DomainDeviceList{}
	for _, d := range listAt(devices, "disks") {
		l.Disks = append(l.Disks, diskXML(d.(object)))
	}
	for _, c := range listAt(devices, "controllers") {
		controller := c.(object)
		l.Controllers = append(l.Controllers, libvirtxml.DomainController{
			Type: stringAt(controller, "type"), Model: stringAt(controller, "model"), Index: xmlUintPointer(controller["index"]),
		})
	}
	for _, s := range listAt(devices, "serials") {
		l.Serials = append(l.Serials, serialXML(s.(object)))
	}
	for _, i := range listAt(devices, "interfaces") {
		l.Interfaces = append(l.Interfaces, interfaceXML(i.(object)))
	}
	return l
}

func diskXML(disk object) libvirtxml.DomainDisk {
	d := libvirtxml.DomainDisk{Device: stringAt(disk, "device"), Serial: stringAt(disk, "serial")}
	if driver := objectAt(disk, "driver"); driver != nil {
		d.Driver = &libvirtxml.DomainDiskDriver{
			Name: stringAt(driver, "name"), Type: stringAt(driver, "type"), Cache: stringAt(driver, "cache"),
			IO: stringAt(driver, "io"), Discard: stringAt(driver, "discard"),
		}
	}
	if source := objectAt(disk, "source"); source != nil {
		d.Source = &libvirtxml.DomainDiskSource{}
		if file := objectAt(source, "file"); file != nil {
			d.Source.File = &libvirtxml.DomainDiskSourceFile{File: stringAt(file, "file")}
		}
		if block := objectAt(source, "block"); block != nil {
			d.Source.Block = &libvirtxml.DomainDiskSourceBlock{Dev: stringAt(block, "dev")}
		}
		if volume := objectAt(source, "volume"); volume != nil {
			d.Source.Volume = &libvirtxml.DomainDiskSourceVolume{Pool: stringAt(volume, "pool"), Volume: stringAt(volume, "volume")}
		}
	}
	if target := objectAt(disk, "target"); target != nil {
		d.Target = &libvirtxml.DomainDiskTarget{Dev: stringAt(target, "dev"), Bus: stringAt(target, "bus")}
	}
	if xmlTrue(disk["read_only"]) {
		d.ReadOnly = &libvirtxml.DomainDiskReadOnly{}
	}
	if boot := objectAt(disk, "boot"); boot != nil {
		order, _ := xmlUint(boot["order"])
		d.Boot = &libvirtxml.DomainDeviceBoot{Order: order}
	}
	return d
}

func serialXML(serial object) libvirtxml.DomainSerial {
	s := libvirtxml.DomainSerial{}
	if source := objectAt(serial, "source"); source != nil {
		s.Source = &libvirtxml.DomainChardevSource{}
		if file := objectAt(source, "file"); file != nil {
			s.Source.File = &libvirtxml.DomainChardevSourceFile{Path: stringAt(file, "path"), Append: stringAt(file, "append")}
		}
	}
	if target := objectAt(serial, "target"); target != nil {
		s.Target = &libvirtxml.DomainSerialTarget{Type: stringAt(target, "type"), Port: xmlUintPointer(target["port"])}
	}
	if log := objectAt(serial, "log"); log != nil {
		s.Log = &libvirtxml.DomainChardevLog{File: stringAt(log, "file"), Append: stringAt(log, "append")}
	}
	return s
}

func interfaceXML(iface object) libvirtxml.DomainInterface {
	i := libvirtxml.DomainInterface{}
	if source := objectAt(iface, "source"); source != nil {
		i.Source = &libvirtxml.DomainInterfaceSource{}
		if network := objectAt(source, "network"); network != nil {
			i.Source.Network = &libvirtxml.DomainInterfaceSourceNetwork{Network: stringAt(network, "network")}
		}
		if bridge := objectAt(source, "bridge"); bridge != nil {
			i.Source.Bridge = &libvirtxml.DomainInterfaceSourceBridge{Bridge: stringAt(bridge, "bridge")}
		}
	}
	if model := objectAt(iface, "model"); model != nil {
		i.Model = &libvirtxml.DomainInterfaceModel{Type: stringAt(model, "type")}
	}
	return i
}
