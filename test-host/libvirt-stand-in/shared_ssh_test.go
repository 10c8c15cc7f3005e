package main

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestSharedSSHOnlyForTheSSHTransport(t *testing.T) {
	dir := t.TempDir()
	for _, uri := range []string{"qemu:///system", "test:///default", "qemu+libssh://root@kvm1/system?keyfile=%2Froot%2Fk", "qemu+ssh://kvm1/system?command=%2Fusr%2Flocal%2Fbin%2Fssh", "%zz"} {
		if got := withSharedSSH(uri, dir); got != uri {
			t.Errorf("%s became %s", uri, got)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("wrote %v for URIs that do not use it", entries)
	}
}

func TestSharedSSHKeepsTheUsersURIAndAddsTheCommand(t *testing.T) {
	dir := t.TempDir()
	got, err := url.Parse(withSharedSSH("qemu+ssh://root@127.0.0.1:2222/system?keyfile=%2Froot%2F.ssh%2Fid_ed25519", dir))
	if err != nil {
		t.Fatal(err)
	}
	if got.Scheme != "qemu+ssh" || got.User.Username() != "root" || got.Host != "127.0.0.1:2222" || got.Path != "/system" {
		t.Errorf("URI changed: %s", got)
	}
	if keyfile := got.Query().Get("keyfile"); keyfile != "/root/.ssh/id_ed25519" {
		t.Errorf("keyfile %q", keyfile)
	}
	ssh := got.Query().Get("command")
	home := filepath.Join(dir, fmt.Sprintf("kvmbench-stand-in-ssh-%d", os.Getuid()))
	if ssh != filepath.Join(home, "ssh") {
		t.Fatalf("command %q", ssh)
	}
	info, err := os.Stat(ssh)
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("the ssh: %v %v", info, err)
	}
	if home, _ := os.Stat(home); home.Mode().Perm() != 0o700 {
		t.Errorf("its directory has mode %v", home.Mode().Perm())
	}
	bytes, err := os.ReadFile(ssh)
	if err != nil {
		t.Fatal(err)
	}
	script := string(bytes)
	for _, option := range []string{"ControlMaster=auto", "ControlPath=" + home + "/%C", "ControlPersist=30", `"$@"`} {
		if !strings.Contains(script, option) {
			t.Errorf("the ssh lacks %s:\n%s", option, script)
		}
	}
	// What libvirt runs: ssh with the shared connection's options, then libvirt's own arguments.
	out, err := exec.Command("sh", "-x", ssh, "-V").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "+ exec ssh -o ControlMaster=auto -o ControlPath="+home+"/%C -o ControlPersist=30 -V") {
		t.Errorf("running it: %v\n%s", err, out)
	}
	// A second provider process reuses it.
	if again := withSharedSSH("qemu+ssh://kvm2/system", dir); !strings.Contains(again, url.QueryEscape(ssh)) {
		t.Errorf("second URI %s", again)
	}
}

func TestSharedSSHRefusesADirectoryOthersCanWrite(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, fmt.Sprintf("kvmbench-stand-in-ssh-%d", os.Getuid()))
	if err := os.Mkdir(home, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(home, 0o777); err != nil {
		t.Fatal(err)
	}
	uri := "qemu+ssh://kvm1/system"
	if got := withSharedSSH(uri, dir); got != uri {
		t.Errorf("used %s in a directory of mode 0777", got)
	}
}
