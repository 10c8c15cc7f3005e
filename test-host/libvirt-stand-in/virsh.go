package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
)

// virsh runs virsh commands against one libvirt connection: the stand-in's only way to libvirt.
type virsh struct {
	uri     string
	program string // tests put a fake virsh here; empty is virsh from PATH
}

// errGone marks a lookup of something libvirt does not have (any more).
var errGone = errors.New("not found in libvirt")

var lookupFailure = regexp.MustCompile(`(?i)not found|failed to get (domain|pool|vol)|no (domain|storage pool|storage vol) with matching`)

// run returns virsh's standard output; a failure carries its standard error, and wraps errGone
// when libvirt reports no such object.
func (v virsh) run(args ...string) (string, error) {
	program := v.program
	if program == "" {
		program = "virsh"
	}
	cmd := exec.Command(program, append([]string{"-q", "-c", v.uri}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		detail := strings.TrimSpace(stderr.String())
		if detail == "" {
			detail = err.Error()
		}
		if lookupFailure.MatchString(detail) {
			return "", fmt.Errorf("virsh %s: %s: %w", strings.Join(args, " "), detail, errGone)
		}
		return "", fmt.Errorf("virsh %s: %s", strings.Join(args, " "), detail)
	}
	return strings.TrimSpace(stdout.String()), nil
}

// withXMLFile runs virsh with an XML document in a temporary file, for the *-define and
// *-create commands, which read files.
func (v virsh) withXMLFile(document []byte, args func(file string) []string) (string, error) {
	f, err := os.CreateTemp("", "kvmbench-stand-in-*.xml")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(document); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return v.run(args(f.Name())...)
}
