/**
 * The libvirt provider the end-to-end tests deploy with, always from a filesystem mirror with no
 * registry in reach, as on an air-gapped KVM host:
 *
 * - the real provider 0.9.7, where it sits in Terraform's implicit mirror
 *   (~/.terraform.d/plugins; built by hand on a development machine, never by this project);
 * - otherwise kvmbench's stand-in (test-host/libvirt-stand-in/): a provider plugin answering to
 *   dmacvicar/libvirt 0.9.7 with the same schema, which `npm run setup:test-host` builds into a
 *   mirror of its own, with the Terraform CLI configuration that selects that mirror.
 *
 * KVMBENCH_PROVIDER=real|stand-in picks one (to run the suite both ways on a machine with both).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { LIBVIRT_PROVIDER } from "../domain/libvirt-provider";

export type ProviderKind = "real" | "stand-in";

const { address, version } = LIBVIRT_PROVIDER;
const PROVIDER_FILE = join(address, version, "linux_amd64", `terraform-provider-libvirt_v${version}`);

/** Terraform's implicit filesystem mirror, where a hand-built real provider goes. */
export const IMPLICIT_MIRROR = join(homedir(), ".terraform.d", "plugins");

/** The stand-in's mirror and its Terraform CLI configuration, as `npm run setup:test-host` leaves them. */
function standIn(cache: string): { mirror: string; cliConfig: string } {
  const dir = join(cache, "libvirt-stand-in");
  return { mirror: join(dir, "mirror"), cliConfig: join(dir, "terraform.rc") };
}

/** The real provider binary in the implicit mirror, if one is installed there. */
export function realProviderPath(): string | undefined {
  const path = join(IMPLICIT_MIRROR, PROVIDER_FILE);
  return existsSync(path) ? path : undefined;
}

/** The stand-in's binary, if setup built it. */
export function standInProviderPath(cache: string): string | undefined {
  const path = join(standIn(cache).mirror, PROVIDER_FILE);
  return existsSync(path) ? path : undefined;
}

/** The provider these tests deploy with (see the file comment). */
export function providerUnderTest(): ProviderKind {
  const asked = process.env.KVMBENCH_PROVIDER;
  if (asked === "real" || asked === "stand-in") return asked;
  if (asked !== undefined && asked !== "") throw new Error(`KVMBENCH_PROVIDER must be "real" or "stand-in", not "${asked}"`);
  return realProviderPath() ? "real" : "stand-in";
}

/** "libvirt provider 0.9.7" or "the provider's stand-in", for test titles and figures. */
export function describeProvider(kind: ProviderKind): string {
  return kind === "real" ? `libvirt provider ${version}` : `the provider's stand-in (${version})`;
}

/**
 * The Terraform CLI configuration that takes the provider from `kind`'s mirror and never from a
 * registry: for the real provider, Terraform's default (the implicit mirror) without checkpoint
 * calls, written to `dir`; for the stand-in, the one setup wrote beside its mirror (declared the
 * way an air-gapped user declares theirs).
 */
export function terraformCliConfigFile(kind: ProviderKind, cache: string, dir: string): string {
  if (kind === "stand-in") return standIn(cache).cliConfig;
  const file = join(dir, "terraform.rc");
  writeFileSync(file, "disable_checkpoint = true\n");
  return file;
}

/**
 * What Terraform needs to deploy with `kind`'s provider: its CLI configuration
 * (terraformCliConfigFile) and a plugin cache of the provider's own. cdktf points every
 * Terraform at ~/.terraform.d/plugin-cache unless TF_PLUGIN_CACHE_DIR is set, and both providers
 * are dmacvicar/libvirt 0.9.7 for linux_amd64: a run with one provider would replace the other's
 * cached package under a deploy in flight ("the cached package ... does not match any of the
 * checksums recorded in the dependency lock file").
 */
export function providerEnv(kind: ProviderKind, cache: string, dir: string): { TF_CLI_CONFIG_FILE: string; TF_PLUGIN_CACHE_DIR: string } {
  const pluginCache = join(cache, "plugin-cache", kind);
  mkdirSync(pluginCache, { recursive: true });
  return { TF_CLI_CONFIG_FILE: terraformCliConfigFile(kind, cache, dir), TF_PLUGIN_CACHE_DIR: pluginCache };
}
