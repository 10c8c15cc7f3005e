/**
 * `kvmbench report --emit` for the package test: a results folder of seed scenarios (their
 * configurations as the runner records them, fio output from the real fio), the production stacks
 * the CLI writes for them, an app that synthesizes them all, and the views in which an emitted
 * stack and its scenario's stack must agree: the storage's resources and the data disk.
 */
import { join } from "node:path";
import { stackClassName } from "../../../emit/production-stack";
import type { BenchmarkRun } from "../../../results/result-file";
import { scenarioConfiguration } from "../../../stacks/scenario-stack";
import { loadStudy } from "../../../study";
import { freshDirectory, runFio, writeResultFile } from "../../fixtures/results/fio-study";
import { kvmbench } from "../../cli/run-bin";

export const SEED_STUDY = join(__dirname, "..", "..", "..", "scenarios", "seed.yaml");

/** One seed scenario per kind of storage the package can build: a raw disk, LVM, a zvol, qcow2 on xfs, on a ZFS dataset and on ext4 on a zvol. */
export const EMITTED_SCENARIOS = [
  "raw-none-ide",
  "lvm-writeback-virtio",
  "zvol-none-virtio",
  "xfs-qcow2-writeback-virtio",
  "zfs-qcow2-writethrough-virtio",
  "zvol-ext4-qcow2-writeback-virtio",
] as const;

/** The stack id the emitted class gets in the test's app. */
export function emittedStackId(scenario: string): string {
  return `${scenario}-guest`;
}

/** A results folder with the baseline and EMITTED_SCENARIOS, as `kvmbench run` of the seed would leave it. */
export async function seedResultsFolder(): Promise<string> {
  const { plan } = loadStudy(SEED_STUDY);
  if (!plan) throw new Error("the seed study does not load");
  const folder = freshDirectory("emit-results");
  const output = JSON.parse(await runFio(join(freshDirectory("emit-fio"), "run.json"))) as unknown;
  const runs: BenchmarkRun[] = [{ repeat: 1, tool: "fio", output }];
  writeResultFile(folder, "baseline", "baseline", { device: "ssd" }, runs);
  for (const name of EMITTED_SCENARIOS) {
    const scenario = plan.scenarios.find((candidate) => candidate.name === name);
    if (!scenario) throw new Error(`the seed has no scenario ${name}`);
    writeResultFile(folder, name, "scenario", scenarioConfiguration(scenario), runs);
  }
  return folder;
}

/** Runs `kvmbench report <folder> --emit <scenario> --out <into>` for each scenario; the files it wrote, by scenario. */
export async function emitAll(folder: string, into: string): Promise<Record<string, string>> {
  const outcomes = await Promise.all(EMITTED_SCENARIOS.map((name) => kvmbench("report", folder, "--emit", name, "--out", into)));
  const files: Record<string, string> = {};
  outcomes.forEach((outcome, index) => {
    const name = EMITTED_SCENARIOS[index] as string;
    const written = /^wrote (.+)$/m.exec(outcome.stderr)?.[1];
    if (outcome.code !== 0 || !written) throw new Error(`kvmbench report --emit ${name} failed (${outcome.code}):\n${outcome.stderr}`);
    files[name] = written;
  });
  return files;
}

/** A main file that synthesizes every emitted stack (the emitted files synthesize only when run themselves). */
export function appMain(): string {
  const imports = EMITTED_SCENARIOS.map((name) => `import { ${stackClassName(name)} } from "./${name}-guest";`);
  const stacks = EMITTED_SCENARIOS.map((name) => `new ${stackClassName(name)}(app, ${JSON.stringify(emittedStackId(name))});`);
  return ['import { App } from "cdktf";', ...imports, "", "const app = new App();", ...stacks, "app.synth();", ""].join("\n");
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A value with the stack's own name and the filesystem UUIDs (derived from it) replaced by placeholders. */
function withoutStackIdentity(value: unknown, stack: string, uuids: readonly string[]): unknown {
  const text = uuids.reduce((current, uuid) => current.split(uuid).join("<uuid>"), JSON.stringify(value).split(stack).join("<stack>"));
  return JSON.parse(text) as unknown;
}

/**
 * The storage of a stack: every resource under its `storage` construct (host steps and any libvirt
 * resource), by logical id without cdktf's hash, with what names the stack taken out.
 */
export function storageResources(resources: Resources, stack: string): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  const uuids: string[] = [];
  for (const byId of Object.values(resources)) {
    for (const resource of Object.values(byId)) {
      const uuid = (resource.input as Record<string, string> | undefined)?.FS_UUID;
      if (uuid) uuids.push(uuid);
    }
  }
  for (const [type, byId] of Object.entries(resources)) {
    for (const [id, resource] of Object.entries(byId)) {
      if (!id.startsWith("storage_")) continue;
      // "//": cdktf's metadata (the construct path, which names the stack), only in a CLI's synth
      const { depends_on: _dependsOn, "//": _metadata, ...rest } = resource;
      found[`${type}.${id.replace(/_[0-9A-F]{8}$/, "")}`] = withoutStackIdentity(rest, stack, uuids);
    }
  }
  return found;
}

interface Disk {
  readonly serial?: string;
  readonly source: unknown;
  readonly driver: unknown;
  readonly target: { readonly bus: string };
}

/** The guest's disk with `serial`: its source, driver (format, cache, io) and bus. */
export function diskWithSerial(resources: Resources, serial: string): { source: unknown; driver: unknown; bus: string } {
  const domain = Object.values(resources.libvirt_domain ?? {})[0] as { devices: { disks: Disk[] } } | undefined;
  const disk = domain?.devices.disks.find((candidate) => candidate.serial === serial);
  if (!disk) throw new Error(`no disk with serial ${serial}`);
  return { source: disk.source, driver: disk.driver, bus: disk.target.bus };
}
