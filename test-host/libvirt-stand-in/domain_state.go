package main

import (
	"slices"

	"libvirt.org/go/libvirtxml"
)

// domainState is the provider's DomainFromXML with the plan (or prior state) as user intent, for
// the mapped attributes. running, autostart and the lifecycle blocks are the provider's own and
// stay as intended (the caller reads autostart back).
func domainState(reported *libvirtxml.Domain, intent object) object {
	s := copyObject(intent)
	s["type"], s["name"], s["uuid"] = reported.Type, reported.Name, nonEmpty(reported.UUID)
	s["id"] = nil // libvirt reports an id only while the domain runs; the provider then keeps the known one
	if reported.ID != nil {
		s["id"] = int64(*reported.ID)
	} else if isKnown(intent["id"]) {
		s["id"] = intent["id"]
	}
	s["description"] = readIfSet(intent["description"], nonEmpty(reported.Description))
	s["memory"], s["memory_unit"], s["vcpu"] = keptAsPlanned(intent["memory"]), keptAsPlanned(intent["memory_unit"]), keptAsPlanned(intent["vcpu"])
	s["cpu"] = nestedObject(intent["cpu"], reported.CPU != nil, func(planned object) object {
		cpu := copyObject(planned)
		cpu["mode"], cpu["model"] = keptAsPlanned(planned["mode"]), keptAsPlanned(planned["model"])
		return cpu
	})
	s["os"] = nestedObject(intent["os"], reported.OS != nil, func(planned object) object {
		os, r := copyObject(planned), reported.OS
		// type, type_arch and type_machine are one flattened value: libvirt's `pc-i440fx-7.2` for a
		// planned `pc` is never read back.
		os["type"], os["type_arch"], os["type_machine"] = keptAsPlanned(planned["type"]), keptAsPlanned(planned["type_arch"]), keptAsPlanned(planned["type_machine"])
		os["firmware"] = readIfSet(planned["firmware"], nonEmpty(r.Firmware))
		os["kernel"] = readIfSet(planned["kernel"], nonEmpty(r.Kernel))
		os["initrd"] = readIfSet(planned["initrd"], nonEmpty(r.Initrd))
		os["cmdline"] = readIfSet(planned["cmdline"], nonEmpty(r.Cmdline))
		return os
	})
	s["features"] = nestedObject(intent["features"], reported.Features != nil, func(planned object) object {
		return featuresState(reported.Features, planned)
	})
	s["clock"] = nestedObject(intent["clock"], reported.Clock != nil, func(planned object) object {
		clock := copyObject(planned)
		clock["offset"] = readIfSet(planned["offset"], nonEmpty(reported.Clock.Offset))
		clock["timer"] = nestedList(planned["timer"], inOrder(len(reported.Clock.Timer)), func(i int, planned object) object {
			timer, r := copyObject(planned), reported.Clock.Timer[i]
			timer["name"] = r.Name
			timer["tick_policy"] = readIfSet(planned["tick_policy"], nonEmpty(r.TickPolicy))
			timer["present"] = readIfSet(planned["present"], nonEmpty(r.Present))
			return timer
		})
		return clock
	})
	s["devices"] = nestedObject(intent["devices"], reported.Devices != nil, func(planned object) object {
		return devicesState(reported.Devices, planned)
	})
	return s
}

func featuresState(reported *libvirtxml.DomainFeatureList, planned object) object {
	f := copyObject(planned)
	f["acpi"] = readIfSet(planned["acpi"], reported.ACPI != nil)
	f["apic"] = nestedObject(planned["apic"], reported.APIC != nil, func(planned object) object {
		apic := copyObject(planned)
		apic["eoi"] = readIfSet(planned["eoi"], nonEmpty(reported.APIC.EOI))
		return apic
	})
	f["hyper_v"] = nestedObject(planned["hyper_v"], reported.HyperV != nil, func(planned object) object {
		hyperV := copyObject(planned)
		hyperV["mode"] = readIfSet(planned["mode"], nonEmpty(reported.HyperV.Mode))
		for name, field := range hyperVStates(reported.HyperV) {
			hyperV[name] = nestedObject(planned[name], *field != nil, func(planned object) object {
				enlightenment := copyObject(planned)
				enlightenment["state"] = readIfSet(planned["state"], nonEmpty((*field).State))
				return enlightenment
			})
		}
		return hyperV
	})
	return f
}

