import { DiskAttachment } from "../../constructs/attachment";
import { Guest, GuestOs } from "../../constructs/guest";
import { domainOf, newStack, synthError, synthStudy, zvol } from "../attachment/support";

const USER_DATA = "#cloud-config\npackages: [fio]\n";

describe("Guest defaults", () => {
  it("is a kvm domain on q35 with host-passthrough CPU, 2 vCPUs, 2 GiB, default network, serial console", () => {
    const { stack, host } = newStack();
    new Guest(stack, "guest", { host });
    const domain = domainOf(synthStudy(stack).json);
    expect(domain).toMatchObject({
      type: "kvm",
      name: "guest",
      vcpu: 2,
      memory: 2048,
      memory_unit: "MiB",
      cpu: { mode: "host-passthrough" },
      os: { type: "hvm", type_arch: "x86_64", type_machine: "q35" },
      running: true,
      autostart: false,
    });
    expect(domain.os).not.toHaveProperty("firmware");
    expect(domain.devices.interfaces).toEqual([{ source: { network: { network: "default" } }, model: { type: "virtio" } }]);
    expect(domain.devices.serials).toEqual([{ target: { type: "isa-serial", port: 0 } }]);
  });

  it("takes machine, UEFI, vCPUs, memory, CPU mode and a bridge", () => {
    const { stack, host } = newStack();
    new Guest(stack, "guest", {
      host,
      name: "db1",
      machine: "pc",
      firmware: "uefi",
      vcpus: 8,
      memory: "16GiB",
      cpu: "host-model",
      network: { bridge: "br0" },
    });
    const domain = domainOf(synthStudy(stack).json);
    expect(domain).toMatchObject({
      name: "db1",
      vcpu: 8,
      memory: 16384,
      cpu: { mode: "host-model" },
      os: { type_machine: "pc", firmware: "efi" },
    });
    expect(domain.devices.interfaces).toEqual([{ source: { bridge: { bridge: "br0" } }, model: { type: "virtio" } }]);
  });

  it("refuses a memory size it cannot read, and vCPUs below 1", () => {
    const { stack, host } = newStack("bad-guest");
    new Guest(stack, "guest", { host, memory: "lots", vcpus: 0 });
    const error = synthError(stack);
    expect(error).toContain('scenario "bad-guest", guest "guest": memory "lots" is not a size in whole MiB. Fix: write it like "4GiB" or "512MiB".');
    expect(error).toContain("vcpus 0 is not a whole number of at least 1");
  });

  it("refuses both a network and a bridge", () => {
    const { stack, host } = newStack();
    new Guest(stack, "guest", { host, network: { network: "default", bridge: "br0" } });
    expect(synthError(stack)).toContain('network gives both network "default" and bridge "br0". Fix: keep one of them.');
  });
});

describe("serial ports", () => {
  it("logs the console to a file and adds file-backed ports for results", () => {
    const { stack, host } = newStack();
    const guest = new Guest(stack, "guest", { host, consoleLogFile: "/var/lib/kvmbench/guest-console.log" });
    const results = guest.addSerialFile("/var/lib/kvmbench/results/guest.json");
    expect(results).toEqual({
      port: 1,
      hostPath: "/var/lib/kvmbench/results/guest.json",
      linuxDevice: "/dev/ttyS1",
      windowsDevice: "COM2",
    });
    expect(domainOf(synthStudy(stack).json).devices.serials).toEqual([
      { target: { type: "isa-serial", port: 0 }, log: { file: "/var/lib/kvmbench/guest-console.log", append: "on" } },
      { source: { file: { path: "/var/lib/kvmbench/results/guest.json", append: "off" } }, target: { type: "isa-serial", port: 1 } },
    ]);
  });

  it("accepts three file ports and refuses a fourth (x86 has COM1-COM4)", () => {
    const { stack, host } = newStack("serials");
    const guest = new Guest(stack, "guest", { host });
    for (let i = 1; i <= 3; i++) guest.addSerialFile(`/tmp/port${i}`);
    expect(synthError(stack)).toBe("");
    guest.addSerialFile("/tmp/port4");
    expect(synthError(stack)).toContain(
      'scenario "serials", guest "guest": 5 serial ports (console + 4 files): x86 guests have 4 (COM1-COM4). Fix: add at most 3 file ports.',
    );
  });
});

