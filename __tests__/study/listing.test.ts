import { formatListing, loadStudy } from "../../study";
import { SEED_PATH, fixturePath } from "./support";

describe("formatListing", () => {
  it("lists the seed's baseline and 42 scenarios", () => {
    const lines = formatListing(loadStudy(SEED_PATH).plan!).split("\n");
    expect(lines[0]).toBe(`study seed-study (${SEED_PATH}): 42 scenarios plus baseline, 0 combinations excluded`);
    expect(lines[1]).toMatch(/^baseline +host-side fio on ssd \(\/dev\/disk\/by-id\/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000\)$/);
    expect(lines).toHaveLength(44);
    expect(lines).toContain(
      "xfs-qcow2-writeback-virtio           qcow2 on xfs on ssd; bus=virtio cache=writeback machine=q35 (warning: volatile-cache)",
    );
  });

  it("lists excluded combinations with their reasons and fixes", () => {
    const text = formatListing(loadStudy(fixturePath("old-zfs.yaml")).plan!);
    expect(text).toContain("excluded (4):");
    expect(text).toContain(
      "zvol-writeback-virtio-native: io=native with cache=writeback: QEMU refuses native AIO without O_DIRECT. Fix: use cache=none or cache=directsync with io=native, or io=threads/io_uring with this cache mode.",
    );
  });
});