// devicesState reads disks back matched by target, controllers, serials and interfaces position
// by position, as the provider does: libvirt adds devices and orders them (virtio disks before
// sata ones, implicit controllers among the planned), and only disks are matched by key.
func devicesState(reported *libvirtxml.DomainDeviceList, planned object) object {
	d := copyObject(planned)
	d["disks"] = nestedList(planned["disks"], disksByKey(reported.Disks), func(i int, planned object) object {
		return diskState(&reported.Disks[i], planned)
	})
	d["controllers"] = nestedList(planned["controllers"], inOrder(len(reported.Controllers)), func(i int, planned object) object {
		controller, r := copyObject(planned), reported.Controllers[i]
		controller["type"] = r.Type
		controller["model"] = readIfSet(planned["model"], nonEmpty(r.Model))
		controller["index"] = readIfSet(planned["index"], optionalUint(r.Index))
		return controller
	})
	d["serials"] = nestedList(planned["serials"], inOrder(len(reported.Serials)), func(i int, planned object) object {
		return serialState(&reported.Serials[i], planned)
	})
	d["interfaces"] = nestedList(planned["interfaces"], inOrder(len(reported.Interfaces)), func(i int, planned object) object {
		return interfaceState(&reported.Interfaces[i], planned)
	})
	return d
}

func diskState(r *libvirtxml.DomainDisk, planned object) object {
	disk := copyObject(planned)
	disk["device"] = readIfSet(planned["device"], nonEmpty(r.Device))
	disk["source"] = nestedObject(planned["source"], r.Source != nil, func(planned object) object {
		source := copyObject(planned)
		source["file"] = nestedObject(planned["file"], r.Source.File != nil, func(planned object) object {
			return withReadIfSet(planned, "file", r.Source.File.File)
		})
		source["block"] = nestedObject(planned["block"], r.Source.Block != nil, func(planned object) object {
			return withReadIfSet(planned, "dev", r.Source.Block.Dev)
		})
		source["volume"] = nestedObject(planned["volume"], r.Source.Volume != nil, func(planned object) object {
			return withReadIfSet(withReadIfSet(planned, "pool", r.Source.Volume.Pool), "volume", r.Source.Volume.Volume)
		})
		return source
	})
	disk["target"] = nestedObject(planned["target"], r.Target != nil, func(planned object) object {
		return withReadIfSet(withReadIfSet(planned, "dev", r.Target.Dev), "bus", r.Target.Bus)
	})
	disk["driver"] = nestedObject(planned["driver"], r.Driver != nil, func(planned object) object {
		driver := planned
		for name, value := range map[string]string{"name": r.Driver.Name, "type": r.Driver.Type, "cache": r.Driver.Cache, "io": r.Driver.IO, "discard": r.Driver.Discard} {
			driver = withReadIfSet(driver, name, value)
		}
		return driver
	})
	disk["serial"] = readIfSet(planned["serial"], nonEmpty(r.Serial))
	disk["read_only"] = readIfSet(planned["read_only"], r.ReadOnly != nil)
	disk["boot"] = nestedObject(planned["boot"], r.Boot != nil, func(planned object) object {
		boot := copyObject(planned)
		boot["order"] = int64(r.Boot.Order)
		return boot
	})
	return disk
}

