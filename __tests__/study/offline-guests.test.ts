/**
 * The keys a study needs for a guest that runs without KVM or network: the host's accelerator,
 * the guest's network, direct kernel boot, and a benchmark tool already in the image.
 */
import { Testing, TerraformStack } from "../../constructs/core/cdktf";
import { buildStudyApp } from "../../stacks/app";
import { parseStudy } from "../../study";
import { StackJson, stackJson } from "../stacks/support";
import { minimalStudy } from "./support";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

const MATRIX = "matrix: { storage: [raw], cache: [none], bus: [virtio] }\n";
const OFFLINE = minimalStudy(MATRIX)
  .replace("devices:", "host: { accelerator: tcg }\ndevices:")
  .replace(
    "guest: { os: linux, image: https://example.com/d.qcow2, vcpus: 1, memory: 1GiB }",
    [
      "guest:",
      "  os: linux",
      "  imageDirectory: /var/cache/kvmbench-test-host/guest",
      "  image: /var/cache/kvmbench-test-host/guest/guest.qcow2",
      "  network: none",
      "  directKernelBoot:",
      "    kernel: /var/cache/kvmbench-test-host/guest/vmlinuz",
      "    initrd: /var/cache/kvmbench-test-host/guest/initrd.img",
      "    cmdline: root=LABEL=kvmbench-root ro console=ttyS0",
    ].join("\n"),
  )
  .replace("benchmark: { profile: quick, size: 1GiB }", "benchmark: { profile: quick, size: 1GiB, install: false }");

function errorsOf(text: string): string[] {
  return parseStudy(text, "s.yaml").errors.map((e) => `${e.path}: ${e.message}`);
}

describe("reading the keys", () => {
  it("reads accelerator, network none, direct kernel boot and install", () => {
    const { study, errors } = parseStudy(OFFLINE, "s.yaml");
    expect(errors).toEqual([]);
    expect(study?.hosts[0].accelerator).toBe("tcg");
    expect(study?.guest).toMatchObject({
      network: false,
      directKernelBoot: {
        kernel: "/var/cache/kvmbench-test-host/guest/vmlinuz",
        initrd: "/var/cache/kvmbench-test-host/guest/initrd.img",
        cmdline: "root=LABEL=kvmbench-root ro console=ttyS0",
      },
    });
    expect(study?.benchmark.install).toBe(false);
  });

  it("defaults to KVM, the default network, the image's own bootloader and installing fio", () => {
    const { study } = parseStudy(minimalStudy(MATRIX), "s.yaml");
    expect(study?.hosts[0].accelerator).toBe("kvm");
    expect(study?.guest.network).toBe("default");
    expect(study?.guest.directKernelBoot).toBeUndefined();
    expect(study?.benchmark.install).toBe(true);
  });

  it("refuses what it cannot pass on safely, with the key's path", () => {
    expect(errorsOf(OFFLINE.replace("accelerator: tcg", "accelerator: hvf"))).toEqual([
      expect.stringMatching(/^host\.accelerator: .*hvf/),
    ]);
    expect(errorsOf(OFFLINE.replace("network: none", "network: 'br0; reboot'"))).toEqual([
      'guest.network: "br0; reboot" is not a libvirt network name',
    ]);
    expect(errorsOf(OFFLINE.replace("initrd: /var/cache", "initrd: /var/../etc/cache"))).toEqual([
      'guest.directKernelBoot.initrd: "/var/../etc/cache/kvmbench-test-host/guest/initrd.img" climbs out of its folder (a .. segment)',
    ]);
    expect(errorsOf(OFFLINE.replace("console=ttyS0", "console=ttyS0 $(reboot)"))).toEqual([
      'guest.directKernelBoot.cmdline: kernel command line "root=LABEL=kvmbench-root ro console=ttyS0 $(reboot)" has characters kvmbench does not pass',
    ]);
    expect(errorsOf(OFFLINE.replace("install: false", "install: maybe"))).toEqual([expect.stringMatching(/^benchmark\.install: /)]);
  });
});

describe("the scenario stack of such a study", () => {
  const dir = mkdtempSync(join(tmpdir(), "kvmbench-offline-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "s.yaml"), OFFLINE);
  const { stacks } = buildStudyApp(Testing.app(), { KVMBENCH_STUDY: join(dir, "s.yaml"), KVMBENCH_RESULTS: join(dir, "results") });
  const json: StackJson = stackJson(stacks.find((s) => s.node.id === "raw-none-virtio") as TerraformStack);
  const domain = Object.values(json.resource.libvirt_domain)[0] as {
    type: string;
    cpu: unknown;
    os: Record<string, string>;
    devices: { interfaces?: unknown; disks: Array<{ serial?: string; target: { bus: string } }> };
  };

  it("runs the guest under TCG with the kernel from the host and no network card", () => {
    expect(domain.type).toBe("qemu");
    expect(domain.cpu).toEqual({ mode: "custom", model: "qemu64" });
    expect(domain.os).toMatchObject({ kernel: "/var/cache/kvmbench-test-host/guest/vmlinuz", cmdline: "root=LABEL=kvmbench-root ro console=ttyS0" });
    expect(domain.devices.interfaces).toBeUndefined();
  });

  it("gives the guest user-data that does not install fio", () => {
    const [cidata] = Object.values(json.resource.libvirt_cloudinit_disk) as Array<{ user_data: string }>;
    const userData = parse(cidata.user_data) as Record<string, unknown>;
    expect(userData).not.toHaveProperty("packages");
    expect(userData).not.toHaveProperty("package_update");
    expect(userData).toHaveProperty("runcmd");
  });
});
