/**
 * The backend registry: every storage kind is one module that reads its specs, states its
 * facts, builds its constructs and says which host scripts they run. Checked here for every
 * kind in the registry, so a new backend is held to the same: the facts the study judges a
 * scenario by are the facts of what the backend builds.
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { STORAGE_BACKENDS, STORAGE_KINDS, backendNamed, storageClaims } from "../../backends/registry";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { HostStep } from "../../constructs/host/host-step";
import type { IDiskBackend } from "../../constructs/storage";
import { buildStorage } from "../../stacks/storage-from-spec";
import { formatErrors, parseStudy, storageFacts, type StorageSpec, type Study } from "../../study";
import { listAlternatives } from "../../study/suggest";

const DEVICES = { ssd: "/dev/disk/by-id/ata-TEST_SSD", hdd: "/dev/disk/by-id/ata-TEST_HDD" };

/** One storage of every shape each kind has. */
const STUDY = `version: 1
name: kinds
host: { openZfsVersion: "2.2" }
devices: { ssd: ${DEVICES.ssd}, hdd: ${DEVICES.hdd} }
storage:
  block: { kind: block, device: ssd }
  lvm: { kind: lvm, device: ssd, size: 10GiB }
  zvol: { kind: zvol, pool: { devices: [ssd, hdd] }, size: 10GiB, sparse: true }
  image-on-device: { kind: image, format: qcow2, size: 10GiB, filesystem: { type: xfs, device: ssd } }
  image-on-zvol: { kind: image, format: raw, size: 10GiB, preallocation: full, filesystem: { type: ext4, zvol: { pool: { devices: [ssd] }, size: 20GiB } } }
  image-on-lvm: { kind: image, format: qcow2, size: 10GiB, filesystem: { type: ext4, lvm: { device: hdd, size: 20GiB } } }
  image-on-dataset: { kind: image, format: qcow2, size: 10GiB, preallocation: falloc, dataset: { pool: { devices: [ssd, hdd], topology: mirror } } }
  file-on-zfs: { kind: file, directory: /srv/vm-images, filesystem: zfs, format: qcow2, size: 10GiB, preallocation: full }
  file-on-xfs: { kind: file, directory: /srv/xfs-images, filesystem: xfs, format: raw, size: 10GiB }
guest: { os: linux, image: https://example.com/d.qcow2 }
benchmark: { profile: quick, size: 1GiB }
matrix: { storage: [block], cache: [none], bus: [virtio] }
`;

function readStudy(text: string): Study {
  const { study, errors } = parseStudy(text, "kinds.yaml");
  if (!study) throw new Error(formatErrors(errors));
  return study;
}

function build(name: string, spec: StorageSpec, study: Study): { stack: TerraformStack; disk: IDiskBackend } {
  const app = Testing.app();
  const stack = new TerraformStack(app, `s-${name}`);
  const host = new Host(stack, "host", { openZfsVersion: study.hosts[0].openZfsVersion });
  const disk = buildStorage(stack, spec, { host, storageName: name, devicePath: (device) => study.devices[device], wipe: spec.wipe });
  return { stack, disk };
}

describe("the storage backend registry", () => {
  it("lists each kind once; the study reads exactly these kinds", () => {
    expect(new Set(STORAGE_KINDS).size).toBe(STORAGE_KINDS.length);
    for (const kind of STORAGE_KINDS) expect(backendNamed(kind)?.kind).toBe(kind);
    const { errors } = parseStudy(STUDY.replace("{ kind: block, device: ssd }", "{ kind: ceph-rbd, device: ssd }"), "kinds.yaml");
    expect(formatErrors(errors)).toContain(`storage.block.kind: invalid value "ceph-rbd"; expected one of ${listAlternatives(STORAGE_KINDS)}`);
  });

  const study = readStudy(STUDY);
  const specs = Object.entries(study.storage);

  it("covers every registered kind in this test", () => {
    expect(new Set(specs.map(([, spec]) => spec.kind))).toEqual(new Set(STORAGE_KINDS));
  });

  describe.each(specs)("storage %s", (name, spec) => {
    const backend = backendNamed(spec.kind)!;
    const { stack, disk } = build(name, spec, study);

    it("builds what its facts say: the study judges the scenario by the facts of what is built", () => {
      const judged = storageFacts(spec, study.hosts[0], study.devices);
      const { summary: _studySummary, ...studyFacts } = judged;
      const { summary: _builtSummary, ...builtFacts } = disk.facts;
      expect(builtFacts).toEqual(studyFacts);
    });

    it("builds constructs the library accepts", () => {
      expect(() => Testing.synth(stack, true)).not.toThrow();
    });

    it("lists every host script its constructs run, each a bash script that parses", () => {
      const used = new Set(stack.node.findAll().filter((c): c is HostStep => c instanceof HostStep).map((step) => step.script));
      expect(used.size).toBeGreaterThan(0);
      for (const script of used) expect(backend.scripts).toContain(script);
      for (const script of backend.scripts) {
        expect(existsSync(script)).toBe(true);
        expect(spawnSync("bash", ["-n", script]).status).toBe(0);
      }
    });

    it("claims its devices' paths while a scenario on it runs", () => {
      const paths = judgedPaths(spec, study);
      expect(storageClaims(spec, paths)).toEqual(expect.arrayContaining([...paths]));
    });
  });
});

function judgedPaths(spec: StorageSpec, study: Study): readonly string[] {
  return storageFacts(spec, study.hosts[0], study.devices).hostDevices;
}

describe("every backend", () => {
  it.each(STORAGE_BACKENDS.map((b) => [b.kind, b] as const))("%s has its keys apart from kind and wipe", (_kind, backend) => {
    const keys = [...backend.keys.required, ...backend.keys.optional];
    expect(keys).not.toContain("kind");
    expect(keys).not.toContain("wipe");
    expect(new Set(keys).size).toBe(keys.length);
  });
});
