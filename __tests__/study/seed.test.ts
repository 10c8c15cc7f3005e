import { likeForLikeDifferences, loadStudy, parseStudy, zfsPoolOf } from "../../study";
import { SEED_PATH, seedText } from "./support";

const STORAGES = ["raw", "lvm", "zvol", "ext4-qcow2", "xfs-qcow2", "zfs-qcow2", "zvol-ext4-qcow2"];
const CACHES = ["none", "writethrough", "writeback"];
const BUSES = ["virtio", "ide"];
const EXPECTED_NAMES = STORAGES.flatMap((s) => CACHES.flatMap((c) => BUSES.map((b) => `${s}-${c}-${b}`)));

describe("the bundled seed study (scenarios/seed.yaml)", () => {
  const result = loadStudy(SEED_PATH);
  const plan = result.plan!;

  it("parses with no errors", () => {
    expect(result.errors).toEqual([]);
    expect(result.study?.name).toBe("seed-study");
  });

  it("expands to 42 scenarios named <storage>-<cache>-<bus>, in matrix order, none excluded", () => {
    expect(plan.scenarios).toHaveLength(42);
    expect(plan.scenarios.map((s) => s.name)).toEqual(EXPECTED_NAMES);
    expect(plan.excluded).toEqual([]);
  });

  it("has a baseline on the ssd", () => {
    expect(plan.baseline).toMatchObject({
      name: "baseline",
      device: "ssd",
      devicePath: "/dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000",
      wipe: false,
    });
  });

  it("runs every scenario on one machine type and firmware: pc, since the IDE scenarios need it", () => {
    for (const scenario of plan.scenarios) {
      expect(scenario.attachment.machine).toBe("pc");
      expect(scenario.guest.firmware).toBe("bios");
      expect(scenario.attachment.io).toBeUndefined();
    }
  });

  it("is like-for-like: ZFS as the seed's author stated it (ashift=12, no compression), every qcow2 fully preallocated", () => {
    const pools = Object.values(result.study!.storage).flatMap((spec) => zfsPoolOf(spec) ?? []);
    expect(pools).toHaveLength(3);
    for (const pool of pools) expect(pool).toMatchObject({ ashift: 12, compression: "off", topology: "single" });
    const images = Object.values(result.study!.storage).filter((spec) => spec.kind === "image");
    expect(images).toHaveLength(4);
    for (const image of images) expect(image).toMatchObject({ format: "qcow2", preallocation: "full" });
  });

  it("keeps warnings: writeback scenarios carry volatile-cache, the preallocated ZFS images preallocation-on-zfs, cache=none on a dataset direct-io-aligned-only", () => {
    for (const scenario of plan.scenarios) {
      const expected = [
        ...(scenario.storageName === "zfs-qcow2" && scenario.attachment.cache === "none" ? ["direct-io-aligned-only"] : []),
        ...(scenario.attachment.cache === "writeback" ? ["volatile-cache"] : []),
        ...(scenario.storageName === "zfs-qcow2" ? ["preallocation-on-zfs"] : []),
      ];
      expect(scenario.warnings.map((w) => w.rule)).toEqual(expected);
    }
  });

  it("differs in nothing but its axes: no like-for-like warning", () => {
    expect(likeForLikeDifferences(plan.scenarios)).toEqual([]);
  });

  it("allows zfs-qcow2 with cache=none on the default OpenZFS 2.3, warning that only recordsize-aligned I/O is direct", () => {
    const scenario = plan.scenarios.find((s) => s.name === "zfs-qcow2-none-virtio")!;
    expect(scenario.host.openZfsVersion).toBe("2.3");
    expect(scenario.facts.directIo).toMatchObject({ support: "aligned", alignmentBytes: 128 * 1024 });
    const warning = scenario.warnings.find((w) => w.rule === "direct-io-aligned-only");
    expect(warning?.message).toMatch(/only for I\/O aligned to its recordsize \(128K\).*the hdtune profile's tests with 512B, 4KiB and 64KiB blocks measure the ARC/);
  });

  it("derives the storage facts of each storage", () => {
    const facts = (storage: string) => plan.scenarios.find((s) => s.storageName === storage)!.facts;
    const ssd = ["/dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000"];
    expect(facts("raw")).toMatchObject({ medium: "block", format: "raw", onZfs: false, hostDevices: ssd, summary: "raw on ssd" });
    expect(facts("lvm")).toMatchObject({ medium: "block", format: "raw", onZfs: false, summary: "raw on lvm on ssd" });
    expect(facts("zvol")).toMatchObject({ medium: "block", format: "raw", onZfs: true, summary: "raw on zvol on ssd" });
    expect(facts("ext4-qcow2")).toMatchObject({ medium: "file", format: "qcow2", filesystem: "ext4", onZfs: false, summary: "qcow2 on ext4 on ssd" });
    expect(facts("xfs-qcow2")).toMatchObject({ filesystem: "xfs", summary: "qcow2 on xfs on ssd" });
    expect(facts("zfs-qcow2")).toMatchObject({ medium: "file", filesystem: "zfs", onZfs: true, summary: "qcow2 on zfs on ssd" });
    expect(facts("zvol-ext4-qcow2")).toMatchObject({ filesystem: "ext4", onZfs: true, hostDevices: ssd, summary: "qcow2 on ext4 on zvol on ssd" });
  });

  it("carries the full resolved configuration in each scenario", () => {
    const scenario = plan.scenarios.find((s) => s.name === "zvol-ext4-qcow2-writethrough-virtio")!;
    expect(scenario).toMatchObject({
      origin: "matrix",
      storageName: "zvol-ext4-qcow2",
      storage: {
        kind: "image",
        format: "qcow2",
        size: { text: "90GiB", bytes: 90 * 2 ** 30 },
        preallocation: "full",
        wipe: false,
        location: {
          kind: "filesystem",
          filesystem: {
            type: "ext4",
            source: { kind: "zvol", zvol: { pool: { devices: ["ssd"], ashift: 12, compression: "off", topology: "single" }, size: { text: "100GiB" }, sparse: false } },
          },
        },
      },
      attachment: { bus: "virtio", cache: "writethrough", machine: "pc" },
      guest: { os: "linux", vcpus: 2, memory: { text: "4GiB", bytes: 4 * 2 ** 30 }, firmware: "bios" },
      benchmark: { profile: "hdtune", size: { text: "5GiB" }, repeats: 3, fio: {} },
      host: { name: "host", uri: "qemu:///system", workdir: "/var/lib/kvmbench", openZfsVersion: "2.3" },
    });
    expect(scenario.guest.image).toEqual({ kind: "url", url: "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2" });
    // Plain data: it survives a JSON round trip (the runner writes it into result files).
    expect(JSON.parse(JSON.stringify(scenario))).toEqual(scenario);
  });

  it("reads the example's storage specs exactly", () => {
    const storage = result.study!.storage;
    expect(storage.zvol).toMatchObject({ kind: "zvol", size: { text: "100GiB" }, pool: { ashift: 12, compression: "off" } });
    expect(storage.zvol).not.toHaveProperty("volblocksize");
    expect(storage["ext4-qcow2"]).toMatchObject({ preallocation: "full", location: { kind: "filesystem", filesystem: { type: "ext4", source: { kind: "device", device: "ssd" } } } });
    expect(storage["zfs-qcow2"]).toMatchObject({ preallocation: "full", location: { kind: "dataset", dataset: { pool: { devices: ["ssd"], ashift: 12, compression: "off" } } } });
  });

  it("excludes zfs-qcow2 with cache=none when the host declares OpenZFS 0.7", () => {
    const text = seedText().replace("  workdir: /var/lib/kvmbench", '  workdir: /var/lib/kvmbench\n  openZfsVersion: "0.7"');
    const old = parseStudy(text, "seed-0.7.yaml");
    expect(old.errors).toEqual([]);
    expect(old.plan!.excluded.map((e) => e.name)).toEqual(["zfs-qcow2-none-virtio", "zfs-qcow2-none-ide"]);
    expect(old.plan!.excluded[0].reasons).toEqual([expect.objectContaining({ level: "error", rule: "cache-needs-direct-io" })]);
    expect(old.plan!.scenarios).toHaveLength(40);
  });

  it("keeps zfs-qcow2 with cache=none on OpenZFS 2.2 with a warning that O_DIRECT is ignored", () => {
    const text = seedText().replace("  workdir: /var/lib/kvmbench", '  workdir: /var/lib/kvmbench\n  openZfsVersion: "2.2"');
    const plan22 = parseStudy(text, "seed-2.2.yaml").plan!;
    expect(plan22.scenarios).toHaveLength(42);
    const scenario = plan22.scenarios.find((s) => s.name === "zfs-qcow2-none-virtio")!;
    expect(scenario.warnings.map((w) => w.rule)).toEqual(["cache-needs-direct-io", "preallocation-on-zfs"]);
  });
});
