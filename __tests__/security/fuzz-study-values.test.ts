/**
 * Issues 12 and 20's "Done when": arbitrary strings (quotes of every kind, $, backticks, ${, %{, \u
 * escapes, line breaks, a leading -, .., URI parameters, Object's member names, YAML's merge key,
 * hundreds of characters) in every study field that reaches a host step, a template, a path or
 * the guest. For each generated study:
 *
 * - `kvmbench validate`'s reader never crashes and answers within MAX_VALIDATE_MS; it either
 *   refuses the study, with a position, and synth refuses it too, or accepts it, and then synth
 *   builds it without an error;
 * - the libvirt provider's URI is this machine's or derived from the ssh settings, never with a
 *   parameter from the study;
 * - every string of every synthesized stack is one Terraform stores as written (no template
 *   but the host steps' own references);
 * - for accepted studies (a few per field), every host step runs, create and destroy, local or
 *   in the remote-exec form through a stand-in ssh, against a loop device and throwaway
 *   folders; no payload runs (each would create the canary file) and no undeclared file or
 *   device changes.
 *
 * The generator is seeded (KVMBENCH_FUZZ_SEED to try another seed; the seed is in the test name).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "../../constructs/core/cdktf";
import { buildStudyApp, StudyFileError } from "../../stacks/app";
import { formatError } from "../../study";
import { allSteps, installStandInSsh, runRemoteStep, runStep, SynthesizedJson, SynthesizedStep } from "../host/support/steps";
import { canUseLoopDevices, contentHash, LoopDevices, unmountBelow } from "../support/loop-devices";
import { strayTemplates } from "../support/stray-templates";
import { evaluateInput, evaluateTerraformString } from "../support/terraform-strings";
import { generator, hostileFragments, Strings } from "./fuzz-strings";
import { validateInTime } from "./validate-in-time";
import { hostTempDir } from "../../test-host/host-temp-dir";

const SEED = Number(process.env.KVMBENCH_FUZZ_SEED ?? 20261130);
const CASES_PER_FIELD = 16;
/** Accepted studies per field whose steps run for real (the fields' `run` steps). */
const RUNS_PER_FIELD = 1;

const dir = hostTempDir("kvmbench-fuzz");
const work = join(dir, "work");
const canary = join(dir, "canary");
const loops = new LoopDevices(dir);
afterAll(() => {
  unmountBelow(dir);
  loops.detachAll();
  rmSync(dir, { recursive: true, force: true });
});

/** A public key of the form ssh-keyscan prints (not of any host). */
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx5ZmFrZWtleWZvcnRlc3RzMDEyMzQ1Njc4OWFiY2Q";
/** The longest validate may take on one generated study. */
const MAX_VALIDATE_MS = 3000;
const IMAGE = "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2";
/** A remote host whose URI names the ssh host, as a valid study must. */
const REMOTE = (ssh: Record<string, string>) => {
  const settings = { host: "kvm1", privateKeyFile: "~/.ssh/id", ...ssh };
  return `host: { uri: ${JSON.stringify(`qemu+ssh://${settings.host}/system`)}, workdir: ${JSON.stringify(join(work, "remote"))}, ssh: ${JSON.stringify(settings)} }`;
};
const FS_STORAGE = (filesystem: string) => `storage: { raw: { kind: image, format: raw, size: 8MiB, filesystem: { type: ext4, device: disk${filesystem} } } }`;

interface Field {
  /** The study lines the value replaces. */
  readonly lines: (value: string, strings: Strings) => Record<string, string>;
  /** Words valid values are made of, so that some generated values are accepted. @default SAFE */
  readonly words?: readonly string[];
  /** Valid values tried besides the generated ones, for fields whose valid values are too few to be generated. @default [] */
  readonly examples?: readonly string[];
  /** The steps that run for real for one accepted value (by logical id). @default - none: synth and Terraform's reading only */
  readonly run?: RegExp;
}

