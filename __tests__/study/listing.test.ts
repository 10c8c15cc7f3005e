import { formatListing, loadStudy, parseStudy } from "../../study";
import { SEED_PATH, fixturePath, minimalStudy } from "./support";

describe("formatListing", () => {
  it("lists the seed's baseline and 44 scenarios, each with the hosts it may run on", () => {
    const lines = formatListing(loadStudy(SEED_PATH).plan!).split("\n");
    expect(lines[0]).toBe(`study seed-study (${SEED_PATH}): 44 scenarios plus baseline, 0 combinations excluded`);
    expect(lines[1]).toMatch(/^baseline +host-side fio on ssd \(\/dev\/disk\/by-id\/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000\)$/);
    expect(lines.slice(2, 44).every((line) => / machine=pc hosts=test-system( \(warning: .*\))?$/.test(line))).toBe(true);
    expect(lines).toContain(
      "xfs-qcow2-writeback-virtio               qcow2 on xfs on ssd; bus=virtio cache=writeback machine=pc hosts=test-system (warning: volatile-cache)",
    );
    expect(lines).toContain(
      "zfs-qcow2-writeback-ide                  qcow2 on zfs on ssd; bus=ide cache=writeback machine=pc hosts=test-system (warning: volatile-cache, preallocation-on-zfs)",
    );
    expect(lines.slice(44, 46)).toEqual([
      "raidz1-zvol-ext4-qcow2-writeback-virtio  qcow2 on ext4 on zvol on raidz1 of joker1+joker2+joker3+joker4; bus=virtio cache=writeback machine=pc hosts=jokers (warning: volatile-cache)",
      "raidz1-zfs-qcow2-writeback-virtio        qcow2 on zfs on raidz1 of joker1+joker2+joker3+joker4; bus=virtio cache=writeback machine=pc hosts=jokers (warning: volatile-cache, preallocation-on-zfs)",
    ]);
  });

  it("names each scenario's hosts in a study of several, and none in a study of one", () => {
    const study = minimalStudy(`hosts: [{ name: kvm1, workdir: /srv/kvm1 }, { name: kvm2, workdir: /srv/kvm2 }]
scenarios:
  - { storage: raw, cache: none, bus: virtio }
  - { storage: raw, cache: writeback, bus: virtio, hosts: [kvm2] }`);
    expect(formatListing(parseStudy(study, "t.yaml").plan!).split("\n").slice(1, 3)).toEqual([
      "raw-none-virtio       raw on ssd; bus=virtio cache=none machine=q35 hosts=kvm1,kvm2",
      "raw-writeback-virtio  raw on ssd; bus=virtio cache=writeback machine=q35 hosts=kvm2 (warning: volatile-cache)",
    ]);
    const lines = formatListing(loadStudy(fixturePath("old-zfs.yaml")).plan!).split("\n");
    expect(lines.filter((line) => line.includes("hosts="))).toEqual([]);
  });

  it("ends with each warning's details: its rule, fix, message and every scenario, once per rule", () => {
    const lines = formatListing(loadStudy(SEED_PATH).plan!).split("\n");
    expect(lines.slice(46)).toEqual([
      "",
      "warnings (3 rules):",
      expect.stringMatching(/^\[direct-io-aligned-only\] .*\. Fix: read those tests as cached, or set the dataset's recordsize .*; a zvol does not avoid it/),
      "  cache=none on qcow2 on zfs on ssd: OpenZFS 2.3 honours O_DIRECT on a dataset only for I/O aligned to its recordsize (128K); smaller or unaligned I/O silently goes through the ARC: the hdtune profile's tests with 512B, 4KiB and 64KiB blocks measure the ARC, not the disk: zfs-qcow2-none-virtio, zfs-qcow2-none-ide",
      expect.stringMatching(/^\[volatile-cache\] .*\. Fix: run the host on a UPS/),
      "  cache=writeback keeps writes in host RAM until the guest flushes: a host crash or power loss can lose them: " +
        [
          ...["raw", "lvm", "zvol", "ext4-qcow2", "xfs-qcow2", "zfs-qcow2", "zvol-ext4-qcow2"].flatMap((s) => [`${s}-writeback-virtio`, `${s}-writeback-ide`]),
          "raidz1-zvol-ext4-qcow2-writeback-virtio",
          "raidz1-zfs-qcow2-writeback-virtio",
        ].join(", "),
      expect.stringMatching(/^\[preallocation-on-zfs\] .*\. Fix: /),
      expect.stringMatching(/^  preallocation=full on a ZFS dataset .*: zfs-qcow2-none-virtio, zfs-qcow2-none-ide, zfs-qcow2-writethrough-virtio, zfs-qcow2-writethrough-ide, zfs-qcow2-writeback-virtio, zfs-qcow2-writeback-ide, raidz1-zfs-qcow2-writeback-virtio$/),
    ]);
  });

  it("names the settings that are not like-for-like", () => {
    const plan = loadStudy(fixturePath("mixed-compression.yaml")).plan!;
    const text = formatListing(plan);
    expect(text).toContain("\nnot like-for-like (1 setting):\n");
    expect(text).toMatch(/ZFS compression differs: "lz4" \(default\) for storage zvol \(2 scenarios\); "off" for storage zfs-qcow2 \(2 scenarios\)/);
  });

  it("lists excluded combinations with their reasons and fixes", () => {
    const text = formatListing(loadStudy(fixturePath("old-zfs.yaml")).plan!);
    expect(text).toContain("excluded (4):");
    expect(text).toContain(
      "zvol-writeback-virtio-native: io=native with cache=writeback: QEMU refuses native AIO without O_DIRECT. Fix: use cache=none or cache=directsync with io=native, or io=threads/io_uring with this cache mode.",
    );
  });
});
