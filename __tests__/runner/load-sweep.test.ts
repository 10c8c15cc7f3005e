/**
 * A load sweep (`benchmark.iodepth` / `numjobs` lists): the job file and the DiskSpd commands run
 * every profile test at each point inside one deploy, the time budget grows with the points, and
 * the percentiles the report reads are always asked for.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchmarkSeconds, plannedTests, QUICK, resolveBenchmark } from "../../domain/profiles";
import { diskspdCommands } from "../../runner/diskspd";
import { fioJobFile, percentileList, TARGET_VARIABLE } from "../../runner/fio-jobfile";
import { parseFioJsonText } from "../../results/fio-parser";
import { freshDirectory } from "../fixtures/results/fio-study";

const sweep = resolveBenchmark({ profile: "quick", iodepth: [1, 4], numjobs: [1, 2] });

function sections(ini: string): Record<string, string>[] {
  return ini
    .split(/\n(?=\[)/)
    .filter((text) => text.startsWith("["))
    .map((text) => Object.fromEntries(text.split("\n").flatMap((line) => (/^\[(.+)\]$/.test(line) ? [["name", line.slice(1, -1)]] : line.includes("=") ? [line.split(/=(.*)/s).slice(0, 2)] : []))));
}

describe("a load sweep", () => {
  it("resolves to every jobs × queue depth point, in the order given", () => {
    expect(sweep.loadPoints).toEqual([
      { iodepth: 1, numjobs: 1 },
      { iodepth: 4, numjobs: 1 },
      { iodepth: 1, numjobs: 2 },
      { iodepth: 4, numjobs: 2 },
    ]);
    expect([sweep.iodepth, sweep.numjobs]).toEqual([1, 1]);
    expect(resolveBenchmark({ profile: "quick" }).loadPoints).toEqual([{ iodepth: 1, numjobs: 1 }]);
    expect(() => resolveBenchmark({ profile: "quick", iodepth: [4, 4] })).toThrow("benchmark iodepth lists a value twice: 4, 4");
    expect(() => resolveBenchmark({ profile: "quick", numjobs: [] })).toThrow("benchmark numjobs must list 1 to 8 values, got 0");
  });

  it("runs the whole profile at each point in turn, each job named for its point, and budgets time for every one", () => {
    const planned = plannedTests(sweep);
    expect(planned.map((entry) => entry.name)).toEqual(
      ["qd1-j1", "qd4-j1", "qd1-j2", "qd4-j2"].flatMap((point) => QUICK.tests.map((test) => `${test.name}-${point}`)),
    );
    expect(benchmarkSeconds(sweep)).toBe(QUICK.tests.length * 4 * sweep.runtimeSeconds * sweep.repeats);
    // without a sweep, the job names and the budget are a single run's
    expect(plannedTests(resolveBenchmark({ profile: "quick" })).map((entry) => entry.name)).toEqual(QUICK.tests.map((test) => test.name));
  });

  it("gives each fio job its own iodepth and numjobs, several jobs reporting as one", () => {
    const ini = fioJobFile(sweep);
    const [global, ...jobs] = sections(ini);
    expect(global).toMatchObject({ iodepth: "1", numjobs: "1" });
    expect(jobs).toHaveLength(16);
    expect(ini).toContain("\n[rand-read-4k-qd4-j2]\nrw=randread\nbs=4k\niodepth=4\nnumjobs=2\ngroup_reporting=1\nstonewall\n");
    expect(jobs.find((job) => job.name === "rand-read-4k-qd4-j1")).not.toHaveProperty("group_reporting");
  });

  it("gives each DiskSpd run its queue depth (-o) and threads (-t)", () => {
    const commands = diskspdCommands(sweep, "diskspd.exe", "#1");
    expect(commands).toHaveLength(16);
    expect(commands.find((command) => command.test === "rand-write-4k-qd4-j2")?.args).toEqual(expect.arrayContaining(["-o4", "-t2", "-r", "-w100"]));
  });

  it("runs in the real fio, and the parser keeps every point, each test's lowest as its figures", () => {
    const dir = freshDirectory("sweep");
    const job = join(dir, "sweep.fio");
    // buffered on a tmpfs, a tenth of a second a test: the points, not the numbers, are under test
    writeFileSync(job, fioJobFile(sweep).replace("\ndirect=1\n", "\ndirect=0\n").replace(/^runtime=\d+$/m, "runtime=100ms"));
    const output = join(dir, "out.json");
    const run = spawnSync("fio", ["--output-format=json", `--output=${output}`, job], { env: { ...process.env, [TARGET_VARIABLE]: join(dir, "target") }, encoding: "utf8" });
    expect(run.status).toBe(0);
    const parsed = parseFioJsonText(readFileSync(output, "utf8"), output);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.points).toHaveLength(16);
    expect(parsed.points.filter((entry) => entry.test === "rand-read-4k").map((entry) => entry.point)).toEqual(sweep.loadPoints);
    const lowest = parsed.points.find((entry) => entry.test === "rand-read-4k" && entry.point.iodepth === 1 && entry.point.numjobs === 1);
    expect(parsed.figures.get("rand-read-4k")).toBe(lowest?.figures);
    for (const entry of parsed.points) expect(entry.figures.p999LatencyMs).toBeGreaterThan(0);
  });
});

describe("the percentiles the report reads", () => {
  it("are fio's default list's; a study's own list gets p50, p99 and p99.9 added", () => {
    expect(fioJobFile(resolveBenchmark({ profile: "quick" }))).not.toContain("percentile_list");
    expect(percentileList("95:99.99")).toBe("50:95:99:99.9:99.99");
    expect(percentileList("50:99:99.9")).toBe("50:99:99.9");
    expect(fioJobFile(resolveBenchmark({ profile: "quick", fioOptions: { percentile_list: "90:99.99" } }))).toContain("\npercentile_list=50:90:99:99.9:99.99\n");
    // fio takes twenty at most: the study's highest give way
    const twenty = Array.from({ length: 20 }, (_, index) => String(index + 1)).join(":");
    expect(percentileList(twenty).split(":")).toHaveLength(20);
    expect(percentileList(twenty).split(":")).toEqual(expect.arrayContaining(["50", "99", "99.9"]));
  });
});
