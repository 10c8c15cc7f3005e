import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeSession } from "../../runner/framing";
import { fioJobFile } from "../../runner/fio-jobfile";
import { resolveBenchmark } from "../../domain/profiles";
import { readFramesFile, requireComplete } from "../../runner/read-frames";
import { HOST_DIR, runScript, tempDir } from "./helpers";

const t = tempDir("host");
afterAll(() => t.cleanup());

function stub(dir: string, name: string, body: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

describe("drop-caches.sh", () => {
  const script = join(HOST_DIR, "drop-caches.sh");

  it("syncs and writes 3 to drop_caches; records it", () => {
    const drop = join(t.dir, "drop_caches");
    writeFileSync(drop, "");
    const r = runScript(script, { KVMBENCH_DROP_CACHES_PATH: drop, KVMBENCH_ZFS_PARAMS_DIR: join(t.dir, "no-zfs") });
    expect(r.status).toBe(0);
    expect(readFileSync(drop, "utf8")).toBe("3\n");
    expect(JSON.parse(r.stdout)).toEqual({ pageCacheDropped: true });
  });

  it("shrinks the ZFS ARC through zfs_arc_max and restores it, and says when the ARC did not get smaller", () => {
    const params = join(t.dir, "zfs-params");
    mkdirSync(params);
    writeFileSync(join(params, "zfs_arc_max"), "0\n");
    const arcstats = join(t.dir, "arcstats");
    writeFileSync(arcstats, "name type data\nsize 4 2147483648\nc_min 4 1073741824\n");
    const record = join(t.dir, "caches.json");
    const r = runScript(script, {
      KVMBENCH_DROP_CACHES_PATH: join(t.dir, "drop2"),
      KVMBENCH_ZFS_PARAMS_DIR: params,
      KVMBENCH_ARCSTATS: arcstats,
      KVMBENCH_ARC_WAIT_SECONDS: "1",
      KVMBENCH_ARC_LOCK: join(t.dir, "arc.lock"),
      KVMBENCH_CACHES_RECORD: record,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(join(params, "zfs_arc_max"), "utf8")).toBe("0\n");
    expect(JSON.parse(readFileSync(record, "utf8"))).toEqual({
      pageCacheDropped: true,
      zfsArc: "left at 2147483648 bytes: zfs_arc_max lowered to 1074790400 (c_min 1073741824), then restored to 0",
      zfsArcBytes: { before: 2147483648, after: 2147483648 },
    });
  });

  it("fails clearly when drop_caches cannot be written", () => {
    const r = runScript(script, { KVMBENCH_DROP_CACHES_PATH: join(t.dir, "missing-dir", "drop_caches") });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cannot write 3 to");
  });
});

describe("host-facts.sh", () => {
  it("reports kernel, QEMU, libvirt, ZFS, CPU and memory as JSON", () => {
    const bin = join(t.dir, "facts-bin");
    stub(bin, "qemu-system-x86_64", 'echo "QEMU emulator version 8.2.2 (Debian 1:8.2.2+ds-0ubuntu1)"');
    stub(bin, "libvirtd", 'echo "libvirtd (libvirt) 10.0.0"');
    const cpuinfo = join(t.dir, "cpuinfo");
    writeFileSync(cpuinfo, "processor\t: 0\nmodel name\t: AMD FX(tm)-8320 Eight-Core Processor\nprocessor\t: 1\nmodel name\t: AMD FX(tm)-8320 Eight-Core Processor\n");
    const meminfo = join(t.dir, "meminfo");
    writeFileSync(meminfo, "MemTotal:       32768000 kB\nMemFree: 1 kB\n");
    const zfsVersion = join(t.dir, "zfs-version");
    writeFileSync(zfsVersion, "2.2.2-0ubuntu9\n");
    const r = runScript(
      join(HOST_DIR, "host-facts.sh"),
      { KVMBENCH_CPUINFO: cpuinfo, KVMBENCH_MEMINFO: meminfo, KVMBENCH_ZFS_VERSION_FILE: zfsVersion },
      bin,
    );
    expect(r.status).toBe(0);
    const facts = JSON.parse(r.stdout);
    expect(facts).toMatchObject({
      kernel: spawnSync("uname", ["-r"], { encoding: "utf8" }).stdout.trim(),
      qemu: "QEMU emulator version 8.2.2 (Debian 1:8.2.2+ds-0ubuntu1)",
      libvirt: "libvirtd (libvirt) 10.0.0",
      zfs: "2.2.2-0ubuntu9",
      cpu: "AMD FX(tm)-8320 Eight-Core Processor (2 threads)",
      memoryBytes: 32768000 * 1024,
    });
    expect(typeof facts.hostname).toBe("string");
    expect(facts.zfsDataset).toBeUndefined();
  });

  it("records the properties of the ZFS dataset or zvol under the disk (zfs get -p), leaving out what this OpenZFS lacks", () => {
    const bin = join(t.dir, "facts-zfs-bin");
    // OpenZFS 2.2 has no `direct`; a zvol's recordsize is "-"; sizes in bytes with -p.
    stub(
      bin,
      "zfs",
      `[ "$1 $2 $3 $4 $5 $7" = "get -H -p -o value tank/vm" ] || { echo "unexpected: $*" >&2; exit 2; }
case "$6" in type) echo volume ;; direct) echo "bad property list: invalid property 'direct'" >&2; exit 2 ;; recordsize) echo - ;; volblocksize) echo 16384 ;; compression) echo "off" ;; sync) echo standard ;; esac`,
    );
    const r = runScript(join(HOST_DIR, "host-facts.sh"), { KVMBENCH_ZFS_DATASET: "tank/vm", KVMBENCH_ZFS_VERSION_FILE: join(t.dir, "none") }, bin);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).zfsDataset).toEqual({ name: "tank/vm", type: "volume", volblocksize: 16384, compression: "off", sync: "standard" });
  });
});

