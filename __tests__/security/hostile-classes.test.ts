/**
 * The classes of issue 20 ("untrusted studies, round 2"): each is refused by `kvmbench validate`
 * with `file:line:column: key.path: ...; expected ...`, in seconds, never with a crash.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Testing } from "../../constructs/core/cdktf";
import { buildStudyApp, StudyFileError } from "../../stacks/app";
import { formatError, parseStudy } from "../../study";
import { kvmbench } from "../cli/run-bin";
import { errorAt, errorsOf, study } from "./hostile-study";

const ROOT = resolve(__dirname, "..", "..");

const IMAGE = "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2";

describe("names of Object's own members are options like any other", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])("fio option %s", (option) => {
    const error = errorAt(study({ benchmark: `benchmark: { profile: quick, size: 32MiB, fio: { ${option}: 1 } }` }), `benchmark.fio.${option}`);
    expect(error.message).toMatch(/is not (a fio option name|one kvmbench passes)/);
  });

  it.each(["constructor", "toString", "__proto__", "constructor=1"])("mount option %s", (option) => {
    const text = study({ storage: `storage: { fs: { kind: image, format: qcow2, size: 1GiB, filesystem: { type: xfs, device: ssd, mountOptions: ["${option}"] } } }` });
    expect(errorAt(text, "storage.fs.filesystem.mountOptions[0]").message).toMatch(/is not an allowed xfs mount option/);
  });

  it.each([
    ['["constructor"]', "mkfsOptions[0]", /is not an allowed mkfs.ext4 option/],
    ['["-E", "constructor"]', "mkfsOptions[1]", /-E sub-option "constructor" is not allowed/],
    ['["-E", "__proto__=1"]', "mkfsOptions[1]", /-E sub-option "__proto__" is not allowed/],
  ])("mkfs options %s", (options, at, message) => {
    const text = study({ storage: `storage: { fs: { kind: image, format: qcow2, size: 1GiB, filesystem: { type: ext4, device: ssd, mkfsOptions: ${options} } } }` });
    expect(errorAt(text, `storage.fs.filesystem.${at}`).message).toMatch(message);
  });

  it("a device named constructor is that device, not Object's constructor", () => {
    const result = parseStudy(study({ devices: "devices: { constructor: /dev/disk/by-id/ata-SSD }", storage: "storage: { fs: { kind: block, device: constructor } }", baseline: "baseline: { device: constructor }" }), "hostile.yaml");
    expect(result.errors).toEqual([]);
    expect(result.plan?.scenarios[0].facts.hostDevices).toEqual(["/dev/disk/by-id/ata-SSD"]);
    expect(result.plan?.baseline?.devicePath).toBe("/dev/disk/by-id/ata-SSD");
  });
});

describe("YAML merge keys are refused by name", () => {
  it.each([
    ["YAML 1.2 (a plain << key)", ""],
    ["YAML 1.1 (<< resolves to a merge)", "%YAML 1.1\n---\n"],
  ])("%s", (_what, header) => {
    const text = header + study({ guest: `guest: { os: linux, image: ${IMAGE}, <<: { vcpus: 4 } }`, devices: "devices: { ssd: /dev/disk/by-id/ata-SSD, <<: { x: /dev/sdc } }" });
    const errors = errorsOf(text).map(formatError);
    expect(errors).toEqual([
      expect.stringMatching(/^hostile\.yaml:\d+:\d+: devices: a YAML merge key \("<<"\) is not read; expected the keys written out/),
      expect.stringMatching(/^hostile\.yaml:\d+:\d+: guest: a YAML merge key \("<<"\) is not read; expected the keys written out/),
    ]);
    expect(errors.join("\n")).not.toContain("Symbol");
  });
});

describe("errors cut long values", () => {
  it("a huge value is shown by its first 80 characters and an ellipsis", () => {
    const huge = `net-${"x".repeat(5000)}`;
    const { message } = errorAt(study({ guest: `guest: { os: linux, image: ${IMAGE}, network: "${huge}" }` }), "guest.network");
    expect(message).toContain(`"${huge.slice(0, 80)}\u2026"`);
    expect(message.length).toBeLessThan(300);
  });

  it("a huge unknown key is cut in the key path and the message", () => {
    const key = "k".repeat(3000);
    const [error] = errorsOf(study({ guest: `guest: { os: linux, image: ${IMAGE}, ${key}: 1 }` }));
    expect(error.path).toBe(`guest.${"k".repeat(74)}\u2026`);
    expect(formatError(error).length).toBeLessThan(600);
  });
});

describe("libvirt URIs: an allowlist of forms, remote only over ssh naming the same host", () => {
  const SSH = "ssh: { host: kvm1, privateKeyFile: ~/.ssh/id_ed25519 }";
  it.each([
    ["qemu+ext:///system?command=/tmp/marker.sh", "", "has parameters"],
    ["qemu+ssh://kvm1/system?command=/tmp/marker.sh", SSH, "has parameters"],
    ["qemu+ssh://kvm1/system?keyfile=/etc/ssh/ssh_host_ed25519_key", SSH, "has parameters"],
    ["qemu+ssh://kvm1/system?no_verify=1", SSH, "has parameters"],
    ["qemu+libssh://kvm1/system?known_hosts=/dev/null&known_hosts_verify=ignore", SSH, "has parameters"],
    ["qemu:///system?socket=/tmp/evil.sock", "", "has parameters"],
    ["qemu:///system#x", "", "has a fragment"],
    ["qemu://kvm1/system", SSH, "is remote (it names the host kvm1) over libvirt's default transport, TLS"],
    ["qemu+tls://kvm1/system", SSH, 'transport "tls"'],
    ["qemu+ext://kvm1/system", SSH, 'transport "ext"'],
    ["qemu+tcp://kvm1/system", SSH, 'transport "tcp"'],
    ["qemu+unix://kvm1/system", SSH, 'transport "unix"'],
    ["qemu+libssh2://kvm1/system", SSH, 'transport "libssh2"'],
    ["xen+ssh://kvm1/system", SSH, 'driver "xen"'],
    ["lxc:///system", "", 'driver "lxc"'],
    ["qemu:///embed", "", 'path "/embed"'],
    ["qemu+ssh:///system", SSH, "names no host"],
    ["qemu+ssh://[::1]/system", SSH, "names an IPv6 address"],
    ["qemu+ssh:kvm1/system", SSH, "is not a libvirt URI"],
    ["qemu+ssh://kvm1/system", "", "names the remote host kvm1 but no ssh settings are given"],
    ["qemu+ssh://kvm2/system", SSH, "names the host kvm2 and ssh the host kvm1"],
    ["qemu+ssh://admin@kvm1/system", SSH, "the URI's user admin is not ssh's user root"],
    ["qemu+ssh://kvm1:2222/system", SSH, "the URI's port 2222 is not ssh's port 22"],
  ])("%s", (uri, ssh, message) => {
    const text = study({ host: `host: { uri: "${uri}"${ssh ? `, ${ssh}` : ""}, workdir: /srv/kvmbench }` });
    expect(errorAt(text, "host.uri").message).toContain(message);
  });

  it("ssh settings beside this machine's URI: the steps and the guest would be on two machines", () => {
    const text = study({ host: "host: { uri: qemu:///system, ssh: { host: kvm1, privateKeyFile: ~/.ssh/id }, workdir: /srv/kvmbench }" });
    expect(errorAt(text, "host.ssh").message).toContain("ssh names the host kvm1 but the libvirt URI is this machine's");
  });

  it("a remote URI with its ssh settings is accepted, with a port for a test VM", () => {
    const text = study({ host: "host: { uri: qemu+ssh://root@127.0.0.1:2222/system, ssh: { host: 127.0.0.1, port: 2222, privateKeyFile: ~/.ssh/id }, workdir: /srv/kvmbench }" });
    expect(parseStudy(text, "hostile.yaml").errors).toEqual([]);
  });
});

describe("ssh settings that ssh, scp and Terraform would read differently", () => {
  const remote = (ssh: string) => study({ host: `host: { uri: "qemu+ssh://kvm1/system", ssh: ${ssh}, workdir: /srv/kvmbench }` });
  it.each([
    ["host", "{ host: '::1', privateKeyFile: ~/.ssh/id }", 'has a ":"'],
    ["host", "{ host: 'kvm1:2222', privateKeyFile: ~/.ssh/id }", 'has a ":"'],
    ["host", "{ host: 'kvm1..example', privateKeyFile: ~/.ssh/id }", "is not a host name or IPv4 address"],
    ["host", `{ host: '${"a".repeat(64)}.example', privateKeyFile: ~/.ssh/id }`, "has a label of 64 characters"],
    ["privateKeyFile", "{ host: kvm1, privateKeyFile: /etc/ssh/ssh_host_ed25519_key }", "is not in your home directory"],
    ["privateKeyFile", "{ host: kvm1, privateKeyFile: ~/../../etc/shadow }", "is not normalised"],
    ["privateKeyFile", "{ host: kvm1, privateKeyFile: '~root/.ssh/id' }", "is not in your home directory"],
    ["privateKeyFile", "{ host: kvm1, privateKeyFile: .ssh/id }", "is not in your home directory"],
    ["hostKey", "{ host: kvm1, privateKeyFile: ~/.ssh/id, hostKey: 'kvm1 ssh-ed25519 AAAA' }", "is not an OpenSSH public key"],
  ])("%s %s", (key, ssh, message) => {
    expect(errorAt(remote(ssh), `host.ssh.${key}`).message).toContain(message);
  });
});

describe("devices: only where Linux keeps block devices, one device per disk", () => {
  it.each(["/dev/shm/disk", "/dev/mqueue/disk", "/dev/fd/3", "/dev/stdin", "/dev/pts/0", "/dev/mem", "/dev/kmem", "/dev/null", "/dev/hugepages/x", "/dev/vg0/lv0", "/dev/char/8:0", "/dev/disk/by-id", "/dev/disk/by-id/a/b"])(
    "%s",
    (path) => {
      expect(errorAt(study({ devices: `devices: { ssd: "${path}" }` }), "devices.ssd").message).toBe(`device path "${path}" is not where Linux keeps block devices`);
    },
  );

  it.each(["/dev/sdb", "/dev/nvme0n1p2", "/dev/vdb", "/dev/loop0", "/dev/mapper/vg0-lv0", "/dev/md/data", "/dev/zvol/tank/vm", "/dev/disk/by-path/pci-0000:00:1f.2-ata-1", "/dev/disk/by-uuid/0b9c-1a2b", "/dev/dm-3"])("%s is accepted", (path) => {
    expect(parseStudy(study({ devices: `devices: { ssd: "${path}" }` }), "hostile.yaml").errors).toEqual([]);
  });

  it.each([
    ["/dev/sdb", "/dev/sdb1"],
    ["/dev/nvme0n1p1", "/dev/nvme0n1"],
    ["/dev/disk/by-id/ata-SSD", "/dev/disk/by-id/ata-SSD-part2"],
    ["/dev/loop3p1", "/dev/loop3p2"],
  ])("%s and %s: one disk", (first, second) => {
    const text = study({ devices: `devices: { ssd: ${first}, other: ${second} }` });
    expect(errorAt(text, "devices.other").message).toMatch(/^\/dev\/\S+ is on the disk \/dev\/\S+, as the device "ssd" is$/);
  });

  it("a host's own path for a device may not land on another device's disk", () => {
    const text = study({
      host: "",
      devices: "devices: { ssd: /dev/sdb, hdd: /dev/sdc }",
      storage: "storage: { fs: { kind: block, device: hdd } }",
      baseline: "",
      matrix: "hosts: [{ name: kvm1, workdir: /srv/kvmbench, devices: { hdd: /dev/sdb3 } }]\nmatrix: { storage: [fs], cache: [none], bus: [virtio] }",
    });
    expect(errorAt(text, "hosts[0].devices.hdd").message).toBe('/dev/sdb3 is on the disk /dev/sdb, as the device "ssd" (/dev/sdb) is on this host');
  });
});

describe("workdirs and directories where other users write or own the folders", () => {
  it.each([
    ["/tmp/kvmbench", "/tmp"],
    ["/var/tmp/kvmbench", "/var/tmp"],
    ["/home/alice/kvmbench", "/home"],
    ["/run/user/1000/kvmbench", "/run/user"],
    ["/run/lock/kvmbench", "/run/lock"],
    ["/var/lock/kvmbench", "/var/lock"],
    ["/media/usb/kvmbench", "/media"],
    ["/var/crash/kvmbench", "/var/crash"],
    ["/var/mail/kvmbench", "/var/mail"],
  ])("workdir %s", (workdir, tree) => {
    expect(errorAt(study({ host: `host: { workdir: ${workdir} }` }), "host.workdir").message).toBe(`workdir "${workdir}" is in ${tree}, where other users can make or swap its folders`);
  });

  it("a kind: file directory follows the same rule", () => {
    const text = study({ storage: "storage: { fs: { kind: file, directory: /var/tmp/images, filesystem: ext4, format: qcow2, size: 1GiB } }", baseline: "" });
    expect(errorAt(text, "storage.fs.directory").message).toContain('is in /var/tmp, where other users can make or swap its folders');
  });

  it("a segment longer than a file name", () => {
    expect(errorAt(study({ host: `host: { workdir: /srv/${"d".repeat(256)} }` }), "host.workdir").message).toContain("has a segment of 256 characters (a file name has at most 255)");
  });
});

describe("guest media: only files that can be images, in the study's image directory", () => {
  const windows = (keys: string) => study({ guest: `guest: { os: windows, ${keys} }`, benchmark: "benchmark: { profile: quick, size: 32MiB }" });
  const linux = (keys: string) => study({ guest: `guest: { os: linux, ${keys} }` });
  const BOOT = "kernel: /srv/images/vmlinuz, initrd: /srv/images/initrd.img";

  it.each([
    ["virtioWin", windows("imageDirectory: /srv/images, image: /srv/images/w.qcow2, virtioWin: /etc/shadow"), 'is not named like an ISO image'],
    ["virtioWin", windows("imageDirectory: /srv/images, image: /srv/images/w.qcow2, virtioWin: /root/secrets.iso"), "is not in the image directory /srv/images"],
    ["virtioWin", windows("image: /srv/images/w.qcow2, imageDirectory: /srv/images, virtioWin: /srv/images/../../etc/x.iso"), "climbs out of its folder"],
    ["image", linux("image: /var/lib/libvirt/images/other-guest.qcow2"), "the study declares no guest.imageDirectory"],
    ["image", linux("imageDirectory: /srv/images, image: ../../../../etc/passwd"), "climbs out of its folder"],
    ["image", linux("imageDirectory: /srv/images, image: /srv/images/.hidden.qcow2"), "is not a plain absolute path"],
    ["image", linux("imageDirectory: /srv/images, image: /srv/images/id_rsa"), "is not named like a disk image"],
    ["image", linux("imageDirectory: /srv/images, image: 'file:///etc/passwd'"), "unsupported URL scheme"],
    ["directKernelBoot.kernel", linux(`imageDirectory: /srv/images, image: /srv/images/g.qcow2, directKernelBoot: { kernel: /etc/shadow }`), "is not named like a kernel"],
    ["directKernelBoot.kernel", linux(`imageDirectory: /srv/images, image: /srv/images/g.qcow2, directKernelBoot: { kernel: /boot/vmlinuz }`), "is not in the image directory /srv/images"],
    ["directKernelBoot.initrd", linux(`imageDirectory: /srv/images, image: /srv/images/g.qcow2, directKernelBoot: { kernel: /srv/images/vmlinuz, initrd: /root/.ssh/id_ed25519 }`), "is not a plain absolute path"],
    ["directKernelBoot.initrd", linux(`imageDirectory: /srv/images, image: /srv/images/g.qcow2, directKernelBoot: { kernel: /srv/images/vmlinuz, initrd: /srv/images/shadow }`), "is not named like an initramfs"],
    ["imageDirectory", linux("imageDirectory: /etc, image: /etc/x.qcow2"), "is in the system directory /etc"],
    ["imageDirectory", linux("imageDirectory: /root/.ssh, image: /root/.ssh/x.qcow2"), "has a hidden folder"],
    ["imageDirectory", linux("imageDirectory: /tmp/images, image: /tmp/images/x.qcow2"), "is in /tmp, where other users"],
    ["imageDirectory", linux("imageDirectory: /, image: /x.qcow2"), "is the root directory"],
  ])("guest.%s", (key, text, message) => {
    expect(errorAt(text, `guest.${key}`).message).toContain(message);
  });

  it("an image directory that is refused is reported once, not again for each file in it", () => {
    expect(errorsOf(linux(`imageDirectory: /etc, image: /etc/g.qcow2, directKernelBoot: { ${BOOT} }`)).map((e) => e.path)).toEqual(["guest.imageDirectory"]);
  });

  it("files in the image directory, URLs, and relative paths that stay in it are accepted", () => {
    const accepted = [
      linux(`imageDirectory: /srv/images, image: /srv/images/g.qcow2, directKernelBoot: { ${BOOT} }`),
      linux("image: https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2"),
      windows("imageDirectory: /srv/images, image: /srv/images/w.qcow2, virtioWin: https://example.org/virtio-win.iso"),
    ];
    for (const text of accepted) expect(parseStudy(text, "hostile.yaml").errors).toEqual([]);
    const relative = parseStudy(linux("imageDirectory: /srv/studies/images, image: ./images/g.qcow2"), "/srv/studies/s.yaml");
    expect(relative.errors).toEqual([]);
    expect(relative.study?.guest.image).toEqual({ kind: "file", path: "/srv/studies/images/g.qcow2" });
  });
});

describe("caps: hosts, scenarios x hosts, fio's time-like options, timeouts", () => {
  const hosts = (count: number) => `hosts: [${Array.from({ length: count }, (_, i) => `{ name: h${i}, workdir: /srv/kvmbench }`).join(", ")}]`;

  it("more hosts than kvmbench schedules: refused at the list, at once", () => {
    const started = Date.now();
    const error = errorAt(study({ host: hosts(5000) }), "hosts");
    expect(error.message).toBe("the study lists 5000 hosts, more than kvmbench schedules (32)");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("many hosts times many scenarios: refused before the rules judge each pair, in seconds", () => {
    const names = Array.from({ length: 60 }, (_, i) => `s${i}`);
    const text = study({
      host: hosts(32),
      storage: `storage: { ${names.map((n) => `${n}: { kind: block, device: ssd }`).join(", ")} }`,
      matrix: `matrix: { storage: [${names.join(", ")}], cache: [none, writethrough, writeback, directsync, unsafe], bus: [virtio, sata, virtio-scsi, ide], io: [native, threads, io_uring] }`,
    });
    const started = Date.now();
    expect(errorAt(text, "matrix").message).toBe("3600 scenarios on 32 hosts are 115200 placements for the rules to judge, more than kvmbench judges (20000)");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    ["ramp_time", "1000h", 'fio option ramp_time: "1000h" is longer than 60s'],
    ["ramp_time", "61", 'fio option ramp_time: "61" is longer than 60s'],
    ["thinktime", "2s", 'fio option thinktime: "2s" is longer than 1s'],
    ["thinktime_spin", "999999999d", 'fio option thinktime_spin: "999999999d" is longer than 1s'],
    ["loops", "1000000", 'fio option loops: "1000000" is not a whole number from 1 to 10'],
    ["prioclass", "1", 'fio option prioclass: "1" is not 0, 2 or 3 (1, real-time I/O, would starve the host\'s own I/O)'],
  ])("fio %s: %s", (option, value, message) => {
    const error = errorAt(study({ benchmark: `benchmark: { profile: quick, size: 32MiB, fio: { ${option}: "${value}" } }` }), `benchmark.fio.${option}`);
    expect(error.message).toBe(message);
  });

  it("the whole run is bounded too: repeats x loops x (ramp + runtime) of every test", () => {
    const error = errorAt(study({ benchmark: "benchmark: { profile: hdtune, size: 32MiB, repeats: 100, fio: { loops: 10, ramp_time: 60s } }" }), "benchmark");
    expect(error.message).toBe("the tests could run 333 hours (10 tests x 100 repeats x fio loops x ramp and runtime)");
    expect(parseStudy(study({ benchmark: "benchmark: { profile: hdtune, size: 32MiB, repeats: 10, fio: { loops: 2, ramp_time: 5s } }" }), "hostile.yaml").errors).toEqual([]);
  });

  it.each(["999999999999999999999h", "745h", "100000000m"])("timeout %s: within what bash's arithmetic and kvmbench wait", (timeout) => {
    expect(errorAt(study({ benchmark: `benchmark: { profile: quick, size: 32MiB, timeout: "${timeout}" }` }), "benchmark.timeout").message).toBe(`${timeout} is longer than kvmbench waits`);
  });
});

describe("names against LVM, device-mapper and file-name limits", () => {
  it("a storage name whose device-mapper name LVM would refuse", () => {
    const name = Array.from({ length: 50 }, () => "a").join("-");
    const text = study({ storage: `storage: { ${name}: { kind: lvm, device: ssd, size: 1GiB } }`, matrix: `matrix: { storage: [${name}], cache: [none], bus: [virtio] }` });
    const [error] = errorsOf(text);
    expect(error.path).toBe(`storage.${name.slice(0, 80 - "storage.".length)}\u2026`);
    expect(error.message).toMatch(/^storage name "a-a-[a-]*\u2026" is too long for the names kvmbench makes of it: the device-mapper name "kvmbench--a--a--[a-]*\u2026" is 161 characters long \(at most 127\)$/);
  });

  it("the same length without dashes fits", () => {
    const name = "a".repeat(99);
    const text = study({ storage: `storage: { ${name}: { kind: lvm, device: ssd, size: 1GiB } }`, matrix: `matrix: { storage: [${name}], cache: [none], bus: [virtio] }` });
    expect(parseStudy(text, "hostile.yaml").errors).toEqual([]);
  });
});

describe("kvmbench validate and synth refuse each class with positions, in seconds, without a stack trace or stacks", () => {
  const dir = mkdtempSync(join(tmpdir(), "kvmbench-classes-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const CLASSES: Record<string, Record<string, string>> = {
    "libvirt URI running a program": { host: 'host: { uri: "qemu+ext:///system?command=/tmp/marker.sh", workdir: /srv/kvmbench }' },
    "host steps on another machine": { host: "host: { uri: qemu+ssh://kvm1/system, ssh: { host: kvm2, privateKeyFile: ~/.ssh/id }, workdir: /srv/kvmbench }" },
    "a host file handed to the guest": { guest: "guest: { os: windows, imageDirectory: /srv/images, image: /srv/images/w.qcow2, virtioWin: /etc/shadow }" },
    "a device in a world-writable folder": { devices: "devices: { ssd: /dev/shm/disk }" },
    "a workdir other users can change": { host: "host: { workdir: /tmp/kvmbench }" },
    "one disk, two devices": { devices: "devices: { ssd: /dev/sdb, part: /dev/sdb1 }" },
    "an option named after Object's members": { benchmark: "benchmark: { profile: quick, size: 32MiB, fio: { constructor: 1 } }" },
    "a run without end": { benchmark: "benchmark: { profile: quick, size: 32MiB, fio: { ramp_time: 1000h } }" },
    "a name past LVM's limits": { storage: `storage: { ${"a-".repeat(49)}a: { kind: lvm, device: ssd, size: 1GiB } }`, matrix: `matrix: { storage: [${"a-".repeat(49)}a], cache: [none], bus: [virtio] }` },
  };

  it.each(Object.keys(CLASSES))("%s", async (what) => {
    const file = join(dir, `${what.replace(/\W+/g, "-")}.yaml`);
    writeFileSync(file, study(CLASSES[what]));
    const started = Date.now();
    const outcome = await kvmbench("validate", file);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(new RegExp(`^${file}:\\d+:\\d+: \\S+: .+; expected .+$`, "m"));
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
    expect(() => buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file })).toThrow(StudyFileError);
  });

  it("synth (main.ts, as cdktf runs it) writes no stacks for them and prints no stack trace", () => {
    const outdir = join(dir, "cdktf.out");
    const file = join(dir, "all.yaml");
    writeFileSync(file, study({ ...CLASSES["libvirt URI running a program"], ...CLASSES["one disk, two devices"], ...CLASSES["a run without end"] }));
    const result = spawnSync(process.execPath, ["--require", "tsx/cjs", join(ROOT, "main.ts")], { cwd: ROOT, encoding: "utf8", env: { ...process.env, KVMBENCH_STUDY: file, CDKTF_OUTDIR: outdir } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:3:`);
    expect(result.stderr).toContain("the study has errors; no stacks were written");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(outdir, "stacks"))).toBe(false);
  });
});
