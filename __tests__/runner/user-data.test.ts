import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { GUEST_SCRIPT_PATH, linuxUserData } from "../../runner/cloud-init";
import { fioJobFile } from "../../runner/fio-jobfile";
import { resolveBenchmark } from "../../domain/profiles";
import { windowsUserData } from "../../runner/windows-user-data";
import { tempDir } from "./helpers";

const benchmark = resolveBenchmark({ profile: "hdtune", sizeBytes: 5 * 1024 ** 3, repeats: 3 });

describe("Linux cloud-init user-data", () => {
  const userData = linuxUserData({ benchmark, diskSerial: "kvmb-raw-none" });

  it("passes `cloud-init schema --config-file`", () => {
    const t = tempDir("cloud-init");
    try {
      const file = join(t.dir, "user-data");
      writeFileSync(file, userData);
      const r = spawnSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8" });
      expect(`${r.stdout}${r.stderr}`).toContain("Valid cloud-config");
      expect(r.status).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it("installs fio, writes the job file and script, runs the script with serial and port", () => {
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    const doc = parse(userData) as {
      packages: string[];
      write_files: Array<{ path: string; content: string; permissions: string }>;
      runcmd: string[][];
    };
    expect(doc.packages).toEqual(["fio"]);
    expect(doc.write_files.find((f) => f.path === "/opt/kvmbench/benchmark.fio")?.content).toBe(fioJobFile(benchmark));
    const script = doc.write_files.find((f) => f.path === "/opt/kvmbench/run-benchmark.sh");
    expect(script?.content).toBe(readFileSync(GUEST_SCRIPT_PATH, "utf8"));
    expect(script?.permissions).toBe("0755");
    expect(doc.runcmd).toEqual([
      [
        "env",
        "KVMBENCH_DISK_SERIAL=kvmb-raw-none",
        "KVMBENCH_JOB_FILE=/opt/kvmbench/benchmark.fio",
        "KVMBENCH_REPEATS=3",
        "KVMBENCH_PORT=/dev/ttyS1",
        "KVMBENCH_NO_POWEROFF=0",
        "bash",
        "/opt/kvmbench/run-benchmark.sh",
      ],
    ]);
  });

  it("refuses serials the guest could not find", () => {
    expect(() => linuxUserData({ benchmark, diskSerial: "xfs-qcow2-writeback-virtio" })).toThrow(
      "virtio-blk keeps only 20",
    );
    expect(() => linuxUserData({ benchmark, diskSerial: "a b" })).toThrow("may only contain");
  });
});

describe("Windows cloudbase-init user-data", () => {
  const ps = windowsUserData({ benchmark, diskSerial: "kvmb-raw-none", diskspdDownloadUrl: "https://example.org/DiskSpd.zip" });

  it("is a PowerShell script for cloudbase-init that finds the disk by serial and writes frames to COM2", () => {
    expect(ps.split("\n")[0]).toBe("#ps1_sysnative");
    expect(ps).toContain("$Serial = 'kvmb-raw-none'");
    expect(ps).toContain("$_.SerialNumber.Trim() -eq $Serial");
    expect(ps).toContain("$PortName = 'COM2'");
    expect(ps).toContain("$DownloadUrl = 'https://example.org/DiskSpd.zip'");
    expect(ps).toContain('Send-Line "KVMBENCH-START $Session v1"');
    expect(ps).toContain('Send-Line "KVMBENCH-DONE $Session $($script:Seq) $Status"');
    expect(ps).toContain("Stop-Computer -Force");
  });

  it("runs the DiskSpd equivalent of every profile test", () => {
    for (const test of benchmark.profile.tests) expect(ps).toContain(`Name = '${test.name}'`);
    expect(ps).toContain("@{ Name = 'rand-read-4k'; Args = @('-b4K', '-r', '-w0', '-o1', '-t1', '-d60', '-W0', '-C0', '-Su', '-L', '-f5G', '-Rxml') }");
  });

  it("does not download DiskSpd unless the study allows it", () => {
    expect(windowsUserData({ benchmark, diskSerial: "s1" })).toContain("$DownloadUrl = ''");
  });
});
