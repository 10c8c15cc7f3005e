package main

import (
	"strings"
	"testing"
)

func TestDomainXMLForKvmbenchsGuest(t *testing.T) {
	planned := plannedGuest()
	planned["description"] = "a guest"
	planned["os"].(object)["kernel"] = "/boot/vmlinuz"
	planned["features"].(object)["hyper_v"] = object{"relaxed": object{"state": "on"}, "vp_index": object{"state": "on"}}
	planned["clock"] = object{"offset": "localtime", "timer": list{object{"name": "hpet", "present": "no"}, object{"name": "rtc", "tick_policy": "catchup"}}}
	document, err := domainXML(planned).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<domain type="qemu" id="0">`, // the unknown id goes in as 0, as the provider writes it; libvirt ignores it
		`<name>vm</name>`, `<description>a guest</description>`,
		`<memory unit="MiB">256</memory>`, `<vcpu>1</vcpu>`,
		`<type arch="x86_64" machine="q35">hvm</type>`, `<kernel>/boot/vmlinuz</kernel>`,
		`<acpi></acpi>`, `<apic></apic>`, `<hyperv>`, `<relaxed state="on"></relaxed>`, `<vpindex state="on"></vpindex>`,
		`<cpu mode="custom">`, `<model>qemu64</model>`,
		`<clock offset="localtime">`, `<timer name="hpet" present="no"></timer>`, `<timer name="rtc" tickpolicy="catchup"></timer>`,
		`<disk type="volume">`, `<source pool="default" volume="boot.qcow2"></source>`, `<boot order="1"></boot>`,
		`<disk type="file">`, `<driver name="qemu" type="raw" cache="none" io="native" discard="unmap"></driver>`, `<serial>data</serial>`,
		`<readonly></readonly>`,
		`<controller type="sata" index="0">`,
		`<serial type="file">`, `<source path="/srv/ttyS1.log" append="off"></source>`, `<target type="isa-serial" port="1">`,
		`<log file="/srv/console.log" append="on"></log>`,
		`<interface type="network">`, `<source network="default"></source>`, `<model type="virtio"></model>`,
	} {
		if !strings.Contains(document, want) {
			t.Errorf("domain XML lacks %s", want)
		}
	}
	if strings.Contains(document, "<uuid>") {
		t.Error("an unknown uuid is left to libvirt")
	}
	// The console has no source: no type either, libvirt makes it a pty.
	if !strings.Contains(document, "<serial>\n      <target type=\"isa-serial\" port=\"0\">") {
		t.Errorf("console serial:\n%s", document)
	}
}

func TestDomainXMLSourceVariants(t *testing.T) {
	planned := object{"name": "vm", "type": "kvm", "devices": object{
		"disks":      list{object{"source": object{"block": object{"dev": "/dev/sdb"}}, "device": "disk"}},
		"interfaces": list{object{"source": object{"bridge": object{"bridge": "br0"}}}},
	}}
	document, err := domainXML(planned).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<disk type="block" device="disk">`, `<source dev="/dev/sdb">`, `<interface type="bridge">`, `<source bridge="br0">`} {
		if !strings.Contains(document, want) {
			t.Errorf("domain XML lacks %s:\n%s", want, document)
		}
	}
}
