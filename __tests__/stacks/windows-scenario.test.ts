import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { buildStudyApp, StudyFileError } from "../../stacks/app";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StackJson, stackJson } from "./support";

const dir = mkdtempSync(join(tmpdir(), "kvmbench-windows-"));

function study(guest: string): string {
  const file = join(dir, `study-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    [
      "version: 1",
      "name: windows-study",
      "devices: { ssd: /dev/disk/by-id/ata-TEST_SSD }",
      "storage: { zvol: { kind: zvol, pool: { devices: [ssd] }, size: 100GiB } }",
      `guest: ${guest}`,
      "benchmark: { profile: hdtune, size: 5GiB }",
      "matrix: { storage: [zvol], cache: [none], bus: [virtio] }",
      "",
    ].join("\n"),
  );
  return file;
}

describe("a Windows study", () => {
  const file = study(
    "{ os: windows, imageDirectory: /var/lib/images, image: /var/lib/images/win2022.qcow2, virtioWin: /var/lib/images/virtio-win.iso, diskspd: { downloadUrl: https://example.org/DiskSpd.zip } }",
  );
  const { stacks } = buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file, KVMBENCH_RESULTS: "/results" });
  const json: StackJson = stackJson(stacks[0] as TerraformStack);
  const domain = Object.values(json.resource.libvirt_domain)[0] as {
    features: { hyper_v?: unknown };
    clock: { offset?: string };
    devices: { disks: Array<{ device?: string; serial?: string; target: { bus: string } }>; serials: Array<{ target: { port: number } }> };
  };

  it("boots a Windows guest: Hyper-V enlightenments, local-time clock, the virtio-win ISO as a CD-ROM", () => {
    expect(domain.features.hyper_v).toBeDefined();
    expect(domain.clock.offset).toBe("localtime");
    const isoVolumes = Object.values(json.resource.libvirt_volume).filter((v) =>
      JSON.stringify(v).includes("/var/lib/images/virtio-win.iso"),
    );
    expect(isoVolumes).toHaveLength(1);
    expect(domain.devices.disks.filter((d) => d.device === "cdrom").length).toBeGreaterThanOrEqual(1);
  });

  it("runs DiskSpd from cloudbase-init user-data, writing to COM2 (the results port)", () => {
    const [cidata] = Object.values(json.resource.libvirt_cloudinit_disk);
    const userData = cidata.user_data as string;
    expect(userData.split("\n")[0]).toBe("#ps1_sysnative");
    expect(userData).toContain("kvmbench-dut");
    expect(userData).toContain("COM2");
    expect(userData).toContain("https://example.org/DiskSpd.zip");
    expect(domain.devices.serials.map((s) => s.target.port)).toEqual([0, 1]);
    expect(domain.devices.disks.find((d) => d.serial === "kvmbench-dut")?.target.bus).toBe("virtio");
  });
});

describe("Windows settings in the study file", () => {
  it("require the virtio-win ISO for a Windows guest, with the guest's position", () => {
    const file = study("{ os: windows, image: /var/lib/images/win2022.qcow2, imageDirectory: /var/lib/images }");
    expect(() => buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file })).toThrow(StudyFileError);
    expect(() => buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file })).toThrow(
      /study-\w+\.yaml:5:8: guest\.virtioWin: a Windows guest needs the virtio-win driver ISO/,
    );
  });

  it("refuse Windows-only keys on a Linux guest", () => {
    const file = study("{ os: linux, image: https://example.org/d.qcow2, diskspd: { path: 'C:\\diskspd.exe' } }");
    expect(() => buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file })).toThrow(/guest\.diskspd: diskspd applies to Windows guests only/);
  });
});
