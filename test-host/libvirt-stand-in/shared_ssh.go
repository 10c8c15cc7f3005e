package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// The provider keeps one libvirt connection per process; the stand-in runs one virsh per call,
// and over qemu+ssh each of them would open its own SSH session (about 1.3 s on a TCG guest).
// So the stand-in hands libvirt an ssh that shares one connection per host (OpenSSH's
// ControlMaster): the same host keys, key file and user, one handshake.

// sharedSSHPersist is how long the shared connection outlives its last virsh call.
const sharedSSHPersist = "30"

// withSharedSSH returns uri with `command=<ssh>` for libvirt's ssh transport (qemu+ssh://), the
// ssh written under dir by sharedSSHCommand, unless the URI names its own command. Other
// transports, unparsable URIs, and any failure to write the ssh leave the URI as it is (one SSH
// session per call: slower, not different).
func withSharedSSH(uri, dir string) string {
	parsed, err := url.Parse(uri)
	if err != nil || !strings.HasSuffix(parsed.Scheme, "+ssh") {
		return uri
	}
	query := parsed.Query()
	if query.Has("command") {
		return uri
	}
	ssh, err := sharedSSHCommand(dir)
	if err != nil {
		return uri
	}
	query.Set("command", ssh)
	parsed.RawQuery = query.Encode()
	return parsed.String()
}

// sharedSSHCommand writes (once) the ssh that libvirt runs for sharedSSHURI, in a directory of
// this user's under dir that also holds the connections' control sockets, and returns its path.
func sharedSSHCommand(dir string) (string, error) {
	home := filepath.Join(dir, fmt.Sprintf("kvmbench-stand-in-ssh-%d", os.Getuid()))
	if err := os.Mkdir(home, 0o700); err != nil && !os.IsExist(err) {
		return "", err
	}
	info, err := os.Lstat(home)
	if err != nil {
		return "", err
	}
	if !info.IsDir() || info.Mode().Perm() != 0o700 {
		return "", fmt.Errorf("%s: not a directory of mode 0700", home)
	}
	script := fmt.Sprintf("#!/bin/sh\n# kvmbench's libvirt stand-in: one SSH connection per host for its virsh calls\n"+
		"exec ssh -o ControlMaster=auto -o 'ControlPath=%s/%%C' -o ControlPersist=%s \"$@\"\n", home, sharedSSHPersist)
	path := filepath.Join(home, "ssh")
	if existing, err := os.ReadFile(path); err == nil && string(existing) == script {
		return path, nil
	}
	// Provider processes start side by side: each writes its own copy and renames it into place.
	temp, err := os.CreateTemp(home, "ssh-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(temp.Name())
	if _, err := temp.WriteString(script); err != nil {
		temp.Close()
		return "", err
	}
	if err := temp.Chmod(0o700); err != nil {
		temp.Close()
		return "", err
	}
	if err := temp.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(temp.Name(), path)
}