describe("linux profile", () => {
  const build = (machine: "q35" | "pc" = "q35") => {
    const env = newStack("linux");
    const guest = new Guest(env.stack, "bench", {
      host: env.host,
      machine,
      pool: "kvmbench",
      os: GuestOs.linux({ image: "https://example.org/debian-12.qcow2", userData: USER_DATA }),
    });
    return { ...env, guest };
  };

  it("boots from a copy-on-write volume over the uploaded image", () => {
    const { stack } = build();
    const json = synthStudy(stack).json;
    const volumes = json.resource.libvirt_volume;
    const byName = Object.fromEntries(Object.entries(volumes).map(([id, v]) => [v.name as string, { id, ...v }]));
    expect(byName["bench-boot-image.qcow2"]).toMatchObject({
      pool: "kvmbench",
      target: { format: { type: "qcow2" } },
      create: { content: { url: "https://example.org/debian-12.qcow2" } },
    });
    expect(byName["bench-boot.qcow2"]).toMatchObject({
      pool: "kvmbench",
      capacity: 20 * 1024 ** 3,
      backing_store: { path: `\${libvirt_volume.${byName["bench-boot-image.qcow2"].id}.path}`, format: { type: "qcow2" } },
    });
    const boot = domainOf(json).devices.disks?.[0];
    expect(boot).toEqual({
      source: { volume: { pool: "kvmbench", volume: `\${libvirt_volume.${byName["bench-boot.qcow2"].id}.name}` } },
      target: { dev: "vda", bus: "virtio" },
      driver: { name: "qemu", type: "qcow2" },
      boot: { order: 1 },
    });
  });

  it("wires cloud-init: cloudinit disk -> volume uploaded from its path -> read-only virtio disk, last", () => {
    const { stack, guest } = build();
    new DiskAttachment(stack, "data", { guest, backend: zvol(stack, "z") });
    const json = synthStudy(stack).json;
    const [cidataId, cidata] = Object.entries(json.resource.libvirt_cloudinit_disk)[0];
    expect(cidata).toEqual({
      provider: "libvirt",
      name: "bench-cidata",
      user_data: USER_DATA,
      meta_data: "instance-id: bench\nlocal-hostname: bench\n",
    });
    const [isoId, iso] = Object.entries(json.resource.libvirt_volume).find(([, v]) => v.name === "bench-cidata.iso")!;
    expect(iso).toMatchObject({
      pool: "kvmbench",
      create: { content: { url: `\${libvirt_cloudinit_disk.${cidataId}.path}` } },
    });
    // libvirt probes the uploaded ISO as `iso`, the provider reads that back: a declared format would never match
    expect(iso).not.toHaveProperty("target");
    const disks = domainOf(json).devices.disks ?? [];
    // Debian's cloud kernel has no AHCI driver: a SATA CD-ROM would go unseen on q35.
    expect(disks.map((d) => `${d.target.dev}:${d.target.bus}`)).toEqual(["vda:virtio", "vdb:virtio", "vdc:virtio"]);
    expect(disks[2]).toEqual({
      source: { volume: { pool: "kvmbench", volume: `\${libvirt_volume.${isoId}.name}` } },
      target: { dev: "vdc", bus: "virtio" },
      driver: { name: "qemu", type: "raw" },
      read_only: true,
    });
  });

  it("keeps the IDE channels for disks on the pc machine, up to the four IDE devices", () => {
    const { stack, guest } = build("pc");
    for (let i = 0; i < 4; i++) new DiskAttachment(stack, `d${i}`, { guest, backend: zvol(stack, `z${i}`), bus: "ide" });
    const disks = domainOf(synthStudy(stack).json).devices.disks ?? [];
    expect(disks.map((d) => `${d.target.dev}:${d.target.bus}`)).toEqual(["vda:virtio", "hda:ide", "hdb:ide", "hdc:ide", "hdd:ide", "vdb:virtio"]);
    new DiskAttachment(stack, "d4", { guest, backend: zvol(stack, "z4"), bus: "ide" });
    expect(synthError(stack)).toContain("5 IDE disks: the pc machine's IDE controller holds at most 4 devices (including CD-ROMs)");
  });

  it("boots a kernel on the host directly when the image has no bootloader", () => {
    const { stack, host } = newStack();
    const directKernelBoot = { kernel: "/srv/vmlinuz", initrd: "/srv/initrd.img", cmdline: "root=LABEL=root console=ttyS0" };
    new Guest(stack, "guest", { host, os: GuestOs.linux({ image: "/srv/root.qcow2", userData: USER_DATA, directKernelBoot }) });
    expect(domainOf(synthStudy(stack).json).os).toEqual({
      type: "hvm",
      type_arch: "x86_64",
      type_machine: "q35",
      kernel: "/srv/vmlinuz",
      initrd: "/srv/initrd.img",
      cmdline: "root=LABEL=root console=ttyS0",
    });
  });
});

