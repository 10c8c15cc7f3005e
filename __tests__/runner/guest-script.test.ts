import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assembleResult, writeResultFile } from "../../runner/collect";
import { collectMain } from "../../runner/collect-cli";
import { fioJobFile } from "../../runner/fio-jobfile";
import { resolveBenchmark } from "../../domain/profiles";
import { FrameError, readFramesFile, requireComplete } from "../../runner/read-frames";
import { ResultFile } from "../../results/result-file";
import { GUEST_SCRIPT, runScript, tempDir } from "./helpers";

const MiB = 1024 * 1024;
const SERIAL = "kvmb-disk-01";

interface FioJob {
  jobname: string;
  "job options": { rw: string; bs: string };
  read: { iops: number; io_bytes: number };
  write: { iops: number; io_bytes: number };
}

/** A stand-in guest: a by-id directory with `virtio-<serial>` -> a disk, a port file, a job file. */
function standIn(dir: string, disk: string): Record<string, string> {
  const byId = join(dir, "by-id");
  mkdirSync(byId);
  symlinkSync(disk, join(byId, `virtio-${SERIAL}`));
  symlinkSync(disk, join(byId, `virtio-${SERIAL}-part1`)); // partitions are never chosen
  const job = join(dir, "quick.fio");
  writeFileSync(job, fioJobFile(resolveBenchmark({ profile: "quick", sizeBytes: 8 * MiB, runtimeSeconds: 1 })));
  writeFileSync(join(dir, "drop_caches"), "");
  return {
    KVMBENCH_DISK_SERIAL: SERIAL,
    KVMBENCH_BY_ID_DIR: byId,
    KVMBENCH_JOB_FILE: job,
    KVMBENCH_REPEATS: "2",
    KVMBENCH_PORT: join(dir, "ttyS1.log"),
    KVMBENCH_NO_POWEROFF: "1",
    KVMBENCH_DROP_CACHES_PATH: join(dir, "drop_caches"),
    KVMBENCH_ALLOW_REGULAR_FILE: "1",
  };
}

function fileDisk(dir: string): string {
  const disk = join(dir, "disk.img");
  writeFileSync(disk, Buffer.alloc(0));
  spawnSync("truncate", ["-s", "16M", disk]);
  return disk;
}

