/**
 * Finding 2 of issue 12: the fio options a study may set are an allowlist of options that
 * shape the measured I/O. Every one of them is an option the real fio accepts, and none of
 * the options that run commands or touch files gets through to a job file.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALLOWED_FIO_OPTIONS, fioOptionNameProblem, fioOptionSample } from "../../runner/fio-allowlist";
import { fioJobFile } from "../../runner/fio-jobfile";
import { resolveBenchmark } from "../../domain/profiles";

const hasFio = spawnSync("fio", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "kvmbench-fio-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const studyOptions = Object.keys(ALLOWED_FIO_OPTIONS).filter((name) => name !== "iodepth" && name !== "ioengine");

(hasFio ? it : it.skip).each(["libaio", "io_uring"])("every allowed option, with ioengine=%s, is one the real fio parses", (ioengine) => {
  const fioOptions = Object.fromEntries(studyOptions.map((name) => [name, fioOptionSample(name)]));
  const jobFile = join(dir, `${ioengine}.fio`);
  writeFileSync(jobFile, fioJobFile(resolveBenchmark({ profile: "quick", ioengine, fioOptions })));
  const parsed = spawnSync("fio", ["--parse-only", jobFile], { encoding: "utf8", env: { ...process.env, KVMBENCH_TARGET: join(dir, "target") } });
  expect(parsed.stderr).toBe("");
  expect(parsed.status).toBe(0);
});

it.each([
  "exec_prerun",
  "exec_postrun",
  "write_iolog",
  "read_iolog",
  "write_bw_log",
  "write_lat_log",
  "write_iops_log",
  "write_hist_log",
  "trigger",
  "trigger_file",
  "trigger_remote",
  "filename",
  "directory",
  "opendir",
  "output",
  "allow_mounted_write",
  "lockfile",
  "verify_dump",
  "exec_anything",
])("%s is refused by name", (name) => {
  expect(fioOptionNameProblem(name)).toMatch(new RegExp(`fio option "${name}" is refused: `));
  expect(() => fioJobFile(resolveBenchmark({ profile: "quick", fioOptions: { [name]: "x" } }))).toThrow();
});

it("values cannot carry fio's ${VAR} expansion, paths or more lines", () => {
  for (const value of ["${HOME}", "1\nexec_prerun=touch /tmp/x", "/dev/sda", "4;rm"]) {
    expect(() => fioJobFile(resolveBenchmark({ profile: "quick", fioOptions: { ramp_time: value } }))).toThrow(/is not a time/);
  }
});
