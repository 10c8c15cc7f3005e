package main

import (
	"reflect"
	"testing"

	"libvirt.org/go/libvirtxml"
)

const reportedDirPool = `<pool type='dir'>
  <name>kvmbench-data</name>
  <uuid>6f0e3a0e-3b0c-4c55-9d8e-1e2f3a4b5c6d</uuid>
  <capacity unit='bytes'>270553272320</capacity>
  <allocation unit='bytes'>20308930560</allocation>
  <available unit='bytes'>250244341760</available>
  <source>
  </source>
  <target>
    <path>/srv/data</path>
    <permissions><mode>0755</mode><owner>0</owner><group>0</group></permissions>
  </target>
</pool>`

func reportedPool(t *testing.T, document string) *libvirtxml.StoragePool {
	t.Helper()
	var p libvirtxml.StoragePool
	if err := p.Unmarshal(document); err != nil {
		t.Fatal(err)
	}
	return &p
}

func TestPoolReadBack(t *testing.T) {
	planned := object{"name": "kvmbench-data", "type": "dir", "id": "6f0e3a0e-3b0c-4c55-9d8e-1e2f3a4b5c6d", "uuid": Unknown,
		"capacity": Unknown, "allocation": Unknown, "available": Unknown, "target": object{"path": "/srv/data/"}}
	state := poolState(reportedPool(t, reportedDirPool), planned)
	if state["uuid"] != "6f0e3a0e-3b0c-4c55-9d8e-1e2f3a4b5c6d" || state["capacity"] != int64(270553272320) || state["available"] != int64(250244341760) {
		t.Errorf("uuid and sizes come from libvirt: %#v", state)
	}
	if got := objectAt(state, "target")["path"]; got != "/srv/data/" {
		t.Errorf("target.path = %v: the user's trailing slash is kept where libvirt trims it", got)
	}
	if state["source"] != nil || objectAt(state, "target")["permissions"] != nil {
		t.Errorf("what was not planned stays null: %#v", state)
	}
}

func TestPoolSourceDevicesReadBackInOrder(t *testing.T) {
	reported := reportedPool(t, `<pool type='logical'><name>vg</name><source>
		<device path='/dev/loop7'/><name>vg</name><format type='lvm2'/></source><target><path>/dev/vg</path></target></pool>`)
	planned := object{"name": "vg", "type": "logical", "source": object{"name": "vg", "device": list{object{"path": "/dev/loop7"}, object{"path": "/dev/loop8"}}}}
	source := objectAt(poolState(reported, planned), "source")
	want := object{"name": "vg", "device": list{object{"path": "/dev/loop7"}}}
	if !reflect.DeepEqual(source, want) {
		t.Errorf("source = %#v, want %#v (as many devices as libvirt reports)", source, want)
	}
}

func TestPoolBuildsAsTheProviderDoes(t *testing.T) {
	cases := []struct {
		name    string
		planned object
		build   bool
	}{
		{"dir pool", object{"type": "dir"}, true},
		{"logical pool over an existing group", object{"type": "logical", "source": object{"name": "vg"}}, false},
		{"logical pool with source devices", object{"type": "logical", "source": object{"name": "vg", "device": list{object{"path": "/dev/sdb"}}}}, true},
		{"create.build = false", object{"type": "dir", "create": object{"build": false}}, false},
		{"create.build = true", object{"type": "logical", "create": object{"build": true}}, true},
	}
	for _, c := range cases {
		if got := poolNeedsBuild(c.planned); got != c.build {
			t.Errorf("%s: build %v, want %v", c.name, got, c.build)
		}
	}
}

func TestPoolDeletesStorageAsTheProviderDoes(t *testing.T) {
	groupOnly := reportedPool(t, `<pool type='logical'><name>vg</name><source><name>vg</name><format type='lvm2'/></source></pool>`)
	withDevices := reportedPool(t, `<pool type='logical'><name>vg</name><source><device path='/dev/sdb'/><name>vg</name></source></pool>`)
	dir := reportedPool(t, reportedDirPool)
	cases := []struct {
		name     string
		state    object
		reported *libvirtxml.StoragePool
		delete   bool
	}{
		{"dir pool", object{}, dir, true},
		{"logical pool over a group it did not build", object{}, groupOnly, false},
		{"logical pool with source devices", object{}, withDevices, true},
		{"destroy.delete = false", object{"destroy": object{"delete": false}}, dir, false},
		{"destroy.delete = true", object{"destroy": object{"delete": true}}, groupOnly, true},
	}
	for _, c := range cases {
		if got := poolDeletesStorage(c.state, c.reported); got != c.delete {
			t.Errorf("%s: delete %v, want %v", c.name, got, c.delete)
		}
	}
}