describe("guest runner script, run for real", () => {
  const t = tempDir("guest");
  let env: Record<string, string>;
  let port: string;
  let result: ResultFile;

  beforeAll(() => {
    env = standIn(t.dir, fileDisk(t.dir));
    port = env.KVMBENCH_PORT;
    writeFileSync(port, "[    0.000000] Linux version 6.1.0 (console noise before the runner)\n");
    const r = runScript(GUEST_SCRIPT, env);
    if (r.status !== 0) throw new Error(`runner failed (${r.status}): ${r.stderr}`);
    const scan = requireComplete(readFramesFile(port));
    result = assembleResult({
      scenario: "raw-none-virtio",
      kind: "scenario",
      configuration: { storage: { kind: "block" }, attachment: { bus: "virtio", cache: "none" } },
      host: { kernel: "6.1.0-test" },
      caches: { pageCacheDropped: true },
      scan,
      tools: { kvmbench: "0.1.0" },
    });
  });
  afterAll(() => t.cleanup());

  it("writes frames that verify and assemble into a result file with real fio JSON", () => {
    expect(result.runs.map((r) => [r.repeat, r.tool])).toEqual([
      [1, "fio"],
      [2, "fio"],
    ]);
    for (const run of result.runs) {
      const jobs = (run.output as { jobs: FioJob[] }).jobs;
      expect(jobs.map((j) => `${j["job options"].rw}/${j["job options"].bs}`)).toEqual([
        "write/1m",
        "read/1m",
        "randread/4k",
        "randwrite/4k",
      ]);
      const randRead = jobs.find((j) => j.jobname === "rand-read-4k");
      expect(randRead?.read.iops).toBeGreaterThan(0);
      expect(randRead?.read.io_bytes).toBeGreaterThan(0);
      expect(jobs.find((j) => j.jobname === "seq-write-1m")?.write.io_bytes).toBeGreaterThan(0);
    }
    expect(result.tools).toMatchObject({ kvmbench: "0.1.0", fio: expect.stringMatching(/^fio-3\./) });
    expect(result.guest).toMatchObject({ diskSerial: SERIAL, diskBytes: 16 * MiB, pageCacheDropped: true });
    expect(result.guest?.diskDevice).toMatch(/disk\.img$/);
    expect(Date.parse(result.finishedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
    expect(readFileSync(env.KVMBENCH_DROP_CACHES_PATH, "utf8")).toBe("3\n");
  });

  it("writes <results>/<scenario>.json", () => {
    const path = writeResultFile(join(t.dir, "results"), result);
    expect(path).toBe(join(t.dir, "results", "raw-none-virtio.json"));
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ format: "kvmbench-result", scenario: "raw-none-virtio" });
  });

  it("is collected by collect-cli (what collect.sh runs) with kvmbench's version, package.json's, beside fio's", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    const path = collectMain(["--serial-log", port, "--scenario", "raw-none-virtio", "--results-dir", join(t.dir, "collected")]);
    const written = JSON.parse(readFileSync(path, "utf8")) as ResultFile;
    expect(written.tools).toEqual({ kvmbench: version, fio: expect.stringMatching(/^fio-3\./), guestKernel: expect.any(String) });
    const overridden = collectMain(["--serial-log", port, "--scenario", "raw-none-virtio", "--result-file", join(t.dir, "tool.json"), "--tool", "kvmbench=9.9.9"]);
    expect((JSON.parse(readFileSync(overridden, "utf8")) as ResultFile).tools).toMatchObject({ kvmbench: "9.9.9" });
  });

  it("rejects a truncated frame with a clear message", () => {
    const lines = readFileSync(port, "latin1").split("\n");
    const begin = lines.findIndex((l) => l.startsWith("KVMBENCH-BEGIN") && l.includes(" run-2 "));
    const truncated = join(t.dir, "truncated.log");
    writeFileSync(truncated, [...lines.slice(0, begin + 3), ...lines.slice(lines.findIndex((l) => l.startsWith("KVMBENCH-END") && l.endsWith(" 2")))].join("\n"));
    expect(() => readFramesFile(truncated)).toThrow(
      new RegExp(`^serial log ${truncated}: frame 2 \\(run-2\\) \\(lines \\d+-\\d+\\): length mismatch: BEGIN says \\d+ bytes, payload has \\d+ bytes \\(truncated\\)$`),
    );
    // cut off mid-frame: still running, not corrupt
    const cut = join(t.dir, "cut.log");
    writeFileSync(cut, lines.slice(0, begin + 3).join("\n") + "\n");
    const scan = readFramesFile(cut);
    expect(scan).toMatchObject({ state: "incomplete", reason: expect.stringContaining("frame 2 (run-2) is still being written") });
  });

  it("rejects a corrupted frame with a clear message", () => {
    const text = readFileSync(port, "latin1");
    const corrupted = join(t.dir, "corrupted.log");
    // flip one base64 character inside the first run frame ("jobs" -> "jobz" equivalent)
    const lines = text.split("\n");
    const i = lines.findIndex((l) => l.includes(" run-1 ")) + 5;
    lines[i] = lines[i].slice(0, 10) + (lines[i][10] === "Q" ? "R" : "Q") + lines[i].slice(11);
    writeFileSync(corrupted, lines.join("\n"));
    let error: unknown;
    try {
      readFramesFile(corrupted);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FrameError);
    expect((error as FrameError).message).toMatch(/frame 1 \(run-1\) \(lines \d+-\d+\): sha256 mismatch: BEGIN says [0-9a-f]{64}, payload hashes to [0-9a-f]{64} \(corrupted\)/);
    expect((error as FrameError).detail).toMatchObject({ seq: 1, name: "run-1" });
  });
});

