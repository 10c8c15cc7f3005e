/**
 * The provider stand-in proven against the real provider: the same synthesized stacks applied
 * (their domain, or pool, and everything it depends on: storage steps, volumes, the cloud-init
 * disk) with each provider this machine has, and what libvirt then holds (`virsh dumpxml
 * --inactive`, `vol-dumpxml`, `pool-dumpxml`, normalised: test-host/libvirt-snapshot.ts)
 * compared with what the real provider 0.9.7 made of the same stacks, recorded in
 * `__tests__/fixtures/provider-fidelity/` (KVMBENCH_RECORD_FIDELITY=1 with the real provider
 * installed records them again). With the real provider installed, both providers run here, each
 * against the recording; without it, the stand-in does. A divergence of either is a failure.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { synthStacks, terraformIn } from "../../test-host/deploy";
import { stateFile } from "../../domain/locations";
import { snapshotState } from "../../test-host/libvirt-snapshot";
import { assertTestHost, TEST_HOST_CACHE, tryWithoutKvm, type TryWithoutKvm } from "../../test-host/machine";
import { describeProvider, providerEnv, realProviderPath, type ProviderKind } from "../../test-host/provider";

const RECORDINGS = join(__dirname, "..", "fixtures", "provider-fidelity");
const RECORD = process.env.KVMBENCH_RECORD_FIDELITY === "1";

/** The providers to compare: the real one where it is installed, and always the stand-in. */
const KINDS: ProviderKind[] = realProviderPath() ? ["real", "stand-in"] : ["stand-in"];

interface Case {
  readonly study: string;
  /** Scenario lines of the try-without-kvm study (one machine type per study). */
  readonly scenarios: readonly string[];
  readonly replace?: Readonly<Record<string, string>>;
  /** Stack, and the type of the resource applied with everything it depends on. */
  readonly stacks: ReadonlyArray<{ readonly name: string; readonly target: "libvirt_domain" | "libvirt_pool" }>;
}

const CASES: readonly Case[] = [
  {
    study: "q35",
    scenarios: ["{ storage: raw, cache: none, bus: virtio, io: native }", "{ storage: ext4-qcow2, cache: writeback, bus: virtio }"],
    stacks: [
      { name: "raw-none-virtio-native", target: "libvirt_domain" },
      { name: "ext4-qcow2-writeback-virtio", target: "libvirt_domain" },
    ],
  },
  {
    study: "pc",
    scenarios: ["{ storage: raw, cache: none, bus: ide }", "{ storage: xfs-qcow2, cache: writeback, bus: ide }", "{ storage: lvm, cache: none, bus: ide }"],
    replace: { "storage:\n": "storage:\n  lvm: { kind: lvm, device: disk1, size: 64MiB }\n" },
    stacks: [
      { name: "raw-none-ide", target: "libvirt_domain" },
      { name: "xfs-qcow2-writeback-ide", target: "libvirt_domain" },
      // this kernel has no device-mapper: the volume group and its libvirt pool, not the LV
      { name: "lvm-none-ide", target: "libvirt_pool" },
    ],
  },
];

function succeeded(what: string, run: { status: number | null; output: string }): void {
  if (run.status !== 0) throw new Error(`${what} failed (exit ${run.status}):\n${run.output.slice(-6000)}`);
}

/** Applies the stack's target with `kind`'s provider, snapshots what libvirt holds, destroys it. */
function deployedSnapshot(host: TryWithoutKvm, kind: ProviderKind, stack: Case["stacks"][number]): string {
  const out = join(host.dir, `cdktf.out-${kind}`);
  const env = { ...host.env, ...providerEnv(kind, TEST_HOST_CACHE, join(host.dir, kind)) };
  if (!existsSync(join(out, "stacks", stack.name))) succeeded("cdktf synth", synthStacks(host.env, out));
  const json = JSON.parse(readFileSync(join(out, "stacks", stack.name, "cdk.tf.json"), "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  const [id] = Object.keys(json.resource?.[stack.target] ?? {});
  if (!id) throw new Error(`${stack.name} has no ${stack.target}`);
  succeeded(`terraform init of ${stack.name}`, terraformIn(stack.name, out, ["init"], env));
  try {
    succeeded(`${describeProvider(kind)}: terraform apply -target=${stack.target}.${id}`, terraformIn(stack.name, out, ["apply", "-auto-approve", `-target=${stack.target}.${id}`], env));
    return snapshotState(stateFile(host.results, stack.name), { [host.dir]: "<DIR>", [host.disks[0]]: "<disk1>", [host.disks[1]]: "<disk2>" });
  } finally {
    succeeded(`terraform destroy of ${stack.name}`, terraformIn(stack.name, out, ["destroy", "-auto-approve"], env));
  }
}

describe.each(CASES)("what libvirt holds after each provider applies the same stacks ($study machine)", (fidelityCase) => {
  let host: TryWithoutKvm;
  beforeAll(() => {
    assertTestHost();
    host = tryWithoutKvm(`kvmbench-e2e-fidelity-${fidelityCase.study}`, { scenarios: fidelityCase.scenarios, replace: fidelityCase.replace });
    mkdirSync(RECORDINGS, { recursive: true });
    for (const kind of KINDS) mkdirSync(join(host.dir, kind), { recursive: true });
  });
  afterAll(() => host?.cleanUp());

  it.each(fidelityCase.stacks)("$name: the same domain, volumes and pools as with provider 0.9.7", (stack) => {
    const recording = join(RECORDINGS, `${stack.name}.txt`);
    for (const kind of KINDS) {
      const snapshot = deployedSnapshot(host, kind, stack);
      if (RECORD && kind === "real") writeFileSync(recording, snapshot);
      if (!existsSync(recording)) throw new Error(`no recording ${recording}: record it with the real provider installed and KVMBENCH_RECORD_FIDELITY=1`);
      expect({ provider: describeProvider(kind), snapshot }).toEqual({ provider: describeProvider(kind), snapshot: readFileSync(recording, "utf8") });
    }
  }, 30 * 60_000);
});
