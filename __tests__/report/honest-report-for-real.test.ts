/**
 * `kvmbench report` on real fio results from loop devices: the baseline and a direct-I/O
 * scenario each on a loop device that passes direct I/O to the disk under its backing file, and
 * a buffered scenario (direct=0: the host's page cache in the loop, as with cache=writeback).
 * The report must mark the buffered figures above the baseline, show the spread of the repeats,
 * and draw its charts with no label clipped.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import type { BenchmarkRun } from "../../results/result-file";
import { fioJobFile, TARGET_VARIABLE } from "../../runner/fio-jobfile";
import { resolveBenchmark } from "../../domain/profiles";
import { writeResultFile } from "../fixtures/results/fio-study";
import { kvmbench } from "../cli/run-bin";
import { chartTexts, clippedTexts, launchChromium, ROUND_LABEL } from "./support/chromium";

const canRun = process.getuid?.() === 0 && spawnSync("losetup", ["--version"]).status === 0 && spawnSync("fio", ["--version"]).status === 0;
const describeLoop = canRun ? describe : describe.skip;
jest.setTimeout(300_000);

const MiB = 1024 ** 2;
// On a disk, not a tmpfs: the loop devices pass direct I/O through to their backing files.
const work = mkdtempSync("/var/tmp/kvmbench-honest-report-");
const loops: string[] = [];
const BUFFERED = "ext4-qcow2-writeback-virtio";
const DIRECT = "raw-none-virtio";

function loopDevice(name: string): string {
  const file = join(work, `${name}.img`);
  execFileSync("fallocate", ["-l", "80M", file]);
  const loop = execFileSync("losetup", ["-f", "--show", "--direct-io=on", file], { encoding: "utf8" }).trim();
  loops.push(loop);
  return loop;
}

/** The hdtune profile, small: 64 MiB, at most 1 s a test, direct or buffered. */
function jobFile(name: string, direct: boolean): string {
  const text = fioJobFile(resolveBenchmark({ profile: "hdtune", sizeBytes: 64 * MiB, runtimeSeconds: 1, steadyState: false }));
  const path = join(work, `${name}.fio`);
  writeFileSync(path, direct ? text : text.replace("\ndirect=1\n", "\ndirect=0\n"));
  return path;
}

function runs(job: string, device: string, repeats: number): BenchmarkRun[] {
  return Array.from({ length: repeats }, (_, index) => {
    const output = join(work, `${device.replace(/\W/g, "")}-${index}.json`);
    execFileSync("fio", ["--output-format=json", `--output=${output}`, job], { env: { ...process.env, [TARGET_VARIABLE]: device } });
    return { repeat: index + 1, tool: "fio", output: JSON.parse(readFileSync(output, "utf8")) as unknown };
  });
}

afterAll(() => {
  for (const loop of loops) spawnSync("losetup", ["-d", loop]);
  if (!process.env.KEEP_WORK) rmSync(work, { recursive: true, force: true });
});

describeLoop("kvmbench report on fio results from loop devices, one scenario buffered", () => {
  const results = join(work, "results");
  let context: BrowserContext | undefined;

  beforeAll(() => {
    mkdirSync(results);
    const direct = jobFile("direct", true);
    writeResultFile(results, "baseline", "baseline", { device: "loop" }, runs(direct, loopDevice("baseline"), 1));
    writeResultFile(results, DIRECT, "scenario", { storageName: "raw", attachment: { cache: "none", bus: "virtio" }, host: { accelerator: "kvm" } }, runs(direct, loopDevice("direct"), 2));
    writeResultFile(results, BUFFERED, "scenario", { storageName: "ext4-qcow2", attachment: { cache: "writeback", bus: "virtio" } }, runs(jobFile("buffered", false), loopDevice("buffered"), 2));
  });

  afterAll(async () => {
    await context?.close();
  });

  it("marks the buffered figures above the baseline and explains them", async () => {
    const outcome = await kvmbench("report", results, "--json", "--out", join(results, "report"));
    expect(outcome.code).toBe(0);
    const json = JSON.parse(outcome.stdout) as { aboveBaseline: { scenario: string; test: string; ratio: number }[] };
    const buffered = json.aboveBaseline.filter((figure) => figure.scenario === BUFFERED);
    // small writes land in the host's page cache: many times what the disk under the loop device takes
    expect(buffered.find((figure) => figure.test === "rand-write-4k")?.ratio).toBeGreaterThan(3);
    for (const figure of buffered) expect(figure.ratio).toBeGreaterThan(1);

    const summary = readFileSync(join(results, "report", "summary.md"), "utf8");
    expect(summary).toContain("## Before you read the numbers");
    expect(summary).toContain(`  - ${BUFFERED}: `);
    const table = summary.split("## MB/s per test (median, min–max across repeats)")[1] ?? "";
    const header = table.split("\n").find((line) => line.startsWith("| scenario |"))?.split(" | ") ?? [];
    const row = table.split("\n").find((line) => line.startsWith(`| ${BUFFERED} |`))?.split(" | ") ?? [];
    expect(row[header.indexOf("Random write 4 KiB")]).toMatch(/^\S+ \(\S+–\S+\) ▲/);
  });

  it("shows each test's spread across the repeats", () => {
    const summary = readFileSync(join(results, "report", "summary.md"), "utf8");
    const table = summary.split("## MB/s per test (median, min–max across repeats)")[1] ?? "";
    const directRow = table.split("\n").find((line) => line.startsWith(`| ${DIRECT} |`)) ?? "";
    expect(directRow.match(/\d \(\d[\d.]*–\d[\d.]*\)/g)).toHaveLength(10);
  });

  it("draws its charts with no label clipped (HTML in Chromium, screenshot)", async () => {
    context = await launchChromium();
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(results, "report", "report.html")).href, { waitUntil: "load" });
    const texts = await chartTexts(page);
    expect(clippedTexts(texts)).toEqual([]);
    for (const text of texts.map((t) => t.text.trim()).filter((t) => /^[\d,.]+$/.test(t))) expect(text).toMatch(ROUND_LABEL);
    const shot = await page.screenshot({ path: join(work, "report.png"), fullPage: true });
    expect(shot.length).toBeGreaterThan(50_000);
  });
});