/** Each field reaching a host step. */
const FIELDS: Record<string, Field> = {
  workdir: { lines: (v) => ({ host: `host: { workdir: ${JSON.stringify(`${work}/${v}`)} }` }), run: /storage|prepare|wait|collect/, examples: ["k"] },
  "workdir (whole)": { lines: (v) => ({ host: `host: { workdir: ${JSON.stringify(v)} }` }) },
  "device path": { lines: (v) => ({ devices: `devices: { disk: ${JSON.stringify(`/dev/disk/by-id/${v}`)} }` }), run: /storage|baseline_run/, examples: ["ata-FUZZ"] },
  "ssh user": { lines: (v) => ({ host: REMOTE({ user: v }) }), run: /storage|prepare|wait|collect/, examples: ["admin"] },
  "ssh host": { lines: (v) => ({ host: REMOTE({ host: v }) }), examples: ["kvm2", "192.0.2.10"] },
  "ssh key file": { lines: (v) => ({ host: REMOTE({ privateKeyFile: `~/${v}` }) }), examples: [".ssh/id_ed25519"] },
  "libvirt uri": {
    lines: (v) => ({ host: `host: { uri: ${JSON.stringify(v)}, workdir: ${JSON.stringify(join(work, "uri"))} }` }),
    words: ["qemu", ":///", "system", "/session", "+ssh", "+ext", "://kvm1", "?command=", "&keyfile="],
    examples: ["qemu:///system", "qemu:///session"],
    run: /wait/,
  },
  "mkfs option": { lines: (v) => ({ storage: FS_STORAGE(`, mkfsOptions: ["-E", ${JSON.stringify(v)}]`) }), words: ["nodiscard", "discard", "lazy_itable_init=", "stride=", "1", "8", ","], examples: ["nodiscard"], run: /storage/ },
  "mkfs flag": { lines: (v) => ({ storage: FS_STORAGE(`, mkfsOptions: [${JSON.stringify(v)}]`) }), words: ["-K", "-j", "-v", "-D", "-"], examples: ["-K"] },
  "mount option": { lines: (v) => ({ storage: FS_STORAGE(`, mountOptions: [${JSON.stringify(v)}]`) }), words: ["noatime", "relatime", "lazytime", "commit=", "30", "data=writeback"], examples: ["lazytime"], run: /storage/ },
  "fio value": {
    lines: (v, s) => ({ benchmark: `benchmark: { profile: quick, size: 1MiB, repeats: 1, fio: { ${s.option()}: ${JSON.stringify(v)} } }` }),
    words: ["1", "4", "0", "50", "s", "k", "lfsr", "random"],
    // each with an option drawn at random: "1" fits all but a few options' forms
    examples: ["1", "1", "1"],
    run: /baseline_run/,
  },
  "fio name": { lines: (v) => ({ benchmark: `benchmark: { profile: quick, size: 1MiB, repeats: 1, fio: { ${JSON.stringify(v)}: 1 } }` }) },
  "guest image": { lines: (v) => ({ guest: `guest: { os: linux, image: ${JSON.stringify(`https://example.org/${v}`)} }` }), examples: ["d.qcow2"] },
  "guest image path": { lines: (v) => ({ guest: `guest: { os: linux, image: ${JSON.stringify(v)} }` }) },
  "diskspd path": { lines: (v) => ({ guest: `guest: { os: windows, imageDirectory: /images, image: /images/w.qcow2, virtioWin: /images/v.iso, diskspd: { path: ${JSON.stringify(`C:\\${v}`)} } }` }) },
  "study name": { lines: (v) => ({ name: `name: ${JSON.stringify(v)}` }), run: /prepare/, examples: ["fuzz-2"] },
  "storage name": { lines: (v) => ({ storage: `storage: { ${JSON.stringify(v)}: { kind: block, device: disk } }`, matrix: `matrix: { storage: [${JSON.stringify(v)}], cache: [none], bus: [virtio] }` }), examples: ["raw-2"] },
  "scenario name": { lines: (v) => ({ matrix: `scenarios: [{ storage: raw, cache: none, bus: virtio, name: ${JSON.stringify(v)} }]` }), run: /prepare|wait/, examples: ["prod-like"] },
  openZfsVersion: { lines: (v) => ({ host: `host: { workdir: ${JSON.stringify(join(work, "zfs"))}, openZfsVersion: ${JSON.stringify(v)} }` }), words: ["2.3", "0.8", "2.2.6", "."], examples: ["2.2"] },
  "kernel device name": { lines: (v) => ({ devices: `devices: { disk: ${JSON.stringify(`/dev/${v}`)} }` }), words: ["sd", "b", "1", "nvme0n1", "p2", "loop", "shm/", "mqueue/", "fd/", "mapper/"], examples: ["sdzz", "mapper/kvmbench-fuzz"] },
  "ssh host key": { lines: (v) => ({ host: REMOTE({ hostKey: v }) }), words: ["ssh-ed25519 ", "ssh-rsa ", "AAAAC3NzaC1lZDI1NTE5", "+/", "="], examples: [HOST_KEY] },
  "image directory": {
    lines: (v) => ({ guest: `guest: { os: linux, imageDirectory: ${JSON.stringify(v)}, image: ${JSON.stringify(`${v}/guest.qcow2`)} }` }),
    words: ["/srv", "/images", "/var/lib/kvmbench", "/x1", "/.ssh", "/etc"],
    examples: ["/srv/images"],
  },
  "guest image file": {
    lines: (v) => ({ guest: `guest: { os: linux, imageDirectory: /srv/images, image: ${JSON.stringify(`/srv/images/${v}`)} }` }),
    words: ["guest", ".qcow2", ".img", "-", "_", "x1", "../"],
    examples: ["debian-12.qcow2"],
  },
  "kernel and initrd": {
    lines: (v) => ({ guest: `guest: { os: linux, imageDirectory: /srv/images, image: /srv/images/g.qcow2, directKernelBoot: { kernel: ${JSON.stringify(`/srv/images/vmlinuz${v}`)}, initrd: ${JSON.stringify(`/srv/images/initrd${v}`)} } }` }),
    words: ["-6.1.0", ".img", "-cloud-amd64", "_", "+"],
    examples: ["", "-6.1.0-18-cloud-amd64"],
  },
  "virtio-win": {
    lines: (v) => ({ guest: `guest: { os: windows, imageDirectory: /images, image: /images/w.qcow2, virtioWin: ${JSON.stringify(v)} }` }),
    words: ["/images/", "virtio-win", ".iso", "https://example.org/"],
    examples: ["/images/virtio-win.iso", "https://example.org/virtio-win.iso"],
  },
  "fio time": {
    lines: (v, s) => ({ benchmark: `benchmark: { profile: quick, size: 1MiB, repeats: 1, fio: { ${s.pick(["ramp_time", "thinktime", "thinktime_spin", "loops"])}: ${JSON.stringify(v)} } }` }),
    words: ["1", "0", "9", "00", "s", "ms", "us", "m", "h", "d"],
    examples: ["1"],
  },
};


/** Fields for which a random string is hardly ever valid (an absolute path, an fio option name). */
const RARELY_VALID = ["workdir (whole)", "fio name", "guest image path"];

function studyText(device: string, overrides: Record<string, string>): string {
  const lines: Record<string, string> = {
    version: "version: 1",
    name: "name: fuzz",
    host: `host: { workdir: ${JSON.stringify(join(work, "local"))} }`,
    devices: `devices: { disk: ${JSON.stringify(device)} }`,
    storage: "storage: { raw: { kind: block, device: disk } }",
    guest: `guest: { os: linux, image: ${IMAGE} }`,
    benchmark: "benchmark: { profile: quick, size: 1MiB, repeats: 1 }",
    baseline: "baseline: { device: disk }",
    matrix: "matrix: { storage: [raw], cache: [none], bus: [virtio] }",
    ...overrides,
  };
  return Object.values(lines).join("\n") + "\n";
}

/** Every string of a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** Terraform's reading of every string of a host step: only escapes and the step's own references. */
function checkStepStrings(step: SynthesizedStep): void {
  const input = evaluateInput(step.input);
  const { private_key: privateKey, ...connection } = (step.connection ?? {}) as Record<string, unknown>;
  for (const text of strings({ provisioner: step.provisioner, connection, triggers: step.triggers_replace })) evaluateTerraformString(text, input);
  // the one expression kvmbench writes with a study value in it: the key file's path, which cannot close the string
  if (privateKey !== undefined) expect(privateKey).toMatch(/^\$\{file\(pathexpand\("~?[A-Za-z0-9._+@/-]+"\)\)\}$/);
}

/** The libvirt provider's URI: this machine's, or derived from ssh, never a study's parameters. */
function checkProviderUri(json: SynthesizedJson): void {
  const { provider } = json as SynthesizedJson & { provider?: { libvirt?: { uri?: string }[] } };
  for (const { uri } of provider?.libvirt ?? []) {
    expect(uri).toMatch(/^(qemu:\/\/\/(system|session)|qemu\+ssh:\/\/[A-Za-z_][A-Za-z0-9_.-]*@[A-Za-z0-9][A-Za-z0-9._-]*:\d+\/(system|session)\?keyfile=~%2F[A-Za-z0-9._+@%-]+)$/);
  }
}

/** A stand-in scp in `bin` that copies `user@host:path` from this machine (after checking `--`). */
function installStandInScp(bin: string): void {
  writeFileSync(
    join(bin, "scp"),
    `#!/usr/bin/env bash
while (($#)) && [[ $1 != -- ]]; do shift; done
[[ \${1:-} == -- ]] || { echo "stand-in scp: no -- before the source" >&2; exit 1; }
exec cp -- "\${2#*:}" "$3"
`,
  );
  chmodSync(join(bin, "scp"), 0o755);
}

/** Runs the steps of a stack that match `which`: creates in order, destroys in reverse (as Terraform would). */
function runStack(json: SynthesizedJson, which: RegExp, remotePath: string, env: Record<string, string>): string[] {
  const steps = Object.entries(allSteps(json)).filter(([name]) => which.test(name));
  const order = ["storage", "prepare", "_run_", "wait", "collect"];
  steps.sort(([a], [b]) => order.findIndex((o) => a.includes(o)) - order.findIndex((o) => b.includes(o)));
  const log: string[] = [];
  const run = (name: string, step: SynthesizedStep, action: "create" | "destroy") => {
    // the wait step gives up at once: no guest writes results here
    const overrides: Record<string, string> = name.includes("wait") ? { KVMBENCH_TIMEOUT: "0", KVMBENCH_POLL_INTERVAL: "1" } : {};
    const remote = step.provisioner.some((p) => p["remote-exec"]);
    const result = remote ? runRemoteStep(step, action, { path: remotePath, overrides, env }) : runStep(step, action, { overrides, env, path: remotePath });
    log.push(`${name} ${action} ${result.status}: ${result.stderr.trim().split("\n").slice(-1)[0] ?? ""}`);
  };
  for (const [name, step] of steps) run(name, step, "create");
  for (const [name, step] of [...steps].reverse()) if (step.input) run(name, step, "destroy");
  return log;
}

const describeLoop = canUseLoopDevices ? describe : describe.skip;

describeLoop(`arbitrary strings in every study field that reaches a host step (seed ${SEED})`, () => {
  let disk: string;
  let bystander: string;
  let bystanderHash: string;
  let outside: string;
  let remotePath: string;
  const env: Record<string, string> = {};

  beforeAll(() => {
    disk = loops.create("declared", 64 * 1024 * 1024);
    bystander = loops.create("undeclared", 64 * 1024 * 1024);
    execFileSync("mkfs.ext4", ["-q", "-L", "bystander", bystander]);
    bystanderHash = contentHash(bystander);
    outside = join(dir, "outside");
    mkdirSync(outside);
    writeFileSync(join(outside, "precious"), "data");
    mkdirSync(work);
    remotePath = installStandInSsh(dir);
    installStandInScp(join(dir, "bin"));
    mkdirSync(join(dir, "tmp"));
    Object.assign(env, { HOME: dir, TMPDIR: join(dir, "tmp"), KVMBENCH_DROP_CACHES_PATH: join(dir, "drop_caches"), KVMBENCH_ZFS_PARAMS_DIR: join(dir, "no-zfs") });
  });

  it.each(Object.keys(FIELDS))("%s", (field) => {
    const { lines, words, examples = [], run: which } = FIELDS[field];
    const strings_ = new Strings(generator(SEED + [...field].reduce((sum, c) => sum + c.charCodeAt(0), 0)), hostileFragments(canary));
    let ran = 0;
    let accepted = 0;
    const values = [...Array.from({ length: CASES_PER_FIELD }, () => strings_.next(words)), ...examples];
    for (const value of values) {
      const text = studyText(disk, lines(value, strings_));
      const what = `${field} = ${JSON.stringify(value)}`;
      const result = validateInTime(text, "fuzz.yaml", what, MAX_VALIDATE_MS);
      const file = join(dir, "fuzz.yaml");
      writeFileSync(file, text);
      if (!result.plan) {
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) expect(formatError(error)).toMatch(/^fuzz\.yaml:\d+:\d+: /);
        expect(() => buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file })).toThrow(StudyFileError);
        continue;
      }
      accepted++;
      let stacks: ReturnType<typeof buildStudyApp>["stacks"];
      try {
        stacks = buildStudyApp(Testing.app(), { KVMBENCH_STUDY: file, KVMBENCH_RESULTS: join(dir, "results") }).stacks;
      } catch (error) {
        throw new Error(`validate accepted ${what} but synth refused it: ${String(error)}`);
      }
      // buildStudyApp ran the stacks' validations already
      const jsons = stacks.map((stack) => JSON.parse(Testing.synth(stack)) as SynthesizedJson);
      for (const json of jsons) {
        expect({ what, strays: strayTemplates(json) }).toEqual({ what, strays: [] });
        for (const step of Object.values(allSteps(json))) checkStepStrings(step);
        checkProviderUri(json);
      }
      const hostDirectory = result.plan.study.hosts[0].workdir;
      // steps run only where they can touch nothing but this test's folders and loop device: a
      // generated device path must name nothing on this machine (the steps then refuse it)
      const devicePath = result.plan.baseline?.devicePath ?? disk;
      const runnable = hostDirectory.startsWith(`${work}/`) && (devicePath === disk || !existsSync(devicePath));
      if (which && ran < RUNS_PER_FIELD && runnable) {
        ran++;
        for (const json of jsons) runStack(json, which, remotePath, env);
        expect(spawnSync("blkid", ["-p", disk]).status).toBe(2); // left blank
        expect({ what, temporaryFilesLeft: readdirSync(join(dir, "tmp")) }).toEqual({ what, temporaryFilesLeft: [] }); // also when a step failed
      }
      expect({ what, payloadRan: existsSync(canary) }).toEqual({ what, payloadRan: false });
    }
    expect(contentHash(bystander)).toBe(bystanderHash);
    expect(readdirSync(outside)).toEqual(["precious"]);
    // the fields have valid values too: some cases must get through for the property to mean anything
    if (!RARELY_VALID.includes(field)) expect(accepted).toBeGreaterThan(0);
  });
});
