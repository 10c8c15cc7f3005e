import { readFileSync } from "node:fs";
import { TEST_IDS } from "../../results/benchmark-tests";
import { ResultInputError } from "../../results/errors";
import { fioBlockSize, parseFioSize, parseFioWorkload } from "../../results/fio-options";
import { parseFioJsonText, parseFioOutput } from "../../results/fio-parser";
import { makeRawFioStudy, type RawFioStudy } from "../fixtures/results/fio-study";

interface RawJob {
  jobname: string;
  job_runtime: number;
  read: { bw_bytes: number; iops: number; lat_ns: { mean: number; max: number }; clat_ns: { percentile: Record<string, number> } };
  write: { bw_bytes: number; iops: number; lat_ns: { mean: number; max: number }; clat_ns: { percentile: Record<string, number> } };
}

let study: RawFioStudy;
let raw: { jobs: RawJob[] };

beforeAll(async () => {
  study = await makeRawFioStudy();
  raw = JSON.parse(readFileSync(study.baseline, "utf8")) as { jobs: RawJob[] };
});

describe("fio JSON parser on output of the real fio", () => {
  test("recognises every profile test from rw and bs (job or global), not from job names", () => {
    const parsed = parseFioJsonText(readFileSync(study.baseline, "utf8"), study.baseline);
    expect([...parsed.figures.keys()].sort()).toEqual([...TEST_IDS].sort());
    // job "seq-read" is really a random read at 8 KiB: skipped, and said so
    expect(parsed.warnings).toEqual([expect.stringContaining('job 11 "seq-read" is a random read at 8192 B, not a profile test')]);
  });

  test("figures are fio's own numbers in MB/s, IOPS and milliseconds", () => {
    const parsed = parseFioOutput(raw, "baseline");
    const byName = (name: string): RawJob => raw.jobs.find((job) => job.jobname === name) as RawJob;
    const seqRead = byName("a").read; // rw=read bs=1m
    expect(parsed.figures.get("seq-read")).toEqual({
      mbPerSecond: seqRead.bw_bytes / 1e6,
      iops: seqRead.iops,
      meanLatencyMs: seqRead.lat_ns.mean / 1e6,
      // completion latency percentiles; a percentile (the upper edge of fio's bin) never above the slowest I/O
      p50LatencyMs: Math.min(seqRead.clat_ns.percentile["50.000000"] as number, seqRead.lat_ns.max) / 1e6,
      p99LatencyMs: Math.min(seqRead.clat_ns.percentile["99.000000"] as number, seqRead.lat_ns.max) / 1e6,
      p999LatencyMs: Math.min(seqRead.clat_ns.percentile["99.900000"] as number, seqRead.lat_ns.max) / 1e6,
      maxLatencyMs: seqRead.lat_ns.max / 1e6,
      seconds: byName("a").job_runtime / 1000,
    });
    // no steady-state detection in this job file: nothing said about it
    expect(parsed.figures.get("rand-write-4k")?.mbPerSecond).toBe(byName("d").write.bw_bytes / 1e6); // bs from [global]
    expect(parsed.figures.get("rand-read-512")?.iops).toBe(byName("e").read.iops);
    expect(parsed.figures.get("rand-read-64k")?.mbPerSecond).toBe(byName("g").read.bw_bytes / 1e6); // bs=64KiB
    expect(parsed.figures.get("rand-write-1m")?.mbPerSecond).toBe(byName("j").write.bw_bytes / 1e6);
    for (const figures of parsed.figures.values()) expect(figures.mbPerSecond).toBeGreaterThan(0);
  });

  test("a job's steady state: fio's attained flag and criterion; several jobs of one test are steady only together", () => {
    const job = (name: string, attained: number) => ({
      jobname: name,
      job_runtime: attained ? 16_000 : 60_000,
      "job options": { rw: "randread", bs: "4k" },
      read: { io_bytes: 4096, bw_bytes: 4e6, iops: 1000, total_ios: 1, lat_ns: { mean: 1e6 } },
      steadystate: { ss: "bw_slope:1.000000%", duration: 10, attained, criterion: "0.5%", max_deviation: 0, slope: 0 },
    });
    const one = parseFioOutput({ "fio version": "fio-3.33", jobs: [job("a", 1)] }, "one").figures.get("rand-read-4k");
    expect(one).toMatchObject({ seconds: 16, steadyState: { attained: true, criterion: "bw_slope:1.000000%" } });
    const two = parseFioOutput({ "fio version": "fio-3.33", jobs: [job("a", 1), job("b", 0)] }, "two").figures.get("rand-read-4k");
    expect(two).toMatchObject({ seconds: 60, steadyState: { attained: false } });
  });

  test("notes fio prints before the JSON document are skipped", () => {
    const text = `note: both iodepth >= 1 and synchronous I/O engine are selected, queue depth will be capped at 1\n${readFileSync(study.baseline, "utf8")}`;
    expect(parseFioJsonText(text, "noisy.json").figures.size).toBe(TEST_IDS.length);
  });
});

describe("fio JSON parser on bad input", () => {
  test("text that is not JSON names the file and what was expected", () => {
    expect(() => parseFioJsonText("fio: failed to open job file", "out.txt")).toThrow(ResultInputError);
    expect(() => parseFioJsonText("fio: failed to open job file", "out.txt")).toThrow(
      /^out\.txt: not fio JSON output .*expected the output of `fio --output-format=json`/,
    );
  });

  test("JSON that is not fio output is refused", () => {
    expect(() => parseFioOutput({ hello: "world" }, "other.json")).toThrow(/other\.json: not fio JSON output; expected .*"fio version" and "jobs"/);
  });

  test("mixed and trim workloads are skipped with a warning", () => {
    const document = { "fio version": "fio-3.33", "global options": { bs: "4k" }, jobs: [{ jobname: "m", "job options": { rw: "randrw" } }] };
    const parsed = parseFioOutput(document, "mixed.json");
    expect(parsed.figures.size).toBe(0);
    expect(parsed.warnings[0]).toMatch(/rw=randrw, not a single read or write test/);
  });
});

describe("fio options", () => {
  test.each([
    ["512", 512],
    ["4k", 4096],
    ["4K", 4096],
    ["4KiB", 4096],
    ["64k", 65536],
    ["1m", 1048576],
    ["1MiB", 1048576],
  ])("size %s is %d bytes", (text, bytes) => expect(parseFioSize(text)).toBe(bytes));

  test("kb_base=1000 makes k decimal but KiB stays binary", () => {
    expect(parseFioSize("4k", 1000)).toBe(4000);
    expect(parseFioSize("4KiB", 1000)).toBe(4096);
  });

  test("bs may differ for reads and writes; defaults to 4 KiB", () => {
    expect(fioBlockSize({ bs: "4k,64k" }, "read")).toBe(4096);
    expect(fioBlockSize({ bs: "4k,64k" }, "write")).toBe(65536);
    expect(fioBlockSize({ blocksize: "1m" }, "write")).toBe(1048576);
    expect(fioBlockSize({}, "read")).toBe(4096);
  });

  test("rw with an offset modifier and the readwrite alias", () => {
    expect(parseFioWorkload({ rw: "randread:8" })).toEqual({ kind: "single", direction: "read", pattern: "random" });
    expect(parseFioWorkload({ readwrite: "write" })).toEqual({ kind: "single", direction: "write", pattern: "sequential" });
    expect(parseFioWorkload({})).toEqual({ kind: "single", direction: "read", pattern: "sequential" });
  });
});
