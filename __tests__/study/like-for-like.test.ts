import { formatDifference, likeForLikeDifferences, loadStudy, parseStudy } from "../../study";
import { fixturePath } from "./support";

/** A study with two storages side by side and whatever `storage` says about them. */
function study(storage: string, extra = ""): string {
  return `version: 1
name: lfl
devices: { ssd: /dev/disk/by-id/ata-A, hdd: /dev/disk/by-id/ata-B }
storage:
${storage}
guest: { os: linux, image: https://example.com/d.qcow2 }
benchmark: { profile: quick, size: 1GiB }
matrix: { storage: [a, b], cache: [none, writeback], bus: [virtio] }
${extra}`;
}

function differences(storage: string, extra = ""): Record<string, string[]> {
  const result = parseStudy(study(storage, extra), "lfl.yaml");
  expect(result.errors).toEqual([]);
  return Object.fromEntries(
    likeForLikeDifferences(result.plan!.scenarios).map((d) => [d.setting, d.values.map((v) => `${v.value}${v.isDefault ? " (default)" : ""}: ${v.scenarios.join(" ")}`)]),
  );
}

describe("like-for-like differences", () => {
  it("fires on a study that mixes compression, naming the setting, each value and its scenarios", () => {
    const plan = loadStudy(fixturePath("mixed-compression.yaml")).plan!;
    const found = likeForLikeDifferences(plan.scenarios);
    expect(found).toEqual([
      {
        setting: "ZFS compression",
        values: [
          { value: "lz4", isDefault: true, scenarios: ["zvol-none-virtio", "zvol-writethrough-virtio"], storages: ["zvol"] },
          { value: "off", isDefault: false, scenarios: ["zfs-qcow2-none-virtio", "zfs-qcow2-writethrough-virtio"], storages: ["zfs-qcow2"] },
        ],
      },
    ]);
    expect(formatDifference(found[0])).toBe(
      'not like-for-like: ZFS compression differs: "lz4" (default) for storage zvol (2 scenarios); "off" for storage zfs-qcow2 (2 scenarios). ' +
        "The report ranks them side by side: give every scenario the same value, or compare this setting in a study of its own",
    );
  });

  it("compares values as they take effect: a default equal to a value written out is no difference", () => {
    expect(
      differences(`  a: { kind: zvol, pool: { devices: [ssd] }, size: 16GiB }
  b: { kind: zvol, pool: { devices: [hdd], ashift: 12, compression: lz4 }, size: 16GiB, volblocksize: 16K }`),
    ).toEqual({});
  });

  it("finds image preallocation, qcow2 cluster size and filesystem options", () => {
    expect(
      differences(`  a: { kind: image, format: qcow2, size: 1GiB, preallocation: full, filesystem: { type: ext4, device: ssd, mkfsOptions: ["-m", "0"] } }
  b: { kind: image, format: qcow2, size: 1GiB, clusterSize: 2M, filesystem: { type: ext4, device: hdd, mountOptions: [noatime] } }`),
    ).toEqual({
      "qcow2 preallocation": ["full: a-none-virtio a-writeback-virtio", "off: b-none-virtio b-writeback-virtio"],
      "qcow2 cluster size": ["64K (default): a-none-virtio a-writeback-virtio", "2M: b-none-virtio b-writeback-virtio"],
      "ext4 mkfs options": ["-m 0: a-none-virtio a-writeback-virtio", "none (default): b-none-virtio b-writeback-virtio"],
      "filesystem mount options": ["defaults (default): a-none-virtio a-writeback-virtio", "noatime: b-none-virtio b-writeback-virtio"],
    });
  });

  it("finds ZFS properties: ashift and recordsize of datasets, volblocksize and sparse of zvols (also under a filesystem)", () => {
    expect(
      differences(`  a: { kind: image, format: raw, size: 1GiB, dataset: { pool: { devices: [ssd], ashift: 9, compression: "off" }, recordsize: 64K } }
  b: { kind: image, format: raw, size: 1GiB, dataset: { pool: { devices: [hdd], compression: "off" } } }`),
    ).toEqual({
      "ZFS ashift": ["9: a-none-virtio a-writeback-virtio", "12 (default): b-none-virtio b-writeback-virtio"],
      "ZFS recordsize": ["64K: a-none-virtio a-writeback-virtio", "128K (default): b-none-virtio b-writeback-virtio"],
    });
    expect(
      differences(`  a: { kind: image, format: raw, size: 1GiB, filesystem: { type: xfs, zvol: { pool: { devices: [ssd] }, size: 2GiB, volblocksize: 8K, sparse: true } } }
  b: { kind: zvol, pool: { devices: [hdd] }, size: 2GiB }`),
    ).toEqual({
      "zvol volblocksize": ["8K: a-none-virtio a-writeback-virtio", "16K (default): b-none-virtio b-writeback-virtio"],
      "zvol sparse": ["sparse: a-none-virtio a-writeback-virtio", "fully reserved (default): b-none-virtio b-writeback-virtio"],
    });
  });

  it("compares only scenarios a setting applies to: compression of one ZFS storage against none", () => {
    expect(
      differences(`  a: { kind: zvol, pool: { devices: [ssd], compression: zstd }, size: 16GiB, sparse: true }
  b: { kind: lvm, device: hdd, size: 16GiB }`),
    ).toEqual({});
  });

  it("finds an explicit scenario on another machine than the study's", () => {
    const found = differences(
      `  a: { kind: block, device: ssd }
  b: { kind: block, device: hdd }`,
      "scenarios: [{ storage: a, cache: none, bus: sata, machine: pc }]",
    );
    expect(found).toEqual({
      machine: ["q35: a-none-virtio a-writeback-virtio b-none-virtio b-writeback-virtio", "pc: a-none-sata"],
    });
  });
});
