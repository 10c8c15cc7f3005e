import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { diskspdCommands } from "../../runner/diskspd";
import { fioJobFile } from "../../runner/fio-jobfile";
import { benchmarkSeconds, DEFAULT_STEADY_STATE, getProfile, HDTUNE, resolveBenchmark, waitTimeoutSeconds } from "../../domain/profiles";
import { tempDir } from "./helpers";

const GiB = 1024 ** 3;

function jobs(ini: string): Array<Record<string, string>> {
  const sections: Array<Record<string, string>> = [];
  for (const line of ini.split("\n")) {
    const header = /^\[(.+)\]$/.exec(line);
    if (header) sections.push({ name: header[1] });
    else if (sections.length && /^[a-z_]+(=|$)/.test(line)) {
      const [k, v] = line.split("=");
      sections[sections.length - 1][k] = v ?? "";
    }
  }
  return sections;
}

describe("profiles", () => {
  it("hdtune covers the seed's tests: random read/write at 512 B-1 MiB, sequential read/write", () => {
    const tests = HDTUNE.tests.map((t) => `${t.rw}/${t.blockSize}`);
    expect(tests).toEqual([
      "write/1048576",
      "read/1048576",
      "randread/512",
      "randread/4096",
      "randread/65536",
      "randread/1048576",
      "randwrite/512",
      "randwrite/4096",
      "randwrite/65536",
      "randwrite/1048576",
    ]);
    expect(HDTUNE.defaultSizeBytes).toBe(5 * GiB);
  });

  it("rejects unknown profiles and bad numbers", () => {
    expect(() => getProfile("iometer")).toThrow('unknown benchmark profile "iometer": use one of hdtune, quick');
    expect(() => resolveBenchmark({ profile: "hdtune", repeats: 0 })).toThrow("repeats must be a positive integer");
    expect(() => resolveBenchmark({ profile: "hdtune", sizeBytes: 1000 })).toThrow("whole number of MiB");
  });

  it("estimates the wait timeout from the profile", () => {
    const b = resolveBenchmark({ profile: "hdtune", sizeBytes: 5 * GiB, repeats: 3 });
    expect(benchmarkSeconds(b)).toBe(10 * 60 * 3);
    expect(waitTimeoutSeconds(b, 600)).toBe(1800 * 1.5 + 600);
  });
});

describe("fio job file", () => {
  const benchmark = resolveBenchmark({ profile: "hdtune", sizeBytes: 5 * GiB, repeats: 3, fioOptions: { ramp_time: 2 } });
  const ini = fioJobFile(benchmark);

  it("has direct I/O, libaio, the size and the study's options in [global], target from the environment", () => {
    const [global] = jobs(ini);
    expect(global).toMatchObject({
      name: "global",
      filename: "${KVMBENCH_TARGET}",
      direct: "1",
      ioengine: "libaio",
      iodepth: "1",
      size: String(5 * GiB),
      runtime: "60",
      ramp_time: "2",
    });
  });

  it("ends each hdtune test once steady (the default), bounded by the runtime; quick runs without", () => {
    const [global] = jobs(ini);
    expect(benchmark.steadyState).toEqual(DEFAULT_STEADY_STATE);
    expect(global).toMatchObject({ steadystate: "bw_slope:1%", steadystate_duration: "10", steadystate_ramp_time: "5", runtime: "60" });
    expect(fioJobFile(resolveBenchmark({ profile: "quick" }))).not.toContain("steadystate");
    expect(fioJobFile(resolveBenchmark({ profile: "hdtune", steadyState: false }))).not.toContain("steadystate");
    const own = jobs(fioJobFile(resolveBenchmark({ profile: "hdtune", steadyState: { criterion: "iops:5%", windowSeconds: 20 } })))[0];
    expect(own).toMatchObject({ steadystate: "iops:5%", steadystate_duration: "20", steadystate_ramp_time: "5" });
  });

  it("refuses steady-state settings fio would not take or that do not fit the runtime", () => {
    expect(() => resolveBenchmark({ profile: "hdtune", steadyState: { criterion: "bandwidth:2%" } })).toThrow('steady-state criterion "bandwidth:2%" is not fio\'s');
    expect(() => resolveBenchmark({ profile: "quick", steadyState: true })).toThrow(
      "steady-state ramp (5 s) and window (10 s) do not fit in the test's runtime (1 s): shorten them or turn steady state off",
    );
    expect(() => resolveBenchmark({ profile: "hdtune", steadyState: { windowSeconds: 0 } })).toThrow("steady-state window must be a positive integer");
    expect(() => fioJobFile(resolveBenchmark({ profile: "hdtune", fioOptions: { ss_dur: 5 } }))).toThrow("set benchmark.steadyState instead");
  });

  it("gives every job an explicit rw and bs and runs them one after another", () => {
    const js = jobs(ini).slice(1);
    expect(js).toHaveLength(10);
    for (const j of js) {
      expect(j.rw).toMatch(/^(read|write|randread|randwrite)$/);
      expect(j.bs).toMatch(/^(512|4k|64k|1m)$/);
      expect(j).toHaveProperty("stonewall");
    }
    expect(js.find((j) => j.name === "rand-read-512")).toMatchObject({ rw: "randread", bs: "512" });
  });

  it("is accepted by fio itself (fio --parse-only)", () => {
    const t = tempDir("jobfile");
    try {
      const path = join(t.dir, "hdtune.fio");
      writeFileSync(path, ini);
      const r = spawnSync("fio", ["--parse-only", path], {
        env: { ...process.env, KVMBENCH_TARGET: join(t.dir, "disk") },
        encoding: "utf8",
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it("refuses study options that would change the target, the tests or the owned settings", () => {
    const with_ = (fioOptions: Record<string, string | number | boolean>) =>
      fioJobFile(resolveBenchmark({ profile: "quick", fioOptions }));
    expect(() => with_({ filename: "/dev/sda" })).toThrow('fio option "filename" cannot be set by the study');
    expect(() => with_({ bs: "8k" })).toThrow('fio option "bs" cannot be set by the study');
    expect(() => with_({ iodepth: 32 })).toThrow('set benchmark.iodepth instead');
    expect(() => with_({ ramp_time: "2\nfilename=/dev/sda" })).toThrow('fio option ramp_time: "2\nfilename=/dev/sda" is not a time');
    expect(() => with_({ exec_prerun: "touch /tmp/x" })).toThrow('fio option "exec_prerun" is refused: it runs a command');
    expect(with_({ refill_buffers: true, end_fsync: false })).toContain("refill_buffers=1\nend_fsync=0\n");
  });
});

describe("DiskSpd command lines", () => {
  it("are the equivalent tests: block size, random/sequential, read/write, direct, size, runtime", () => {
    const b = resolveBenchmark({ profile: "hdtune", sizeBytes: 5 * GiB, runtimeSeconds: 30 });
    const cmds = diskspdCommands(b, "C:\\kvmbench\\diskspd.exe", "#1");
    expect(cmds.map((c) => c.test)).toEqual(HDTUNE.tests.map((t) => t.name));
    expect(cmds.find((c) => c.test === "rand-write-4k")?.commandLine).toBe(
      "C:\\kvmbench\\diskspd.exe -b4K -r -w100 -o1 -t1 -d30 -W0 -C0 -Su -L -f5G -Rxml #1",
    );
    expect(cmds.find((c) => c.test === "seq-read-1m")?.args).toEqual(
      expect.arrayContaining(["-b1M", "-si", "-w0", "-f5G", "#1"]),
    );
    expect(cmds.find((c) => c.test === "rand-read-512")?.args[0]).toBe("-b512");
  });
});
