import { join } from "node:path";
import { buildJobs, formatSchedule, runScheduled } from "../../orchestrate";
import { loadStudy, parseStudy } from "../../study";
import { ONE_HOST_STUDY, TWO_HOST_STUDY } from "./support";

const SEED = join(__dirname, "..", "..", "scenarios", "seed.yaml");

describe("buildJobs", () => {
  it("puts the seed's baseline first and keeps its 44 scenarios in study order, the matrix on the test system and the jokers' two on theirs", () => {
    const { plan } = loadStudy(SEED);
    const { jobs, unselected } = buildJobs(plan!);
    expect(jobs).toHaveLength(45);
    expect(jobs[0]).toMatchObject({ name: "baseline", kind: "baseline", devices: ["/dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000"] });
    expect(jobs.slice(1).map((j) => j.name)).toEqual(plan!.scenarios.map((s) => s.name));
    expect(jobs.filter((j) => j.host.name === "jokers").map((j) => j.name)).toEqual(["raidz1-zvol-ext4-qcow2-writeback-virtio", "raidz1-zfs-qcow2-writeback-virtio"]);
    expect(jobs.filter((j) => j.host.name === "test-system")).toHaveLength(43);
    expect(jobs.every((j) => j.onDefaultHost)).toBe(true);
    expect(unselected).toEqual([]);
  });

  it("--only filters by picomatch glob, the baseline included only when it matches", () => {
    const { plan } = parseStudy(ONE_HOST_STUDY, "s.yaml");
    const { jobs, unselected } = buildJobs(plan!, { only: "raw-*-virtio" });
    expect(jobs.map((j) => j.name)).toEqual(["raw-none-virtio", "raw-writeback-virtio"]);
    expect(unselected).toEqual(["baseline", "raw-none-sata", "raw-writeback-sata"]);
  });

  it("spreads scenarios over hosts: fewest jobs on the scenario's devices, ties to the host listed first", () => {
    const { plan } = parseStudy(TWO_HOST_STUDY, "s.yaml");
    const { jobs } = buildJobs(plan!);
    expect(formatSchedule(jobs)).toEqual([
      "1. baseline                 on kvm1  /dev/disk/by-id/ata-TEST_SSD",
      "2. raw-none-virtio          on kvm2  /dev/disk/by-id/ata-OTHER_SSD  (moved from the study's first allowed host)",
      "3. raw-none-sata            on kvm1  /dev/disk/by-id/ata-TEST_SSD",
      "4. raw-writeback-virtio     on kvm2  /dev/disk/by-id/ata-OTHER_SSD  (moved from the study's first allowed host)",
      "5. raw-writeback-sata       on kvm1  /dev/disk/by-id/ata-TEST_SSD",
      "6. raw-writethrough-virtio  on kvm2  /dev/disk/by-id/ata-OTHER_SSD  (moved from the study's first allowed host)",
      "7. raw-writethrough-sata    on kvm1  /dev/disk/by-id/ata-TEST_SSD",
      "7 stacks: 4 on kvm1, 3 on kvm2",
    ]);
  });

  it("keeps a scenario on the only host that allows it", () => {
    const text = TWO_HOST_STUDY.replace("devices: { ssd: /dev/disk/by-id/ata-OTHER_SSD } }", 'devices: { ssd: /dev/disk/by-id/ata-OTHER_SSD }, openZfsVersion: "0.7" }')
      .replace("  raw: { kind: block, device: ssd }", "  raw: { kind: block, device: ssd }\n  zfs: { kind: image, format: raw, size: 1GiB, dataset: { pool: { devices: [ssd] } } }")
      .replace("storage: [raw], cache: [none, writeback, writethrough], bus: [virtio, sata]", "storage: [zfs], cache: [none], bus: [virtio, sata]");
    const { plan, errors } = parseStudy(text, "s.yaml");
    expect(errors).toEqual([]);
    expect(buildJobs(plan!).jobs.map((j) => `${j.name}@${j.host.name}`)).toEqual(["baseline@kvm1", "zfs-none-virtio@kvm1", "zfs-none-sata@kvm1"]);
  });
});

describe("runScheduled", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("holds every device of a multi-device job and keeps per-device order", async () => {
    const claims: Record<string, string[]> = { a: ["x"], b: ["y"], ab: ["x", "y"], a2: ["x"], b2: ["y"] };
    const log: string[] = [];
    const busy = new Set<string>();
    await runScheduled(Object.keys(claims), {
      claims: (job) => claims[job],
      mayStart: () => true,
      run: async (job) => {
        for (const c of claims[job]) {
          expect(busy.has(c)).toBe(false);
          busy.add(c);
        }
        log.push(`start ${job}`);
        await sleep(job === "a" ? 30 : 10);
        claims[job].forEach((c) => busy.delete(c));
        log.push(`end ${job}`);
        return { releaseDevices: true };
      },
    });
    // a and b start together; b2 must not overtake ab on y; ab waits for a; a2 and b2 follow ab
    expect(log.slice(0, 2)).toEqual(["start a", "start b"]);
    expect(log.indexOf("start ab")).toBeGreaterThan(log.indexOf("end a"));
    expect(log.indexOf("start b2")).toBeGreaterThan(log.indexOf("end ab"));
    expect(log.indexOf("start a2")).toBeGreaterThan(log.indexOf("end ab"));
  });

  it("reports jobs whose devices stay held as blocked, and stops starting when told", async () => {
    const outcome = await runScheduled(["a", "b", "c"], {
      claims: (job) => (job === "c" ? ["y"] : ["x"]),
      mayStart: () => true,
      run: async (job) => ({ releaseDevices: job !== "a" }),
    });
    expect([...outcome.blocked]).toEqual([["b", ["x"]]]);
    expect(outcome.notStarted).toEqual([]);
    let started = 0;
    const stopped = await runScheduled(["a", "b"], { claims: () => ["x"], mayStart: () => started === 0, run: async () => (started++, { releaseDevices: true }) });
    expect(stopped.notStarted).toEqual(["b"]);
  });
});
