import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { buildStudyApp, StudyFileError } from "../../stacks/app";
import { ScenarioStack } from "../../stacks/scenario-stack";

const dir = mkdtempSync(join(tmpdir(), "kvmbench-hosts-"));
const study = join(dir, "two-hosts.yaml");
writeFileSync(
  study,
  `version: 1
name: two-hosts
hosts:
  - { name: kvm1, uri: "qemu+ssh://root@kvm1/system", ssh: { host: kvm1, privateKeyFile: ~/.ssh/id_ed25519 } }
  - { name: kvm2, uri: "qemu+ssh://root@kvm2/system", ssh: { host: kvm2, privateKeyFile: ~/.ssh/id_ed25519 }, devices: { ssd: /dev/disk/by-id/ata-KVM2_SSD } }
devices: { ssd: /dev/disk/by-id/ata-KVM1_SSD }
storage: { raw: { kind: block, device: ssd } }
guest: { os: linux, image: https://example.org/d.qcow2 }
benchmark: { profile: quick, size: 64MiB }
matrix: { storage: [raw], cache: [none], bus: [virtio] }
`,
);

function scenario(env: Parameters<typeof buildStudyApp>[1]): ScenarioStack {
  return buildStudyApp(Testing.app(), { KVMBENCH_STUDY: study, KVMBENCH_RESULTS: "/results/two-hosts", ...env }).stacks[0] as ScenarioStack;
}

describe("where a scenario is built", () => {
  it("defaults to the scenario's first allowed host", () => {
    const stack = scenario({});
    expect(stack.host.uri).toBe("qemu+ssh://root@kvm1/system");
    expect(stack.storage.source).toEqual({ type: "block", path: "/dev/disk/by-id/ata-KVM1_SSD" });
  });

  it("KVMBENCH_HOST places it on another allowed host, with that host's device paths", () => {
    const stack = scenario({ KVMBENCH_HOST: "kvm2" });
    expect(stack.host.uri).toBe("qemu+ssh://root@kvm2/system");
    expect(stack.storage.source).toEqual({ type: "block", path: "/dev/disk/by-id/ata-KVM2_SSD" });
  });

  it("checks the guest with virsh on the host itself, not over SSH back to it", () => {
    const json = JSON.parse(Testing.synth(scenario({}) as TerraformStack)) as {
      resource: { terraform_data: Record<string, { input?: Record<string, string> }> };
    };
    const [wait] = Object.entries(json.resource.terraform_data).filter(([id]) => id.startsWith("runner_wait_"));
    expect(wait[1].input?.KVMBENCH_VIRSH).toBe("virsh -c qemu:///system");
  });

  it("refuses a host the study does not name", () => {
    expect(() => scenario({ KVMBENCH_HOST: "kvm3" })).toThrow(StudyFileError);
    expect(() => scenario({ KVMBENCH_HOST: "kvm3" })).toThrow(/KVMBENCH_HOST=kvm3: the study has no host of that name \(its hosts: kvm1, kvm2\)/);
  });
});

describe("Terraform state", () => {
  it("is kept per study, beside its results", () => {
    const json = JSON.parse(Testing.synth(scenario({}) as TerraformStack)) as { terraform: { backend: { local: { path: string } } } };
    expect(json.terraform.backend.local.path).toBe("/results/two-hosts/.kvmbench/state/raw-none-virtio.tfstate");
  });
});
