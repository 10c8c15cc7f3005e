/**
 * The provider check asks the real terraform, under a Terraform CLI configuration of the test's
 * own: a filesystem mirror that lacks the provider (nothing can be installed: a problem with a
 * fix), and one that has it while the registry is out of reach, as on an air-gapped KVM host
 * (deploys go on, with cdktf's --skip-provider-lock).
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkProvider, spawnCommandRunner } from "../../orchestrate";
import { freshDirectory } from "../fixtures/results/fio-study";

const PROVIDER_DIR = "registry.terraform.io/dmacvicar/libvirt/0.9.7/linux_amd64";

/** A CLI config that takes dmacvicar/libvirt only from `mirror` (never from its registry). */
function mirrorOnlyConfig(dir: string, mirror: string): string {
  const file = join(dir, "terraform.rc");
  writeFileSync(
    file,
    [
      "disable_checkpoint = true",
      "provider_installation {",
      `  filesystem_mirror {\n    path = "${mirror}"\n    include = ["registry.terraform.io/dmacvicar/libvirt"]\n  }`,
      `  direct {\n    exclude = ["registry.terraform.io/dmacvicar/libvirt"]\n  }`,
      "}",
      "",
    ].join("\n"),
  );
  return file;
}

describe("checkProvider (real terraform)", () => {
  it("says when no mirror has the provider and the registry cannot give it, and how to fix that", async () => {
    const dir = freshDirectory("provider-check-none");
    mkdirSync(join(dir, "mirror"));
    const check = await checkProvider(spawnCommandRunner, { TF_CLI_CONFIG_FILE: mirrorOnlyConfig(dir, join(dir, "mirror")) });
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0].check).toBe("provider");
    expect(check.problems[0].message).toMatch(/^Terraform cannot install the libvirt provider dmacvicar\/libvirt 0\.9\.7 .*: .*dmacvicar\/libvirt/);
    expect(check.problems[0].fix).toContain("~/.terraform.d/plugins/registry.terraform.io/dmacvicar/libvirt/0.9.7/linux_amd64/terraform-provider-libvirt_v0.9.7");
    expect(check.problems[0].fix).toContain('"Air-gapped hosts"');
  }, 60_000);

  it("finds the provider in a filesystem mirror and, with no registry to lock against, skips cdktf's lock step", async () => {
    const dir = freshDirectory("provider-check-mirror");
    const binary = join(dir, "mirror", PROVIDER_DIR, "terraform-provider-libvirt_v0.9.7");
    mkdirSync(join(binary, ".."), { recursive: true });
    // terraform init installs a mirror's provider without running it
    writeFileSync(binary, "#!/bin/sh\nexit 1\n");
    chmodSync(binary, 0o755);
    const check = await checkProvider(spawnCommandRunner, { TF_CLI_CONFIG_FILE: mirrorOnlyConfig(dir, join(dir, "mirror")) });
    expect(check).toEqual({ problems: [], skipProviderLock: true });
  }, 60_000);
});
