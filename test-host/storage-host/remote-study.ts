/**
 * A study whose host is the storage test host, reached as a user's second KVM host is: `host.ssh`
 * (127.0.0.1, the VM's port, root, a key in ~/.ssh, the VM's ed25519 host key) for the host
 * steps, the baseline and the collector's scp, and `qemu+ssh://` for libvirt (kvmbench derives
 * `?keyfile=` itself). Its six disks are the study's devices zdisk1..zdisk6. Synthesized and
 * deployed with this repository's app, its state and results in a folder of the test's own.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deployStack, synthStacks, type CommandRun } from "../deploy";
import { sharedTempDir, terraformEnv } from "../machine";
import type { StorageHost } from "./storage-host";

export interface RemoteStudyOptions {
  readonly name: string;
  /** `storage:` entries, one YAML flow mapping per name. */
  readonly storage: Readonly<Record<string, string>>;
  /** The `scenarios:` list, YAML flow mappings. */
  readonly scenarios: readonly string[];
  /** The baseline's device (a device name of `devices`). @default - no baseline */
  readonly baseline?: string;
  /** Devices besides zdisk1..6 (name -> path in the VM). @default {} */
  readonly devices?: Readonly<Record<string, string>>;
  /** Extra `benchmark:` keys (YAML flow entries), e.g. "mode: check". @default - none */
  readonly benchmark?: readonly string[];
}

/**
 * The guest of a study on the storage host. Its guest never boots there (nested TCG is about 43
 * times slower): in check mode QEMU only has to start and open the disk under test, so the image is
 * a small blank qcow2 the study's folder holds (the provider uploads it over qemu+ssh in seconds);
 * in measure mode the image is only named, for the baseline (which boots no guest).
 */
const BLANK_GUEST_IMAGE = "guest.qcow2";

export interface RemoteStudy {
  readonly name: string;
  readonly dir: string;
  readonly file: string;
  /** The study's workdir in the VM. */
  readonly workdir: string;
  readonly results: string;
  readonly out: string;
  readonly env: Record<string, string>;
}

/** The study's workdir in the VM (the VM is the tests' own: no other suite writes there). */
export const VM_WORKDIR = "/var/lib/kvmbench-e2e";

/**
 * The host key a study gives Terraform: the one its SSH client is shown. Terraform's host steps
 * (golang.org/x/crypto/ssh, which asks for ECDSA before Ed25519 and cannot be told otherwise)
 * get the host's ecdsa-sha2-nistp256 key when it has one, as Debian's sshd does; given only the
 * Ed25519 key they fail with "knownhosts: key mismatch".
 */
export function terraformHostKey(host: StorageHost): string {
  const lines = readFileSync(host.knownHostsFile, "utf8").split("\n");
  const ecdsa = lines.map((line) => line.split(" ")).find(([, type]) => type === "ecdsa-sha2-nistp256");
  return ecdsa ? `${ecdsa[1]} ${ecdsa[2]}` : host.hostKey;
}

/** Writes the study in a new folder of its own. */
export function remoteStudy(host: StorageHost, privateKeyFile: string, options: RemoteStudyOptions): RemoteStudy {
  const dir = sharedTempDir(`kvmbench-e2e-storage-host-${options.name}`);
  const checking = (options.benchmark ?? []).includes("mode: check");
  if (checking) execFileSync("qemu-img", ["create", "-q", "-f", "qcow2", join(dir, BLANK_GUEST_IMAGE), "64M"]);
  const guest = checking
    ? `guest: { os: linux, imageDirectory: ${dir}, image: ${join(dir, BLANK_GUEST_IMAGE)}, memory: 256MiB, vcpus: 1, network: none }`
    : "guest: { os: linux, image: https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2, network: none }";
  const devices = { ...Object.fromEntries(host.disks.map((disk, i) => [`zdisk${i + 1}`, disk])), ...options.devices };
  const text = [
    "version: 1",
    `name: ${options.name}`,
    "host:",
    `  uri: qemu+ssh://${host.user}@${host.host}:${host.port}/system`,
    `  ssh: { host: ${host.host}, port: ${host.port}, user: ${host.user}, privateKeyFile: ${privateKeyFile}, hostKey: "${terraformHostKey(host)}" }`,
    `  workdir: ${VM_WORKDIR}`,
    "  accelerator: tcg",
    "devices:",
    ...Object.entries(devices).map(([name, path]) => `  ${name}: ${path}`),
    "storage:",
    ...Object.entries(options.storage).map(([name, spec]) => `  ${name}: ${spec}`),
    guest,
    `benchmark: { profile: quick, size: 32MiB, repeats: 1, install: false${(options.benchmark ?? []).map((entry) => `, ${entry}`).join("")} }`,
    ...(options.baseline ? [`baseline: { device: ${options.baseline} }`] : []),
    "scenarios:",
    ...options.scenarios.map((scenario) => `  - ${scenario}`),
    "",
  ].join("\n");
  const file = join(dir, "study.yaml");
  writeFileSync(file, text);
  const results = join(dir, "results");
  return { name: options.name, dir, file, workdir: VM_WORKDIR, results, out: join(dir, "cdktf.out"), env: { KVMBENCH_STUDY: file, KVMBENCH_RESULTS: results, ...terraformEnv(dir) } };
}

function ok(run: CommandRun, what: string): CommandRun {
  if (run.status !== 0) throw new Error(`${what} failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
  return run;
}

/** A run's file in the VM (domain/locations.ts): `<workdir>/results/<study>/<stack>.<suffix>`. */
export function vmRunFile(study: RemoteStudy, stack: string, suffix: "caches.json" | "host.json"): string {
  return `${study.workdir}/results/${study.name}/${stack}.${suffix}`;
}

/** `cdktf synth` of the study into its own output folder. */
export function synthesize(study: RemoteStudy): void {
  ok(synthStacks(study.env, study.out), "cdktf synth");
}

/** `cdktf deploy <stack>`: a scenario in check mode, or the baseline (host fio, no guest). */
export function deploy(study: RemoteStudy, stack: string): CommandRun {
  return deployStack("deploy", stack, study.env, study.out);
}

/** `cdktf destroy <stack>`, which must succeed. */
export function destroy(study: RemoteStudy, stack: string): CommandRun {
  return ok(deployStack("destroy", stack, study.env, study.out), `cdktf destroy ${stack}`);
}
