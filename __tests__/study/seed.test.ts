import { likeForLikeDifferences, loadStudy, parseStudy, storageDeviceNames, zfsPoolOf } from "../../study";
import { SEED_PATH, seedText } from "./support";

const STORAGES = ["raw", "lvm", "zvol", "ext4-qcow2", "xfs-qcow2", "zfs-qcow2", "zvol-ext4-qcow2"];
const CACHES = ["none", "writethrough", "writeback"];
const BUSES = ["virtio", "ide"];
const MATRIX_NAMES = STORAGES.flatMap((s) => CACHES.flatMap((c) => BUSES.map((b) => `${s}-${c}-${b}`)));
const JOKERS = ["raidz1-zvol-ext4-qcow2-writeback-virtio", "raidz1-zfs-qcow2-writeback-virtio"];
const SSD = "/dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000";
const JOKER_DISKS = ["joker1", "joker2", "joker3", "joker4"];

/** The seed with the test system (the first host, whose workdir line comes first) declaring an OpenZFS version. */
function withTestSystemZfs(version: string): string {
  return seedText().replace("    workdir: /var/lib/kvmbench", `    workdir: /var/lib/kvmbench\n    openZfsVersion: "${version}"`);
}

describe("the bundled seed study (scenarios/seed.yaml)", () => {
  const result = loadStudy(SEED_PATH);
  const plan = result.plan!;

  it("parses with no errors", () => {
    expect(result.errors).toEqual([]);
    expect(result.study?.name).toBe("seed-study");
  });

  it("expands to 44 scenarios: the matrix's 42 named <storage>-<cache>-<bus> in matrix order, then the jokers' two; none excluded", () => {
    expect(plan.scenarios).toHaveLength(44);
    expect(plan.scenarios.map((s) => s.name)).toEqual([...MATRIX_NAMES, ...JOKERS]);
    expect(plan.excluded).toEqual([]);
  });

  it("has a baseline on the ssd of the test system, its first host", () => {
    expect(result.study!.hosts.map((h) => h.name)).toEqual(["test-system", "jokers"]);
    expect(plan.baseline).toMatchObject({ name: "baseline", device: "ssd", devicePath: SSD, host: { name: "test-system" }, wipe: false });
  });

  it("runs the matrix on the test system's ssd only", () => {
    for (const scenario of plan.scenarios.filter((s) => s.origin === "matrix")) {
      expect(scenario.placements.map((p) => [p.host.name, p.facts.hostDevices])).toEqual([["test-system", [SSD]]]);
    }
  });

  it("runs on the jokers host exactly zvol-ext4-qcow2 and zfs-qcow2 with cache writeback, on a RAIDZ1 pool of its four disks", () => {
    const onJokers = plan.scenarios.filter((s) => s.placements.some((p) => p.host.name === "jokers"));
    expect(onJokers.map((s) => s.name)).toEqual(JOKERS);
    const jokerPaths = JOKER_DISKS.map((_, i) => `/dev/disk/by-id/ata-WDC_WD1001FAEX-00Z3A0_WD-WCATR000000${i + 1}`);
    for (const scenario of onJokers) {
      expect(scenario.placements.map((p) => [p.host.name, p.facts.hostDevices])).toEqual([["jokers", jokerPaths]]);
      expect(scenario.attachment).toEqual({ bus: "virtio", cache: "writeback", machine: "pc" });
      expect(zfsPoolOf(scenario.storage)).toEqual({ devices: JOKER_DISKS, topology: "raidz1", ashift: 12, compression: "off" });
    }
    expect(onJokers.map((s) => s.facts.summary)).toEqual(["qcow2 on ext4 on zvol on raidz1 of joker1+joker2+joker3+joker4", "qcow2 on zfs on raidz1 of joker1+joker2+joker3+joker4"]);
    // The same images as the test system's zvol-ext4-qcow2 and zfs-qcow2, on the other pool.
    const { storage } = result.study!;
    const withoutPool = (name: string) => JSON.parse(JSON.stringify(storage[name]).replace(/"pool":\{[^}]*\}/g, '"pool":{}'));
    expect(withoutPool("raidz1-zvol-ext4-qcow2")).toEqual(withoutPool("zvol-ext4-qcow2"));
    expect(withoutPool("raidz1-zfs-qcow2")).toEqual(withoutPool("zfs-qcow2"));
  });

  it("gives each disk a path on one host only: neither host can reach the other's disks", () => {
    const [testSystem, jokers] = result.study!.hosts;
    expect(result.study!.devices).toEqual({});
    expect(testSystem.devices).toEqual({ ssd: SSD });
    expect(Object.keys(jokers.devices)).toEqual(JOKER_DISKS);
    for (const scenario of plan.scenarios) {
      const devices = storageDeviceNames(scenario.storage);
      const host = scenario.host.name === "jokers" ? jokers : testSystem;
      expect(devices.every((d) => Object.hasOwn(host.devices, d))).toBe(true);
    }
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
    expect(pools.map((pool) => pool.topology)).toEqual(["single", "single", "single", "raidz1", "raidz1"]);
    for (const pool of pools) expect(pool).toMatchObject({ ashift: 12, compression: "off" });
    const images = Object.values(result.study!.storage).filter((spec) => spec.kind === "image");
    expect(images).toHaveLength(6);
    for (const image of images) expect(image).toMatchObject({ format: "qcow2", preallocation: "full" });
  });

  it("keeps warnings: writeback scenarios carry volatile-cache, the preallocated ZFS images preallocation-on-zfs, cache=none on a dataset direct-io-aligned-only", () => {
    for (const scenario of plan.scenarios) {
      const expected = [
        ...(scenario.storageName === "zfs-qcow2" && scenario.attachment.cache === "none" ? ["direct-io-aligned-only"] : []),
        ...(scenario.attachment.cache === "writeback" ? ["volatile-cache"] : []),
        ...(scenario.storageName.endsWith("zfs-qcow2") ? ["preallocation-on-zfs"] : []),
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
      host: { name: "test-system", uri: "qemu:///system", workdir: "/var/lib/kvmbench", openZfsVersion: "2.3" },
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

  it("excludes zfs-qcow2 with cache=none when the test system declares OpenZFS 0.7", () => {
    const text = withTestSystemZfs("0.7");
    const old = parseStudy(text, "seed-0.7.yaml");
    expect(old.errors).toEqual([]);
    expect(old.plan!.excluded.map((e) => e.name)).toEqual(["zfs-qcow2-none-virtio", "zfs-qcow2-none-ide"]);
    expect(old.plan!.excluded[0].reasons).toEqual([expect.objectContaining({ level: "error", rule: "cache-needs-direct-io" })]);
    expect(old.plan!.scenarios).toHaveLength(42);
  });

  it("keeps zfs-qcow2 with cache=none on OpenZFS 2.2 with a warning that O_DIRECT is ignored", () => {
    const plan22 = parseStudy(withTestSystemZfs("2.2"), "seed-2.2.yaml").plan!;
    expect(plan22.scenarios).toHaveLength(44);
    const scenario = plan22.scenarios.find((s) => s.name === "zfs-qcow2-none-virtio")!;
    expect(scenario.warnings.map((w) => w.rule)).toEqual(["cache-needs-direct-io", "preallocation-on-zfs"]);
  });
});
