/**
 * What a first `npx cdktf synth` prints: kvmbench's lines go to stdout (the cdktf CLI prints an
 * app's stderr as [ERROR]), one line per rule and per differing setting, and no cdktf annotation
 * per stack (the CLI prints each of those on lines of its own).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Testing } from "../../constructs/core/cdktf";
import { buildStudyApp, describeSynth, type StudyAppEnvironment } from "../../stacks/app";

const ROOT = resolve(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "kvmbench-synth-output-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const RESULTS = join(work, "results");

const SEED_LINES = [
  `kvmbench: study "seed-study": 45 stacks (44 scenarios + baseline); results in ${RESULTS}`,
  "kvmbench: warning [direct-io-aligned-only] a ZFS dataset honours O_DIRECT only for recordsize-aligned I/O: smaller blocks go through the ARC: zfs-qcow2-none-virtio, zfs-qcow2-none-ide",
  "kvmbench: warning [volatile-cache] cache=writeback/unsafe keep writes in host RAM: a host crash or power loss can lose them: 16 scenarios with cache=writeback",
  "kvmbench: warning [preallocation-on-zfs] preallocating an image on a ZFS dataset reserves no space (copy-on-write allocates anew on every write): 7 scenarios with storage=zfs-qcow2 or raidz1-zfs-qcow2",
  "kvmbench: the details, scenario by scenario: npx kvmbench list scenarios/seed.yaml",
];

function synthesized(env: StudyAppEnvironment): { lines: string[]; manifest: { stacks: Record<string, { annotations: { level: string }[] }> } } {
  const app = Testing.app();
  const studyApp = buildStudyApp(app, { KVMBENCH_RESULTS: RESULTS, ...env });
  app.synth();
  const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { annotations: { level: string }[] }> };
  return { lines: describeSynth(studyApp, ROOT), manifest };
}

describe("synthesizing the seed study", () => {
  const { lines, manifest } = synthesized({});

  it("prints one line per warning rule, naming the scenarios by the axis value they share", () => {
    expect(lines).toEqual(SEED_LINES);
  });

  it("leaves no per-stack warning for the cdktf CLI to print", () => {
    const annotations = Object.values(manifest.stacks).flatMap((stack) => stack.annotations);
    expect(Object.keys(manifest.stacks)).toHaveLength(45);
    expect(annotations).toEqual([]);
  });

  it("as the cdktf CLI runs the app: those lines on stdout, nothing on stderr", () => {
    const app = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")) as { app: string };
    const run = spawnSync(app.app, {
      cwd: ROOT,
      shell: true,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: join(work, "cdktf.out"), KVMBENCH_RESULTS: RESULTS },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual(SEED_LINES);
  });
});

describe("a study with exclusions, warnings and settings that differ", () => {
  it("still prints one line per rule and per setting", () => {
    const file = join(work, "busy.yaml");
    writeFileSync(
      file,
      readFileSync(join(ROOT, "__tests__", "fixtures", "studies", "mixed-compression.yaml"), "utf8")
        .replace("guest: { os: linux,", "guest: { machine: q35, os: linux,")
        .replace("cache: [none, writethrough], bus: [virtio] }", "cache: [none, writeback, unsafe], bus: [virtio, ide], io: [native, threads] }"),
    );
    const { lines } = synthesized({ KVMBENCH_STUDY: file });
    expect(lines).toEqual([
      `kvmbench: study "mixed-compression": 8 stacks (8 scenarios); results in ${RESULTS}`,
      "kvmbench: left out [io-native-needs-direct] io=native needs cache=none or directsync: 8 combinations with cache=writeback or unsafe and io=native",
      "kvmbench: left out [ide-needs-pc] IDE exists only on the pc machine: 12 combinations with bus=ide",
      "kvmbench: warning [direct-io-aligned-only] a ZFS dataset honours O_DIRECT only for recordsize-aligned I/O: smaller blocks go through the ARC: zfs-qcow2-none-virtio-native, zfs-qcow2-none-virtio-threads",
      "kvmbench: warning [volatile-cache] cache=writeback/unsafe keep writes in host RAM: a host crash or power loss can lose them: 4 scenarios with cache=writeback or unsafe",
      'kvmbench: warning not like-for-like: ZFS compression differs: "lz4" (default) for storage zvol (4 scenarios); "off" for storage zfs-qcow2 (4 scenarios). ' +
        "The report ranks them side by side: give every scenario the same value, or compare this setting in a study of its own",
      `kvmbench: the details, scenario by scenario: npx kvmbench list ${file}`,
    ]);
  });
});
