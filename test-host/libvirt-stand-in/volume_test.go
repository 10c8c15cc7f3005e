package main

import (
	"strings"
	"testing"

	"libvirt.org/go/libvirtxml"
)

// What libvirt 9 reports for a raw volume after a cloud-init ISO was uploaded into it.
const uploadedISOVolume = `<volume type='file'>
  <name>guest-cidata.iso</name>
  <key>/var/lib/libvirt/images/guest-cidata.iso</key>
  <capacity unit='bytes'>45056</capacity>
  <allocation unit='bytes'>45056</allocation>
  <physical unit='bytes'>45056</physical>
  <target>
    <path>/var/lib/libvirt/images/guest-cidata.iso</path>
    <format type='iso'/>
    <permissions><mode>0600</mode><owner>0</owner><group>0</group></permissions>
  </target>
</volume>`

func reportedVolume(t *testing.T, document string) *libvirtxml.StorageVolume {
	t.Helper()
	var v libvirtxml.StorageVolume
	if err := v.Unmarshal(document); err != nil {
		t.Fatal(err)
	}
	return &v
}

func TestUploadedISOReadsBackAsISOWhereRawWasPlanned(t *testing.T) {
	planned := object{"name": "guest-cidata.iso", "pool": "default", "id": "/var/lib/libvirt/images/guest-cidata.iso",
		"target": object{"format": object{"type": "raw"}, "path": Unknown}, "create": object{"content": object{"url": "/tmp/c.iso"}}}
	state := volumeState(reportedVolume(t, uploadedISOVolume), planned, true)
	if got := objectAt(objectAt(state, "target"), "format")["type"]; got != "iso" {
		t.Errorf("target.format.type = %v: the provider reads libvirt's probe back, which Terraform reports as an inconsistent result", got)
	}
	if objectAt(state, "target")["permissions"] != nil {
		t.Error("permissions were not planned, so they stay null")
	}
}

func TestVolumeWithoutPlannedTargetKeepsItNull(t *testing.T) {
	planned := object{"name": "guest-cidata.iso", "pool": "default", "target": nil, "path": Unknown, "capacity": Unknown}
	state := volumeState(reportedVolume(t, uploadedISOVolume), planned, true)
	if state["target"] != nil {
		t.Errorf("target = %v, want null: a volume planned without target reads back consistent", state["target"])
	}
	if state["path"] != "/var/lib/libvirt/images/guest-cidata.iso" || state["key"] != "/var/lib/libvirt/images/guest-cidata.iso" {
		t.Errorf("path and key come from libvirt: %v %v", state["path"], state["key"])
	}
	if state["allocation"] != int64(45056) || state["physical"] != int64(45056) {
		t.Errorf("allocation and physical are computed: %v %v", state["allocation"], state["physical"])
	}
}

func TestVolumeCapacity(t *testing.T) {
	reported := reportedVolume(t, uploadedISOVolume)
	cases := []struct {
		name     string
		planned  any
		computed bool
		want     any
	}{
		{"set by the user: kept, though libvirt reports the upload's size", int64(1 << 30), true, int64(1 << 30)},
		{"left to the provider: libvirt's", Unknown, true, int64(45056)},
		{"served schema not computed: null", nil, false, nil},
	}
	for _, c := range cases {
		state := volumeState(reported, object{"capacity": c.planned}, c.computed)
		if state["capacity"] != c.want {
			t.Errorf("%s: capacity %v, want %v", c.name, state["capacity"], c.want)
		}
	}
}

func TestVolumeXMLIsTheProvidersForTheMappedAttributes(t *testing.T) {
	planned := object{"name": "boot.qcow2", "pool": "default", "capacity": int64(10737418240), "allocation": Unknown, "physical": Unknown,
		"target": object{"format": object{"type": "qcow2"}, "path": Unknown}, "backing_store": object{"path": "/i/base.qcow2", "format": object{"type": "qcow2"}}}
	document, err := volumeXML(planned, 10737418240).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<capacity>10737418240</capacity>",
		"<allocation>0</allocation>", // unknown at create: the provider writes 0, so raw volumes are sparse
		`<target>`, `<format type="qcow2"></format>`,
		"<backingStore>", "<path>/i/base.qcow2</path>",
	} {
		if !strings.Contains(document, want) {
			t.Errorf("volume XML lacks %s:\n%s", want, document)
		}
	}
	if strings.Contains(document, "<path></path>") {
		t.Errorf("an unknown target path is left out:\n%s", document)
	}
}

func TestUploadSourceRefusesHTTP(t *testing.T) {
	_, _, err := uploadSource(object{"create": object{"content": object{"url": "https://example.invalid/image.qcow2"}}})
	if err == nil || !strings.Contains(err.Error(), "local files") {
		t.Errorf("http(s) is refused with a clear error: %v", err)
	}
	path, _, err := uploadSource(object{"create": object{"content": object{"url": "file://" + t.TempDir()}}})
	if err == nil || path != "" {
		t.Errorf("a directory is refused: %v", err)
	}
}
