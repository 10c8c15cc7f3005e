/**
 * `kind: file`: an image file in a directory the study names on the host. Added through the
 * backend registry alone (its module, its script, one registry line): these tests read it, judge
 * and schedule its scenarios, and run its host steps for real on a directory of this machine.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { buildJobs } from "../../orchestrate";
import { buildStudyApp } from "../../stacks/app";
import { buildStorage } from "../../stacks/storage-from-spec";
import { formatErrors, formatListing, parseStudy } from "../../study";
import { runStep, stepNamed, type SynthesizedJson } from "../host/support/steps";
import { synthConforming } from "../support/synth";
import { hostTempDir } from "../../test-host/host-temp-dir";

const study = (storage: string, extra = "matrix: { storage: [raw], cache: [none], bus: [virtio] }") => `version: 1
name: files
host: { openZfsVersion: "2.2" }
devices: { ssd: /dev/disk/by-id/ata-TEST_SSD }
storage:
  raw: { kind: block, device: ssd }
  srv: ${storage}
guest: { os: linux, image: https://example.com/d.qcow2 }
benchmark: { profile: quick, size: 1GiB }
${extra}`;

const SRV = "{ kind: file, directory: /srv/vm-images, filesystem: xfs, format: qcow2, size: 20GiB, preallocation: full }";

function errorsOf(text: string): string {
  return formatErrors(parseStudy(text, "files.yaml").errors);
}

describe("kind: file, read from the study", () => {
  it("is an image file in the directory the study names, on the filesystem it says", () => {
    const { study: read, errors } = parseStudy(study(SRV, "matrix: { storage: [srv], cache: [none], bus: [virtio] }"), "files.yaml");
    expect(formatErrors(errors)).toBe("");
    expect(read!.storage.srv).toEqual({ kind: "file", directory: "/srv/vm-images", filesystem: "xfs", format: "qcow2", size: { text: "20GiB", bytes: 20 * 1024 ** 3 }, preallocation: "full", wipe: false });
  });

  it("refuses what the host would, each at its position", () => {
    expect(errorsOf(study("{ kind: file, directory: srv/images, filesystem: xfs, format: qcow2, size: 1GiB }"))).toContain(
      'files.yaml:7:33: storage.srv.directory: directory "srv/images" is not an absolute path; expected an existing directory on the host',
    );
    expect(errorsOf(study("{ kind: file, directory: /etc/images, filesystem: xfs, format: qcow2, size: 1GiB }"))).toContain('directory "/etc/images" is in the system directory /etc');
    expect(errorsOf(study("{ kind: file, directory: /srv/images/, filesystem: xfs, format: qcow2, size: 1GiB }"))).toContain("is not normalised");
    expect(errorsOf(study("{ kind: file, directory: '/srv/$(reboot)', filesystem: xfs, format: qcow2, size: 1GiB }"))).toContain("has characters other than");
    expect(errorsOf(study("{ kind: file, directory: /srv/images, filesystem: btrfs, format: qcow2, size: 1GiB }"))).toContain(
      'storage.srv.filesystem: invalid value "btrfs"; expected one of "ext4", "xfs" or "zfs"',
    );
    expect(errorsOf(study("{ kind: file, directory: /srv/images, filesystem: xfs, format: raw, size: 1GiB, preallocation: metadata }"))).toContain('preallocation "metadata" with format raw');
    expect(errorsOf(study("{ kind: file, directory: /srv/images, filesystem: xfs, format: qcow2, size: 1GiB, wipe: true }"))).toContain("storage.srv.wipe: wipe: true on a file storage; expected no wipe");
    expect(errorsOf(study("{ kind: file, directory: /srv/images, format: qcow2, size: 1GiB }"))).toContain('required key "filesystem" is missing');
    expect(errorsOf(study("{ kind: file, directory: /srv/images, filesystem: xfs, format: qcow2, size: 1GiB, device: ssd }"))).toContain('unknown key "device"');
  });

  it("is judged by the rules with the facts of its filesystem", () => {
    const text = study(SRV.replace("xfs", "zfs"), "matrix: { storage: [srv], cache: [none, writeback], bus: [virtio] }").replace('openZfsVersion: "2.2"', 'openZfsVersion: "0.7"');
    const { plan, errors } = parseStudy(text, "files.yaml");
    expect(formatErrors(errors)).toBe("");
    expect(plan!.excluded.map((e) => `${e.name}: ${e.reasons.map((r) => r.rule)}`)).toEqual(["srv-none-virtio: cache-needs-direct-io"]);
    const [scenario] = plan!.scenarios;
    expect(scenario.facts).toEqual({ medium: "file", format: "qcow2", filesystem: "zfs", onZfs: true, directIo: expect.objectContaining({ support: "no" }), hostDevices: [], summary: "qcow2 on zfs in /srv/vm-images" });
    expect(scenario.warnings.map((w) => w.rule)).toEqual(["volatile-cache", "preallocation-on-zfs"]);
    expect(formatListing(plan!)).toContain("srv-writeback-virtio  qcow2 on zfs in /srv/vm-images; bus=virtio cache=writeback machine=q35 (warning: volatile-cache, preallocation-on-zfs)");
  });

  it("holds its directory while a scenario runs: two never run there at once", () => {
    const { plan } = parseStudy(study(SRV, "matrix: { storage: [raw, srv], cache: [none, writeback], bus: [virtio] }"), "files.yaml");
    const { jobs } = buildJobs(plan!);
    const onFiles = jobs.filter((job) => job.name.startsWith("srv-"));
    expect(onFiles.map((job) => ({ devices: job.devices, claims: job.claims }))).toEqual([
      { devices: [], claims: ["/srv/vm-images"] },
      { devices: [], claims: ["/srv/vm-images"] },
    ]);
  });
});

describe("kind: file, built and run on this machine", () => {
  const dir = hostTempDir("kvmbench-file");
  const images = join(dir, "images");
  const workdir = join(dir, "work");
  const filesystem = spawnSync("findmnt", ["-n", "-o", "FSTYPE", "--target", dir], { encoding: "utf8" }).stdout.trim();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function stepsFor(directory: string, declared: string): { check: ReturnType<typeof stepNamed>; image: ReturnType<typeof stepNamed>; imagePath: string } {
    const { study: read, errors } = parseStudy(study(`{ kind: file, directory: ${directory}, filesystem: ${declared}, format: qcow2, size: 16MiB, preallocation: full }`), "files.yaml");
    if (!read) throw new Error(formatErrors(errors));
    const app = Testing.app();
    const stack = new TerraformStack(app, "srv-none-virtio");
    const host = new Host(stack, "host", { workdir });
    const disk = buildStorage(stack, read.storage.srv, { host, storageName: "srv", devicePath: (d) => read.devices[d], wipe: false });
    const json = synthConforming(stack) as unknown as SynthesizedJson;
    return { check: stepNamed(json, "directory_check"), image: stepNamed(json, "image_create"), imagePath: (disk.source as { path: string }).path };
  }

  it("checks the directory, makes the image in it, and on destroy removes the image and leaves the directory", () => {
    if (!["ext4", "xfs", "zfs"].includes(filesystem)) return; // the test directory is on another filesystem here
    mkdirSync(images);
    writeFileSync(join(images, "theirs.txt"), "not kvmbench's");
    const { check, image, imagePath } = stepsFor(images, filesystem);
    expect(imagePath).toBe(join(images, "kvmbench-srv.qcow2"));
    expect(check.depends_on).toBeUndefined();
    expect(image.depends_on).toEqual([expect.stringMatching(/^terraform_data\.directory_check_step/)]);
    const checked = runStep(check, "create");
    expect(checked.stderr).toContain(`directory ${images} is on ${filesystem}`);
    expect(checked.status).toBe(0);
    expect(runStep(image, "create").status).toBe(0);
    const info = JSON.parse(spawnSync("qemu-img", ["info", "--output=json", imagePath], { encoding: "utf8" }).stdout) as { format: string; "virtual-size": number };
    expect(info).toMatchObject({ format: "qcow2", "virtual-size": 16 * 1024 ** 2 });
    expect(runStep(image, "destroy").status).toBe(0);
    expect(runStep(check, "destroy").status).toBe(0);
    expect(existsSync(imagePath)).toBe(false);
    expect(readFileSync(join(images, "theirs.txt"), "utf8")).toBe("not kvmbench's");
  });

  it("refuses a directory on another filesystem than the study says, a missing one and a link, before any image is made", () => {
    if (!["ext4", "xfs", "zfs"].includes(filesystem)) return;
    mkdirSync(images, { recursive: true });
    const other = filesystem === "xfs" ? "ext4" : "xfs";
    const wrong = runStep(stepsFor(images, other).check, "create");
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain(`directory ${images} is on ${filesystem}, not ${other} as the study says`);
    const missing = runStep(stepsFor(join(dir, "nothing"), filesystem).check, "create");
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("does not exist or is not a directory");
    symlinkSync(images, join(dir, "link"));
    const link = runStep(stepsFor(join(dir, "link"), filesystem).check, "create");
    expect(link.status).not.toBe(0);
    expect(link.stderr).toContain("is a symbolic link");
  });

  it("synthesizes as a study's scenario stacks, like every kind", () => {
    const file = join(dir, "files.yaml");
    writeFileSync(file, study(SRV, "matrix: { storage: [srv], cache: [none, writeback], bus: [virtio, sata] }"));
    const app = Testing.app();
    const { stacks } = buildStudyApp(app, { KVMBENCH_STUDY: file, KVMBENCH_RESULTS: join(dir, "results") });
    expect(stacks.map((s) => s.node.id)).toEqual(["srv-none-virtio", "srv-none-sata", "srv-writeback-virtio", "srv-writeback-sata"]);
    for (const stack of stacks) synthConforming(stack);
  });
});
