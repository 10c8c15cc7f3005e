/**
 * Can Terraform on this machine get the libvirt provider, and can cdktf lock it? Answered by
 * asking Terraform itself, in a scratch folder, with the same configuration a deploy uses (the
 * CLI config, implicit and explicit mirrors, network mirrors, the registry): `terraform init`
 * says whether the provider can be installed; `terraform providers lock`, which cdktf runs after
 * init, says whether its registry can be reached for checksums. A host with the provider in a
 * mirror but no registry (air-gapped) deploys with cdktf's `--skip-provider-lock`: Terraform
 * then records the checksum of the provider it installed from the mirror.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LIBVIRT_PROVIDER } from "../domain/libvirt-provider";
import type { CommandRunner } from "./command-runner";
import type { PreflightProblem } from "./preflight";

/** What the probe found. */
export interface ProviderCheck {
  /** Why no deploy can get the provider; empty when one can. */
  readonly problems: PreflightProblem[];
  /** cdktf must not run `terraform providers lock` (the registry is out of reach). */
  readonly skipProviderLock: boolean;
}

const PLATFORM = "linux_amd64";

/** The lines of Terraform's error worth showing: without blank lines and box drawing. */
function terraformError(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/^[│╷╵]\s?/, "").trim())
    .filter((line) => line !== "")
    .slice(0, 6)
    .join(" ");
}

/**
 * Runs `terraform init` and `terraform providers lock` for a configuration that needs only the
 * libvirt provider, with `env` on top of this process's environment (e.g. TF_CLI_CONFIG_FILE).
 */
export async function checkProvider(run: CommandRunner, env: Readonly<Record<string, string>> = {}): Promise<ProviderCheck> {
  const { source, version } = LIBVIRT_PROVIDER;
  const dir = mkdtempSync(join(tmpdir(), "kvmbench-provider-check-"));
  try {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: { libvirt: { source, version } } } }));
    const chdir = `-chdir=${dir}`;
    const init = await run("terraform", [chdir, "init", "-backend=false", "-input=false", "-no-color"], { timeoutMs: 300_000, env });
    if (init.spawnError === "ENOENT") return { problems: [], skipProviderLock: false }; // checkTerraform reports it
    if (init.code !== 0) {
      const mirror = `~/.terraform.d/plugins/registry.terraform.io/${source}/${version}/${PLATFORM}/terraform-provider-libvirt_v${version}`;
      return {
        problems: [
          {
            check: "provider",
            message: `Terraform cannot install the libvirt provider ${source} ${version} (neither from a mirror nor from its registry): ${terraformError(init.stderr || init.stdout)}`,
            fix:
              `on a networked machine, Terraform downloads it from registry.terraform.io; on an air-gapped host, put the provider binary at ${mirror} ` +
              `(Terraform's implicit filesystem mirror) or declare a filesystem_mirror or network_mirror in the Terraform CLI configuration (TF_CLI_CONFIG_FILE or ~/.terraformrc); see the README, "Air-gapped hosts"`,
          },
        ],
        skipProviderLock: false,
      };
    }
    const lock = await run("terraform", [chdir, "providers", "lock", `-platform=${PLATFORM}`, "-no-color"], { timeoutMs: 120_000, env });
    return { problems: [], skipProviderLock: lock.code !== 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
