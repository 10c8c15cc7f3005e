import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDiskSpdXml } from "../../results/diskspd-parser";
import { loadResultFile } from "../../results/load-result-file";
import { DISKSPD_FIXTURE, writeResultFile } from "../fixtures/results/fio-study";

const xml = readFileSync(DISKSPD_FIXTURE, "utf8");

describe("DiskSpd -Rxml parser", () => {
  test("the fixture parses to the hand-computed figures", () => {
    const parsed = parseDiskSpdXml(xml, "fixture.xml");
    expect(parsed.warnings).toEqual([]);
    expect([...parsed.figures.keys()]).toEqual(["rand-read-4k", "seq-write"]);

    // 4 KiB random read, two threads over 10 s: (409600000 + 204800000) bytes, 150000 reads
    const randomRead = parsed.figures.get("rand-read-4k");
    expect(randomRead?.mbPerSecond).toBeCloseTo(614_400_000 / 10 / 1e6, 9); // 61.44
    expect(randomRead?.iops).toBeCloseTo(15_000, 9);
    expect(randomRead?.meanLatencyMs).toBeCloseTo((0.3 * 100_000 + 0.6 * 50_000) / 150_000, 9); // 0.4
    expect(randomRead?.p50LatencyMs).toBe(0.35);
    expect(randomRead?.p99LatencyMs).toBe(1.2);
    expect(randomRead?.p999LatencyMs).toBe(2.5);
    expect(randomRead?.maxLatencyMs).toBe(9); // the 100th percentile: the slowest read

    // 1 MiB sequential write (StrideSize, WriteRatio 100), one thread over 5 s
    const sequentialWrite = parsed.figures.get("seq-write");
    expect(sequentialWrite?.mbPerSecond).toBeCloseTo(2_097_152_000 / 5 / 1e6, 9); // 419.4304
    expect(sequentialWrite?.iops).toBeCloseTo(400, 9);
    expect(sequentialWrite?.meanLatencyMs).toBe(2.5);
    expect(sequentialWrite?.p50LatencyMs).toBe(2.4);
    expect(sequentialWrite?.p99LatencyMs).toBe(4.1);
    expect(sequentialWrite?.p999LatencyMs).toBeUndefined(); // no 99.9 bucket in that document
    expect(sequentialWrite?.maxLatencyMs).toBe(7.3);

    // the load: RequestCount (outstanding I/Os per thread) and ThreadsPerFile of the profile's target
    expect(parsed.points.map((entry) => [entry.test, entry.point])).toEqual([
      ["rand-read-4k", { iodepth: 1, numjobs: 2 }],
      ["seq-write", expect.objectContaining({ numjobs: expect.any(Number) })],
    ]);
  });

  test("a mixed read/write target is skipped with a warning", () => {
    const mixed = xml.replace("<WriteRatio>0</WriteRatio>", "<WriteRatio>30</WriteRatio>");
    const parsed = parseDiskSpdXml(mixed, "mixed.xml");
    expect(parsed.figures.has("rand-read-4k")).toBe(false);
    expect(parsed.warnings).toEqual([expect.stringMatching(/mixed\.xml: document 1 timespan 1: target D:\\kvmbench\.dat mixes reads and writes \(WriteRatio 30\)/)]);
  });

  test("not DiskSpd output: clear errors naming the source", () => {
    expect(() => parseDiskSpdXml("<html><body/></html>", "page.xml")).toThrow(/page\.xml: not DiskSpd XML output; expected DiskSpd's -Rxml output/);
    expect(() => parseDiskSpdXml("<Results><Profile>", "cut.xml")).toThrow(/cut\.xml: not DiskSpd XML output \(malformed XML: <Profile> is never closed\)/);
  });

  test("a result file with DiskSpd runs (one document per run, same repeat) loads as one repeat", () => {
    const directory = mkdtempSync(join(tmpdir(), "kvmbench-diskspd-"));
    const [first, second] = xml.split("</Results>").map((part) => `${part.trim()}</Results>`);
    const path = writeResultFile(directory, "zvol-none-ide", "scenario", { storage: "zvol", cache: "none", bus: "ide" }, [
      { repeat: 1, tool: "diskspd", output: first as string },
      { repeat: 1, tool: "diskspd", output: second as string },
    ]);
    const scenario = loadResultFile(path, "scenario");
    expect([...scenario.tests.keys()]).toEqual(["seq-write", "rand-read-4k"]);
    expect(scenario.tests.get("rand-read-4k")?.repeats).toHaveLength(1);
    expect(scenario.tests.get("seq-write")?.statistics.mbPerSecond?.median).toBeCloseTo(419.4304, 9);
  });
});