describe("disks that want their controller or channel to themselves", () => {
  it("gets an IDE channel of its own, and later IDE disks keep off it", () => {
    const { stack, host } = newStack("ide-alone");
    const guest = new Guest(stack, "guest", { host, machine: "pc" });
    new DiskAttachment(stack, "boot", { guest, backend: zvol(stack, "z0"), bus: "ide" });
    const dut = new DiskAttachment(stack, "dut", { guest, backend: zvol(stack, "z1"), bus: "ide", dedicatedController: true });
    new DiskAttachment(stack, "extra", { guest, backend: zvol(stack, "z2"), bus: "ide" });
    expect(dut.targetDevice).toBe("hdc"); // channel 1; hda/hdb are channel 0
    const disks = domainOf(synthStudy(stack).json).devices.disks ?? [];
    expect(disks.map((d) => d.target.dev)).toEqual(["hda", "hdc", "hdb"]);
    expect(synthError(stack)).toBe("");
  });

  it("gets a SATA controller of its own: libvirt puts SATA disk n on controller n/6", () => {
    const { stack, host } = newStack("sata-alone");
    const guest = new Guest(stack, "guest", { host, os: GuestOs.windows({ image: "/srv/w.qcow2", virtioWinIso: "/srv/v.iso" }) });
    const dut = new DiskAttachment(stack, "dut", { guest, backend: zvol(stack, "z"), bus: "sata", dedicatedController: true });
    const domain = domainOf(synthStudy(stack).json);
    expect(dut.targetDevice).toBe("sdg");
    expect(domain.devices.disks?.map((d) => d.target.dev)).toEqual(["sda", "sdb", "sdg"]);
    expect(domain.devices.controllers).toEqual([
      { type: "sata", index: 0 },
      { type: "sata", index: 1 },
    ]);
  });

  it("is refused, naming the other disks, when its bus cannot give it a slot of its own", () => {
    const { stack, host } = newStack("scsi-shared");
    const guest = new Guest(stack, "guest", { host });
    new DiskAttachment(stack, "other", { guest, backend: zvol(stack, "z0"), bus: "virtio-scsi" });
    new DiskAttachment(stack, "dut", { guest, backend: zvol(stack, "z1"), bus: "virtio-scsi", dedicatedController: true });
    expect(synthError(stack)).toContain('scenario "scsi-shared", guest "guest": disk sdb (virtio-scsi) should have its controller to itself but shares it with sda.');
  });
});