describe("guest runner script refuses", () => {
  const t = tempDir("guest-refuse");
  afterAll(() => t.cleanup());

  function failedRun(sub: string, change: (env: Record<string, string>) => void) {
    const dir = join(t.dir, sub);
    mkdirSync(dir);
    const env = standIn(dir, fileDisk(dir));
    change(env);
    const r = runScript(GUEST_SCRIPT, env);
    return { r, env };
  }

  it("when no disk with that serial exists, and says so on the port", () => {
    const { r, env } = failedRun("missing", (e) => (e.KVMBENCH_DISK_SERIAL = "kvmb-disk-0"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("no disk with serial 'kvmb-disk-0' found");
    const scan = requireComplete(readFramesFile(env.KVMBENCH_PORT));
    expect(scan.status).toBe("failed");
    expect(scan.frames.find((f) => f.name === "error")?.payload.toString()).toContain("refusing to run");
    expect(() =>
      assembleResult({ scenario: "x", kind: "scenario", configuration: {}, host: {}, caches: { pageCacheDropped: true }, scan }),
    ).toThrow("the benchmark of x failed: no disk with serial 'kvmb-disk-0' found");
    expect(readFileSync(env.KVMBENCH_DROP_CACHES_PATH, "utf8")).toBe("");
  });

  it("a regular file unless allowed (a guest disk must be a block device)", () => {
    const { r } = failedRun("file", (e) => delete e.KVMBENCH_ALLOW_REGULAR_FILE);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/disk\.img \(serial kvmb-disk-01\) is not a block device; refusing to run/);
  });

  it("a job file that names its own target", () => {
    const { r } = failedRun("job", (e) => appendFileSync(e.KVMBENCH_JOB_FILE, "[evil]\nfilename=/dev/sda\nrw=write\n"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("must set its target only as filename=${KVMBENCH_TARGET} (found 2 target options)");
  });

  it("without a port, before doing anything", () => {
    const { r } = failedRun("noport", (e) => delete e.KVMBENCH_PORT);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("KVMBENCH_PORT is not set");
  });

  it("powers off when done unless told not to", () => {
    const dir = join(t.dir, "poweroff");
    const { r } = failedRun("poweroff", (e) => {
      e.KVMBENCH_NO_POWEROFF = "0";
      e.KVMBENCH_POWEROFF_CMD = `touch ${dir}/powered-off`;
      e.KVMBENCH_REPEATS = "1";
    });
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, "powered-off"))).toBe(true);
  });
});

const loopAvailable = (() => {
  if (process.getuid?.() !== 0) return false;
  const r = spawnSync("losetup", ["-f"], { encoding: "utf8" });
  return r.status === 0;
})();

(loopAvailable ? describe : describe.skip)("guest runner script on a loop device", () => {
  const t = tempDir("guest-loop");
  let loop = "";
  afterAll(() => {
    if (loop) spawnSync("losetup", ["-d", loop]);
    t.cleanup();
  });

  it("finds the block device by serial and benchmarks it", () => {
    const img = fileDisk(t.dir);
    const r0 = spawnSync("losetup", ["--find", "--show", img], { encoding: "utf8" });
    if (r0.status !== 0) throw new Error(`losetup failed: ${r0.stderr}`);
    loop = r0.stdout.trim();
    const env = standIn(t.dir, loop);
    delete env.KVMBENCH_ALLOW_REGULAR_FILE;
    env.KVMBENCH_REPEATS = "1";
    const r = runScript(GUEST_SCRIPT, env);
    expect(r.stderr).toContain(`disk under test: ${loop}`);
    expect(r.status).toBe(0);
    const scan = requireComplete(readFramesFile(env.KVMBENCH_PORT));
    expect(scan.frames.map((f) => f.name)).toEqual(["run-1", "info"]);
  });
});