func serialState(r *libvirtxml.DomainSerial, planned object) object {
	serial := copyObject(planned)
	serial["source"] = nestedObject(planned["source"], r.Source != nil, func(planned object) object {
		source := copyObject(planned)
		source["file"] = nestedObject(planned["file"], r.Source.File != nil, func(planned object) object {
			file := withReadIfSet(planned, "append", r.Source.File.Append)
			file["path"] = r.Source.File.Path
			return file
		})
		return source
	})
	serial["target"] = nestedObject(planned["target"], r.Target != nil, func(planned object) object {
		target := withReadIfSet(planned, "type", r.Target.Type)
		target["port"] = readIfSet(planned["port"], optionalUint(r.Target.Port))
		return target
	})
	serial["log"] = nestedObject(planned["log"], r.Log != nil, func(planned object) object {
		log := withReadIfSet(planned, "append", r.Log.Append)
		log["file"] = r.Log.File
		return log
	})
	return serial
}

func interfaceState(r *libvirtxml.DomainInterface, planned object) object {
	iface := copyObject(planned)
	iface["source"] = nestedObject(planned["source"], r.Source != nil, func(planned object) object {
		source := copyObject(planned)
		source["network"] = nestedObject(planned["network"], r.Source.Network != nil, func(planned object) object {
			return withReadIfSet(planned, "network", r.Source.Network.Network)
		})
		source["bridge"] = nestedObject(planned["bridge"], r.Source.Bridge != nil, func(planned object) object {
			bridge := copyObject(planned)
			bridge["bridge"] = r.Source.Bridge.Bridge
			return bridge
		})
		return source
	})
	iface["model"] = nestedObject(planned["model"], r.Model != nil, func(planned object) object {
		model := copyObject(planned)
		model["type"] = r.Model.Type
		return model
	})
	return iface
}

// withReadIfSet is a copy of o with the Optional string attribute name read back from libvirt.
func withReadIfSet(o object, name, reported string) object {
	out := copyObject(o)
	out[name] = readIfSet(o[name], nonEmpty(reported))
	return out
}

// disksByKey pairs disks as the provider does: a planned disk with the reported disk of the same
// target dev (or alias, or source pool/volume); one without a match with the reported disk at its
// own position, or else the first one not yet paired.
func disksByKey(reported []libvirtxml.DomainDisk) pairing {
	return func(planned list) [][2]int {
		byKey := map[string]int{}
		for i, disk := range reported {
			if key := reportedDiskKey(disk); key != "" {
				if _, seen := byKey[key]; !seen {
					byKey[key] = i
				}
			}
		}
		used := make([]bool, len(reported))
		var pairs [][2]int
		for i := 0; i < min(len(reported), len(planned)); i++ {
			plannedDisk, _ := planned[i].(object)
			match, found := byKey[plannedDiskKey(plannedDisk)]
			if !found || used[match] {
				match = slices.Index(used, false)
				if !used[i] {
					match = i
				}
			}
			used[match] = true
			pairs = append(pairs, [2]int{i, match})
		}
		return pairs
	}
}

func plannedDiskKey(disk object) string {
	if dev, ok := objectAt(disk, "target")["dev"].(string); ok && dev != "" {
		return "target.dev:" + dev
	}
	volume := objectAt(objectAt(disk, "source"), "volume")
	pool, poolKnown := volume["pool"].(string)
	name, nameKnown := volume["volume"].(string)
	if poolKnown && nameKnown && pool != "" && name != "" {
		return "volume:" + pool + "/" + name
	}
	return ""
}

func reportedDiskKey(disk libvirtxml.DomainDisk) string {
	switch {
	case disk.Target != nil && disk.Target.Dev != "":
		return "target.dev:" + disk.Target.Dev
	case disk.Alias != nil && disk.Alias.Name != "":
		return "alias:" + disk.Alias.Name
	case disk.Source != nil && disk.Source.Volume != nil && disk.Source.Volume.Pool != "" && disk.Source.Volume.Volume != "":
		return "volume:" + disk.Source.Volume.Pool + "/" + disk.Source.Volume.Volume
	}
	return ""
}