describe("baseline-fio.sh", () => {
  const script = join(HOST_DIR, "baseline-fio.sh");
  const job = join(t.dir, "baseline.fio");
  const device = join(t.dir, "bare-device.img");

  beforeAll(() => {
    writeFileSync(job, fioJobFile(resolveBenchmark({ profile: "quick", sizeBytes: 8 * 1024 * 1024, runtimeSeconds: 1 })));
    spawnSync("truncate", ["-s", "16M", device]);
  });

  const env = (extra: Record<string, string>) => ({
    KVMBENCH_DEVICE: device,
    KVMBENCH_JOB_FILE: job,
    KVMBENCH_OUTPUT: join(t.dir, "baseline.serial.log"),
    KVMBENCH_ALLOW_REGULAR_FILE: "1",
    KVMBENCH_DROP_CACHES_PATH: join(t.dir, "baseline-drop"),
    ...extra,
  });

  it("refuses a device that carries a signature unless wipe is allowed", () => {
    const bin = join(t.dir, "sig-bin");
    stub(bin, "wipefs", 'echo "ext4 0x438"');
    const r = runScript(script, env({}), bin);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`refusing ${device}: it carries data (ext4 0x438;) and the write tests would destroy it`);
    expect(r.stderr).toContain("wipe: true");
    expect(existsSync(join(t.dir, "baseline.serial.log"))).toBe(false);
  });

  it("refuses a device with a real filesystem signature (real wipefs)", () => {
    const img = join(t.dir, "ext4.img");
    spawnSync("truncate", ["-s", "8M", img]);
    const mk = spawnSync("mkfs.ext4", ["-q", "-F", img]);
    if (mk.status !== 0) return; // mkfs.ext4 missing: the stub test above covers the guard
    const r = runScript(script, env({ KVMBENCH_DEVICE: img }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/it carries data \(ext4 0x438/);
  });

  it("refuses a missing device and regular files without the test flag", () => {
    expect(runScript(script, env({ KVMBENCH_DEVICE: join(t.dir, "nope") })).stderr).toContain("it does not exist");
    const r = runScript(script, env({ KVMBENCH_ALLOW_REGULAR_FILE: "0" }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("is not a block device");
  });

  it("runs the profile on a blank device (or a signed one with wipe) and writes frames", () => {
    const bin = join(t.dir, "sig-bin2");
    stub(bin, "wipefs", 'echo "dos 0x1fe"');
    const r = runScript(script, env({ KVMBENCH_WIPE: "1" }), bin);
    expect(r.stderr).toContain("overwriting as allowed by KVMBENCH_WIPE=1");
    expect(r.status).toBe(0);
    const scan = requireComplete(readFramesFile(join(t.dir, "baseline.serial.log")));
    expect(scan.frames.map((f) => f.name)).toEqual(["run-1", "info"]);
    expect(readFileSync(join(t.dir, "baseline-drop"), "utf8")).toBe("3\n");
  });
});

describe("wait-results.sh", () => {
  const script = join(HOST_DIR, "wait-results.sh");
  const ok = encodeSession("s1", [
    { name: "run-1", payload: '{"jobs":[]}' },
    { name: "info", payload: "{}" },
  ]);

  function wait(name: string, log: string | undefined, extra: Record<string, string> = {}, pathPrefix?: string) {
    const dir = join(t.dir, `wait-${name}`);
    mkdirSync(dir);
    const serial = join(dir, "results.serial");
    if (log !== undefined) writeFileSync(serial, log);
    const console = join(dir, "console.log");
    writeFileSync(console, "guest console output\n");
    const r = runScript(
      script,
      {
        KVMBENCH_SERIAL_LOG: serial,
        KVMBENCH_TIMEOUT: "2",
        KVMBENCH_POLL_INTERVAL: "1",
        KVMBENCH_FAILED_FILE: join(dir, "results", "zvol-none-virtio.failed.txt"),
        KVMBENCH_SCENARIO: "zvol-none-virtio",
        KVMBENCH_CONSOLE_LOG: console,
        ...extra,
      },
      pathPrefix,
    );
    return { r, results: join(dir, "results"), serial, console };
  }

  it("ends with 0 once the results are complete and verified", () => {
    const { r } = wait("ok", "boot noise\n" + ok);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("results complete");
  });

  it("fails fast with the guest's error, writes the reason where it is told and names the partial results and console log", () => {
    const failed = encodeSession("s1", [{ name: "error", payload: "no disk with serial 'x' found; refusing to run\n" }], "failed");
    const { r, results, serial, console } = wait("failed", failed);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("scenario zvol-none-virtio: the benchmark failed in the guest: no disk with serial 'x' found");
    expect(r.stderr).toContain(`partial results: ${serial}; guest console: ${console}\n`);
    expect(r.stderr).toContain(`the reason is in ${join(results, "zvol-none-virtio.failed.txt")}`);
    expect(readFileSync(console, "utf8")).toBe("guest console output\n");
    expect(readFileSync(serial, "utf8")).toBe(failed);
    expect(readFileSync(join(results, "zvol-none-virtio.failed.txt"), "utf8")).toContain("failed in the guest");
  });

  it("times out with a clear message when the results stay incomplete", () => {
    const partial = ok.slice(0, ok.indexOf("KVMBENCH-DONE"));
    const { r, results } = wait("timeout", partial);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("timed out after 2s waiting for results (no KVMBENCH-DONE record yet)");
    expect(readFileSync(join(results, "zvol-none-virtio.failed.txt"), "utf8")).toContain("timed out after 2s");
    expect(wait("nofile", undefined).r.stderr).toContain("does not exist yet");
  });

  it("reports corrupt frames", () => {
    const lines = ok.split("\n");
    lines[2] = "e30K"; // wrong payload for the BEGIN's checksum
    const { r } = wait("corrupt", lines.join("\n"));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/results are corrupt: frame 1 \(run-1\): length mismatch: BEGIN says 11 bytes, payload has 3/);
  });

  it("stops waiting when the guest is shut off without results", () => {
    const bin = join(t.dir, "virsh-bin");
    stub(bin, "virsh", 'echo "shut off"');
    const { r } = wait("shutoff", "KVMBENCH-START s1 v1\n", { KVMBENCH_DOMAIN: "kvmbench-zvol", KVMBENCH_TIMEOUT: "600" }, bin);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain("guest kvmbench-zvol is shut off without complete results");
  });

  it("rejects bad parameters", () => {
    const r = runScript(script, { KVMBENCH_SERIAL_LOG: "x", KVMBENCH_TIMEOUT: "soon" });
    expect(r.status).toBe(64);
    expect(r.stderr).toContain("KVMBENCH_TIMEOUT must be a number of seconds");
  });
});
