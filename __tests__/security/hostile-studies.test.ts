/**
 * The hostile study files of issue 12: each is refused by `kvmbench validate` and by synth with
 * `file:line:column: key.path: <the value and the rule>; expected ...`, no stack trace, and no
 * stacks written (not even an earlier synth's).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { buildStudyApp, StudyFileError } from "../../stacks/app";
import { MAX_SCENARIOS, MAX_STUDY_BYTES, parseStudy } from "../../study";
import { BIN, kvmbench } from "../cli/run-bin";
import { errorAt, errorsOf, study } from "./hostile-study";

const dir = mkdtempSync(join(tmpdir(), "kvmbench-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROOT = resolve(__dirname, "..", "..");

it("the unmodified study is valid (so each case below fails for its one value)", () => {
  expect(parseStudy(study(), "hostile.yaml").errors).toEqual([]);
});

describe("finding 1: Terraform template sequences", () => {
  it.each([
    ["host.workdir", { host: `host: { workdir: "/srv/w\${\\"\\\\u0027\\"};touch /tmp/x;#" }` }, /workdir ".*" has characters other than/],
    ["storage.fs.filesystem.mkfsOptions[0]", { storage: `storage: { fs: { kind: image, format: qcow2, size: 1GiB, filesystem: { type: xfs, device: ssd, mkfsOptions: ["\${path.module}"] } } }` }, /is not an allowed mkfs.xfs option/],
    ["host.uri", { host: `host: { uri: "qemu:///system?x=\${path.module}" }` }, /has parameters: libvirt runs programs, reads files or skips checks by them/],
    ["guest.image", { guest: `guest: { os: linux, image: "https://example.org/\${path.module}.qcow2" }` }, /has characters a URL does not have/],
  ])("%s", (path, overrides, message) => {
    expect(errorAt(study(overrides), path).message).toMatch(message);
  });
});

describe("finding 2: fio options that run commands or touch files", () => {
  it.each(["exec_prerun", "exec_postrun", "write_iolog", "read_iolog", "write_lat_log", "filename", "directory", "trigger", "allow_mounted_write"])("%s", (option) => {
    const error = errorAt(study({ benchmark: `benchmark: { profile: quick, size: 32MiB, fio: { ${option}: "touch /tmp/x" } }` }), `benchmark.fio.${option}`);
    expect(error.message).toMatch(new RegExp(`fio option "${option}" is refused: `));
  });

  it("an ioengine that loads code", () => {
    const error = errorAt(study({ benchmark: "benchmark: { profile: quick, size: 32MiB, fio: { ioengine: 'external:/tmp/evil.so' } }" }), "benchmark.fio.ioengine");
    expect(error.message).toContain('fio option ioengine: "external:/tmp/evil.so" is not one of libaio');
  });

  it("iodepth and ioengine are the runner's own settings: accepted and synthesized (they crashed synth before)", () => {
    const file = join(dir, "iodepth.yaml");
    writeFileSync(file, study({ benchmark: "benchmark: { profile: quick, size: 32MiB, fio: { iodepth: 32, ioengine: io_uring, numjobs: 2 } }" }));
    const { stacks } = buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file, KVMBENCH_RESULTS: join(dir, "results") });
    const baseline = JSON.parse(Testing.synth(stacks[0])) as { resource: { terraform_data: Record<string, { input: Record<string, string> }> } };
    const run = Object.entries(baseline.resource.terraform_data).find(([k]) => k.includes("baseline_run"))![1];
    const job = Buffer.from(run.input.JOB_FILE_BASE64, "base64").toString("utf8");
    expect(job).toContain("iodepth=32\n");
    expect(job).toContain("ioengine=io_uring\n");
    expect(job).toContain("numjobs=2\n");
  });
});

describe("finding 3: mkfs and mount options naming another device or path", () => {
  it.each([
    ["xfs", '["-l", "logdev=/dev/loop9"]', "mkfsOptions[1]", "-l logdev= is refused: it names another device"],
    ["xfs", '["-r", "rtdev=/dev/loop9"]', "mkfsOptions[0]", 'mkfs.xfs option "-r" is refused: a realtime section lives on another device'],
    ["xfs", '["-d", "name=/var/lib/x.img,file"]', "mkfsOptions[1]", "-d name= is refused: it names a host file"],
    ["ext4", '["-J", "device=/dev/loop9"]', "mkfsOptions[1]", "-J device= is refused: it names another device"],
    ["ext4", '["-d", "/etc"]', "mkfsOptions[0]", 'mkfs.ext4 option "-d" is refused: it copies a host directory'],
    ["ext4", '["-E", "root_owner=0:0,offset=4096"]', "mkfsOptions[1]", "-E root_owner= is refused"],
    ["ext4", '["-F"]', "mkfsOptions[0]", 'mkfs.ext4 option "-F" is refused: it forces mkfs past its own checks'],
  ])("%s %s", (type, options, at, message) => {
    const text = study({ storage: `storage: { fs: { kind: image, format: qcow2, size: 1GiB, filesystem: { type: ${type}, device: ssd, mkfsOptions: ${options} } } }` });
    expect(errorAt(text, `storage.fs.filesystem.${at}`).message).toContain(message);
  });

  it.each([
    ["ext4", "journal_path=/dev/loop9", '"journal_path" is not an allowed ext4 mount option'],
    ["xfs", "logdev=/dev/loop9", '"logdev" is not an allowed xfs mount option'],
    ["ext4", "errors=panic", "has a value of the wrong form"],
    ["xfs", "noatime,logdev=/dev/x", "holds several options; give one option per item"],
  ])("%s mount option %s", (type, option, message) => {
    const text = study({ storage: `storage: { fs: { kind: image, format: qcow2, size: 1GiB, filesystem: { type: ${type}, device: ssd, mountOptions: ["${option}"] } } }` });
    expect(errorAt(text, "storage.fs.filesystem.mountOptions[0]").message).toContain(message);
  });
});

describe("finding 4: device paths", () => {
  it.each([
    ["/dev/../some/file", "is not normalised"],
    ["/dev/../etc/passwd", "is not normalised"],
    ["/dev/disk/./by-id/x", "is not normalised"],
    ["/dev//sda", "is not normalised"],
    ["/dev/sda/", "is not normalised"],
    ["/etc/passwd", "is not under /dev/"],
  ])("%s", (path, message) => {
    expect(errorAt(study({ devices: `devices: { ssd: "${path}" }` }), "devices.ssd").message).toContain(message);
  });
});

describe("finding 6: PowerShell quotes in Windows settings", () => {
  it("a typographic quote in diskspd.path is refused", () => {
    const text = study({
      guest: "guest: { os: windows, imageDirectory: /images, image: /images/win.qcow2, virtioWin: /images/virtio-win.iso, diskspd: { path: \"C:\\\\x\u2019; Remove-Item C:\\\\ -Recurse; \u2018.exe\" } }",
    });
    expect(errorAt(text, "guest.diskspd.path").message).toMatch(/is not a Windows path of safe characters/);
  });
});

describe("finding 7: what validate accepts synthesizes, and what synth refuses, validate refuses first", () => {
  it.each([
    ["a quote in the workdir", { host: `host: { workdir: "/srv/it's" }` }, "host.workdir"],
    ["a space in a device path", { devices: `devices: { ssd: "/dev/disk/by-id/ata-A B" }` }, "devices.ssd"],
    ["a ; in a device path", { devices: `devices: { ssd: "/dev/sda;reboot" }` }, "devices.ssd"],
    ['a " in privateKeyFile', { host: `host: { uri: "qemu+ssh://root@kvm1/system", ssh: { host: kvm1, privateKeyFile: '~/.ssh/id"x' } }` }, "host.ssh.privateKeyFile"],
  ])("%s", (_what, overrides, path) => {
    const text = study(overrides);
    errorAt(text, path);
    const file = join(dir, `${path}.yaml`);
    writeFileSync(file, text);
    expect(() => buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file })).toThrow(StudyFileError);
  });

  it("a value the constructs refuse at synth is reported at the scenario's position, without a stack trace", () => {
    const file = join(dir, "construct-refusal.yaml");
    writeFileSync(file, study());
    const validate = jest.spyOn(Host.prototype as unknown as { validate: () => string[] }, "validate").mockReturnValue(["a refusal of the construct"]);
    try {
      expect(() => buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file, KVMBENCH_RESULTS: join(dir, "results") })).toThrow(
        new RegExp(`${file}:9:1: fs-none-virtio: fs-none-virtio/host: a refusal of the construct; expected a study the constructs accept`),
      );
    } finally {
      validate.mockRestore();
    }
  });

  it("synth (the app as cdktf runs it) prints the errors without a stack trace and leaves no stacks behind", () => {
    const project = join(dir, "project");
    const outdir = join(project, "cdktf.out");
    const stale = join(outdir, "stacks", "old-stack");
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, "cdk.tf.json"), "{}");
    writeFileSync(join(outdir, "manifest.json"), "{}");
    const file = join(dir, "synth.yaml");
    writeFileSync(file, study({ host: `host: { workdir: "/srv/it's" }`, devices: `devices: { ssd: "/dev/../etc/passwd" }` }));
    const result = spawnSync(process.execPath, ["--require", "tsx/cjs", join(ROOT, "main.ts")], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, KVMBENCH_STUDY: file, CDKTF_OUTDIR: outdir },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:3:18: host.workdir: workdir "/srv/it's" has characters other than`);
    expect(result.stderr).toContain(`${file}:4:17: devices.ssd: device path "/dev/../etc/passwd" is not normalised`);
    expect(result.stderr).toContain("the study has errors; no stacks were written");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(outdir, "stacks"))).toBe(false);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
  });

  it("kvmbench validate prints every error with its position and exits 1, without a stack trace", async () => {
    const file = join(dir, "validate.yaml");
    writeFileSync(
      file,
      study({
        host: `host: { uri: "qemu+ssh://root@kvm1/system", ssh: { host: kvm1, user: "-oProxyCommand=touch /tmp/x", privateKeyFile: ~/.ssh/id } }`,
        benchmark: "benchmark: { profile: quick, size: 32MiB, fio: { exec_prerun: 'touch /tmp/x' } }",
      }),
    );
    const outcome = await kvmbench("validate", file);
    expect(outcome.code).toBe(1);
    const lines = outcome.stderr.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${file}:3:\\d+: host.ssh.user: ssh user "-oProxyCommand=touch /tmp/x" starts with "-" \\(ssh would read it as an option\\); expected a user name`)),
      expect.stringMatching(new RegExp(`^${file}:7:\\d+: benchmark.fio.exec_prerun: fio option "exec_prerun" is refused: it runs a command`)),
      `${file}: 2 errors`,
    ]);
  });
});

describe("finding 8: SSH destinations, workdirs and the results directory", () => {
  it.each([
    ["user", "-oProxyCommand=x", 'ssh user "-oProxyCommand=x" starts with "-"'],
    ["host", "-oProxyCommand=x", 'ssh host "-oProxyCommand=x" starts with "-"'],
  ])("ssh %s starting with -", (key, value, message) => {
    const ssh = { host: "kvm1", privateKeyFile: "~/.ssh/id", [key]: value };
    const text = study({ host: `host: { uri: "qemu+ssh://root@kvm1/system", ssh: ${JSON.stringify(ssh)} }` });
    expect(errorAt(text, `host.ssh.${key}`).message).toContain(message);
  });

  it.each([
    ["/", '"/" is the root directory'],
    ["/srv/../etc", "is not normalised"],
    ["/srv/kvmbench/", "is not normalised"],
    ["/etc/kvmbench", "is in the system directory /etc"],
    ["/var", "is a system directory shared by the whole host"],
    ["/tmp", "is a system directory shared by the whole host"],
    ["relative/dir", "is not an absolute path"],
  ])("workdir %s", (workdir, message) => {
    expect(errorAt(study({ host: `host: { workdir: "${workdir}" }` }), "host.workdir").message).toContain(message);
  });

  it("the results directory is resolved and printed; / and system directories are refused", () => {
    const file = join(dir, "results.yaml");
    writeFileSync(file, study());
    const cwd = join(dir, "a", "b");
    mkdirSync(cwd, { recursive: true });
    const run = (results: string) => spawnSync(process.execPath, [BIN, "run", file, "--dry-run", "--results", results], { cwd, encoding: "utf8" });
    const dry = run("..");
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(`(results in ${join(dir, "a")})`);
    const up = "../".repeat(12);
    const refused = run(up);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`--results: results directory "/" is the root directory (${up} resolves to /)`);
    expect(() => buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file, KVMBENCH_RESULTS: "/etc" })).toThrow('KVMBENCH_RESULTS: results directory "/etc" is in the system directory /etc');
  });
});

describe("finding 10: study size", () => {
  it("a study over the limit is refused at once, with the limit", () => {
    const text = study() + `# ${"x".repeat(MAX_STUDY_BYTES)}\n`;
    const [error] = errorsOf(text);
    expect(error).toMatchObject({ line: 1, column: 1, message: expect.stringContaining(`more than kvmbench reads (${MAX_STUDY_BYTES} bytes)`) });
  });

  it("a matrix of more scenarios than kvmbench builds is refused before expanding it", () => {
    const names = Array.from({ length: 300 }, (_, i) => `s${i}`);
    const text = study({
      storage: `storage: { ${names.map((n) => `${n}: { kind: block, device: ssd }`).join(", ")} }`,
      matrix: `matrix: { storage: [${names.join(", ")}], cache: [none, writethrough, writeback, directsync, unsafe], bus: [virtio, sata, virtio-scsi, ide] }`,
    });
    expect(errorAt(text, "matrix").message).toContain(`more than kvmbench builds (${MAX_SCENARIOS} stacks)`);
  });

  it("aliases cannot multiply what is read", () => {
    const anchor = `&big { kind: image, format: qcow2, size: 1GiB, filesystem: { type: xfs, device: ssd, mountOptions: [${Array(2000).fill("noatime").join(", ")}] } }`;
    const text = study({ storage: `storage: { fs: ${anchor}, ${Array.from({ length: 300 }, (_, i) => `a${i}: *big`).join(", ")} }` });
    expect(errorsOf(text).some((e) => /aliases make the study more than \d+ bytes long/.test(e.message))).toBe(true);
  });

  it("nesting too deep for the YAML parser is an error, not a crash", () => {
    const [error] = errorsOf(study() + `deep: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
    expect(error.message).toBe("the study is nested too deeply to read");
  });
});
