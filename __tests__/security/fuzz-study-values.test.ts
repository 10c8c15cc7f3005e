/**
 * Issue 12's "Done when": arbitrary strings (quotes of every kind, $, backticks, ${, %{, \u
 * escapes, line breaks, a leading -, ..) in every study field that reaches a host step. For
 * each generated study:
 *
 * - `kvmbench validate`'s reader either refuses it, with a position, and synth refuses it too,
 *   or accepts it, and then synth builds it without an error;
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
import { ALLOWED_FIO_OPTIONS } from "../../runner/fio-allowlist";
import { buildStudyApp, StudyFileError } from "../../stacks/app";
import { formatError, parseStudy } from "../../study";
import { allSteps, installStandInSsh, runRemoteStep, runStep, SynthesizedJson, SynthesizedStep } from "../host/support/steps";
import { canUseLoopDevices, contentHash, LoopDevices, unmountBelow } from "../support/loop-devices";
import { strayTemplates } from "../support/stray-templates";
import { evaluateInput, evaluateTerraformString } from "../support/terraform-strings";
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

/** mulberry32: small, seeded, good enough to pick fragments. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  "'", '"', "\u2018", "\u2019", "\u201a", "\u201b", "$", "`", "${", "%{", "$${", "%%{", "}", "{", "$(", ")", "\\u0027", "\\", "\n", "\r", "\t", "\0", "\u2028",
  "-", "--", "..", "/", "//", ";", "|", "&", " ", "*", "?", "~", "#", "=", ",", ":", "@", "!", "<", ">", "é", "😀", "\ud800",
  `touch ${canary}`, `$(touch ${canary})`, `;touch ${canary};#`, `\`touch ${canary}\``, '${"\\u0027"}', "${path.module}", "%{ if true }x%{ endif }",
];
const SAFE = ["a", "b", "z", "Q", "0", "7", "-", "_", ".", "/", "k", "vm", "data", "x1"];

class Strings {
  constructor(private readonly random: () => number) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /**
   * Mostly hostile fragments; sometimes words of the field's own vocabulary, alone or with one
   * hostile fragment, which validation is likelier to accept.
   */
  next(words: readonly string[] = SAFE): string {
    if (this.random() < 0.4) {
      const safe = Array.from({ length: 1 + Math.floor(this.random() * 3) }, () => this.pick(words)).join("");
      return this.random() < 0.4 ? safe : safe + this.pick(HOSTILE) + this.pick(words);
    }
    return Array.from({ length: 1 + Math.floor(this.random() * 6) }, () => this.pick(this.random() < 0.7 ? HOSTILE : words)).join("");
  }

  option(): string {
    return this.pick(Object.keys(ALLOWED_FIO_OPTIONS));
  }
}

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
  workdir: { lines: (v) => ({ host: `host: { workdir: ${JSON.stringify(`${work}/${v}`)} }` }), run: /storage|prepare|wait|collect/ },
  "workdir (whole)": { lines: (v) => ({ host: `host: { workdir: ${JSON.stringify(v)} }` }) },
  "device path": { lines: (v) => ({ devices: `devices: { disk: ${JSON.stringify(`/dev/disk/by-id/${v}`)} }` }), run: /storage|baseline_run/ },
  "ssh user": { lines: (v) => ({ host: REMOTE({ user: v }) }), run: /storage|prepare|wait|collect/ },
  "ssh host": { lines: (v) => ({ host: REMOTE({ host: v }) }) },
  "ssh key file": { lines: (v) => ({ host: REMOTE({ privateKeyFile: `~/${v}` }) }) },
  "libvirt uri": {
    lines: (v) => ({ host: `host: { uri: ${JSON.stringify(v)}, workdir: ${JSON.stringify(join(work, "uri"))} }` }),
    words: ["qemu", ":///", "system", "/session", "+ssh", "+ext", "://kvm1", "?command=", "&keyfile="],
    examples: ["qemu:///system", "qemu:///session"],
    run: /wait/,
  },
  "mkfs option": { lines: (v) => ({ storage: FS_STORAGE(`, mkfsOptions: ["-E", ${JSON.stringify(v)}]`) }), words: ["nodiscard", "discard", "lazy_itable_init=", "stride=", "1", "8", ","], run: /storage/ },
  "mkfs flag": { lines: (v) => ({ storage: FS_STORAGE(`, mkfsOptions: [${JSON.stringify(v)}]`) }), words: ["-K", "-j", "-v", "-D", "-"] },
  "mount option": { lines: (v) => ({ storage: FS_STORAGE(`, mountOptions: [${JSON.stringify(v)}]`) }), words: ["noatime", "relatime", "lazytime", "commit=", "30", "data=writeback"], run: /storage/ },
  "fio value": {
    lines: (v, s) => ({ benchmark: `benchmark: { profile: quick, size: 1MiB, repeats: 1, fio: { ${s.option()}: ${JSON.stringify(v)} } }` }),
    words: ["1", "4", "0", "50", "s", "k", "lfsr", "random"],
    run: /baseline_run/,
  },
  "fio name": { lines: (v) => ({ benchmark: `benchmark: { profile: quick, size: 1MiB, repeats: 1, fio: { ${JSON.stringify(v)}: 1 } }` }) },
  "guest image": { lines: (v) => ({ guest: `guest: { os: linux, image: ${JSON.stringify(`https://example.org/${v}`)} }` }) },
  "guest image path": { lines: (v) => ({ guest: `guest: { os: linux, image: ${JSON.stringify(v)} }` }) },
  "diskspd path": { lines: (v) => ({ guest: `guest: { os: windows, imageDirectory: /images, image: /images/w.qcow2, virtioWin: /images/v.iso, diskspd: { path: ${JSON.stringify(`C:\\${v}`)} } }` }) },
  "study name": { lines: (v) => ({ name: `name: ${JSON.stringify(v)}` }), run: /prepare/ },
  "storage name": { lines: (v) => ({ storage: `storage: { ${JSON.stringify(v)}: { kind: block, device: disk } }`, matrix: `matrix: { storage: [${JSON.stringify(v)}], cache: [none], bus: [virtio] }` }) },
  "scenario name": { lines: (v) => ({ matrix: `scenarios: [{ storage: raw, cache: none, bus: virtio, name: ${JSON.stringify(v)} }]` }), run: /prepare|wait/ },
  openZfsVersion: { lines: (v) => ({ host: `host: { workdir: ${JSON.stringify(join(work, "zfs"))}, openZfsVersion: ${JSON.stringify(v)} }` }), words: ["2.3", "0.8", "2.2.6", "."] },
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
    Object.assign(env, { HOME: dir, KVMBENCH_DROP_CACHES_PATH: join(dir, "drop_caches"), KVMBENCH_ZFS_PARAMS_DIR: join(dir, "no-zfs") });
  });

  it.each(Object.keys(FIELDS))("%s", (field) => {
    const { lines, words, examples = [], run: which } = FIELDS[field];
    const strings_ = new Strings(generator(SEED + [...field].reduce((sum, c) => sum + c.charCodeAt(0), 0)));
    let ran = 0;
    let accepted = 0;
    const values = [...Array.from({ length: CASES_PER_FIELD }, () => strings_.next(words)), ...examples];
    for (const value of values) {
      const text = studyText(disk, lines(value, strings_));
      const what = `${field} = ${JSON.stringify(value)}`;
      const result = parseStudy(text, "fuzz.yaml");
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
      }
      expect({ what, payloadRan: existsSync(canary) }).toEqual({ what, payloadRan: false });
    }
    expect(contentHash(bystander)).toBe(bystanderHash);
    expect(readdirSync(outside)).toEqual(["precious"]);
    // the fields have valid values too: some cases must get through for the property to mean anything
    if (!RARELY_VALID.includes(field)) expect(accepted).toBeGreaterThan(0);
  });
});