describe("accelerator", () => {
  it("runs a TCG guest as a qemu domain with QEMU's qemu64 CPU model", () => {
    const { stack, host } = newStack();
    new Guest(stack, "guest", { host, accelerator: "tcg" });
    expect(domainOf(synthStudy(stack).json)).toMatchObject({ type: "qemu", cpu: { mode: "custom", model: "qemu64" } });
  });

  it("refuses a host CPU mode under TCG", () => {
    const { stack, host } = newStack("tcg-cpu");
    new Guest(stack, "guest", { host, accelerator: "tcg", cpu: "host-passthrough" });
    expect(synthError(stack)).toContain('cpu "host-passthrough" needs KVM; this guest runs under TCG.');
  });

  it("leaves Windows' Hyper-V enlightenments out under TCG, with a warning", () => {
    const { stack, host } = newStack("tcg-win");
    new Guest(stack, "win", { host, accelerator: "tcg", os: GuestOs.windows({ image: "/srv/w.qcow2", virtioWinIso: "/srv/v.iso" }) });
    const { json, warnings } = synthStudy(stack);
    expect(domainOf(json).features).toEqual({ acpi: true, apic: {} });
    expect(warnings.map((w) => w.message).join("\n")).toContain("without Hyper-V enlightenments (they need KVM)");
  });
});

describe("windows profile", () => {
  const build = () => {
    const env = newStack("windows");
    const guest = new Guest(env.stack, "win", {
      host: env.host,
      memory: "8GiB",
      os: GuestOs.windows({ image: "/srv/images/win2022.qcow2", virtioWinIso: "/srv/iso/virtio-win.iso" }),
    });
    return { ...env, guest, json: synthStudy(env.stack).json };
  };

  it("turns on the Hyper-V enlightenments", () => {
    const hyperV = domainOf(build().json).features?.hyper_v;
    expect(hyperV).toEqual({
      relaxed: { state: "on" },
      vapic: { state: "on" },
      vp_index: { state: "on" },
      runtime: { state: "on" },
      synic: { state: "on" },
      reset: { state: "on" },
      frequencies: { state: "on" },
      ipi: { state: "on" },
    });
  });

  it("keeps the clock in local time with the Hyper-V clock", () => {
    expect(domainOf(build().json).clock).toEqual({
      offset: "localtime",
      timer: [
        { name: "rtc", tick_policy: "catchup" },
        { name: "pit", tick_policy: "delay" },
        { name: "hpet", present: "no" },
        { name: "hypervclock", present: "yes" },
      ],
    });
  });

  it("boots the user's image on SATA and attaches the virtio-win ISO as a CD-ROM", () => {
    const { json } = build();
    const volumes = Object.entries(json.resource.libvirt_volume);
    const [isoId, iso] = volumes.find(([, v]) => v.name === "win-virtio-win.iso")!;
    expect(iso).toMatchObject({ create: { content: { url: "/srv/iso/virtio-win.iso" } } });
    // libvirt probes an uploaded ISO as `iso` and the provider reads that back: no declared format
    expect(iso).not.toHaveProperty("target");
    expect(volumes.find(([, v]) => v.name === "win-boot-image.qcow2")?.[1]).toMatchObject({
      create: { content: { url: "/srv/images/win2022.qcow2" } },
    });
    const disks = domainOf(json).devices.disks ?? [];
    expect(disks.map((d) => [d.device ?? "disk", d.target.dev, d.target.bus])).toEqual([
      ["disk", "sda", "sata"],
      ["cdrom", "sdb", "sata"],
    ]);
    expect(disks[1].source).toEqual({ volume: { pool: "default", volume: `\${libvirt_volume.${isoId}.name}` } });
    expect(json.resource.libvirt_cloudinit_disk).toBeUndefined();
  });

  it("linux guests get no Hyper-V features and a UTC clock", () => {
    const { stack, host } = newStack();
    new Guest(stack, "guest", { host, os: GuestOs.linux({ image: "/srv/debian.qcow2", userData: USER_DATA }) });
    const domain = domainOf(synthStudy(stack).json);
    expect(domain.features).toEqual({ acpi: true, apic: {} });
    expect(domain.clock).toEqual({ offset: "utc" });
  });

  it("refuses an IDE boot disk on q35", () => {
    const { stack, host } = newStack("win-ide");
    new Guest(stack, "win", {
      host,
      os: GuestOs.windows({ image: "/srv/w.qcow2", virtioWinIso: "/srv/v.iso", bootDiskBus: "ide" }),
    });
    expect(synthError(stack)).toContain('scenario "win-ide", guest "win" boot disk: bus=ide on machine=q35');
  });
});
