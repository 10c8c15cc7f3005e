/**
 * The libvirt provider's stand-in, for machines that cannot install provider 0.9.7 (its Go
 * module is not served here). Rewrites a synthesized stack so that Terraform itself still plans,
 * orders, applies and destroys it, host steps and all, while each `libvirt_*` resource becomes a
 * `terraform_data` whose provisioners do what the provider does (see apply.ts). References to
 * the resources' read-only attributes (a volume's path, a cloud-init disk's path) resolve to
 * what the provider would report.
 *
 * What this does not prove: the provider's own mapping of the schema to XML and its read-back;
 * the end-to-end tests use the real provider whenever it is installed.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

type Json = Record<string, unknown>;
interface StackJson {
  resource?: Record<string, Record<string, Json>>;
  provider?: Record<string, unknown>;
  terraform?: { required_providers?: Record<string, unknown> } & Json;
}

const LIBVIRT_TYPES = ["libvirt_volume", "libvirt_pool", "libvirt_cloudinit_disk", "libvirt_domain"] as const;
type LibvirtType = (typeof LIBVIRT_TYPES)[number];

const APPLY_SCRIPT = join(__dirname, "apply.ts");

/** The stand-in's resource name for a libvirt resource. */
export function standInId(type: string, id: string): string {
  return `${type}__${id}`;
}

/** `${libvirt_volume.x.path}` -> `${terraform_data.libvirt_volume__x.output.computed.path}`, anywhere in a value. */
function rewriteReferences(value: unknown): unknown {
  if (typeof value === "string") {
    return value.replace(
      /(?<!\$)\$\{(libvirt_(?:volume|pool|cloudinit_disk|domain))\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g,
      (_, type: string, id: string, attribute: string) => `\${terraform_data.${standInId(type, id)}.output.computed.${attribute}}`,
    );
  }
  if (Array.isArray(value)) return value.map(rewriteReferences);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, rewriteReferences(v)]));
  }
  return value;
}

function rewriteDependsOn(dependsOn: unknown): string[] | undefined {
  if (!Array.isArray(dependsOn)) return undefined;
  return (dependsOn as string[]).map((d) => {
    const match = /^(libvirt_[a-z_]+)\.(.+)$/.exec(d);
    return match && (LIBVIRT_TYPES as readonly string[]).includes(match[1]) ? `terraform_data.${standInId(match[1], match[2])}` : d;
  });
}

/** The target path of a pool libvirt already has. */
function existingPoolPath(uri: string, pool: string): string {
  const xml = spawnSync("virsh", ["-q", "-c", uri, "pool-dumpxml", pool], { encoding: "utf8" });
  const path = /<target>\s*<path>([^<]+)<\/path>/.exec(xml.stdout ?? "")?.[1];
  if (xml.status !== 0 || !path) throw new Error(`libvirt stand-in: no pool "${pool}" on ${uri}: ${xml.stderr}`);
  return path;
}

export interface StandInOptions {
  /** Where the stand-in writes cloud-init ISOs (the provider uses a temporary file). */
  readonly isoDir: string;
}

/** The stack with every libvirt resource replaced by its stand-in and the provider removed. */
export function withLibvirtStandIn(stack: StackJson, options: StandInOptions): StackJson {
  const uri = String(((stack.provider?.libvirt as Json[] | undefined)?.[0] ?? {}).uri ?? "qemu:///system");
  const resources = stack.resource ?? {};
  const poolPaths = new Map<string, string>();
  for (const pool of Object.values(resources.libvirt_pool ?? {})) poolPaths.set(String(pool.name), String((pool.target as Json).path));
  const poolPath = (name: string): string => {
    if (!poolPaths.has(name)) poolPaths.set(name, existingPoolPath(uri, name));
    return poolPaths.get(name) as string;
  };

  const standIns: Record<string, Json> = {};
  for (const type of LIBVIRT_TYPES) {
    for (const [id, resource] of Object.entries(resources[type] ?? {})) {
      const { "//": comment, provider: _provider, depends_on: dependsOn, ...config } = resource;
      const name = String(config.name);
      const computed = computedAttributes(type, config, name, poolPath, options);
      standIns[standInId(type, id)] = {
        ...(comment ? { "//": comment } : {}),
        input: { type, uri, config: rewriteReferences(config), computed },
        ...(dependsOn ? { depends_on: rewriteDependsOn(dependsOn) } : {}),
        provisioner: (["create", "destroy"] as const).map((action) => ({
          "local-exec": {
            ...(action === "destroy" ? { when: "destroy" } : {}),
            command: `'${process.execPath}' --require '${require.resolve("tsx/cjs")}' '${APPLY_SCRIPT}'`,
            environment: { KB_ACTION: action, KVMBENCH_STAND_IN: "${jsonencode(self.input)}" },
          },
        })),
      };
    }
  }

  const others = Object.fromEntries(
    Object.entries(resources)
      .filter(([type]) => !(LIBVIRT_TYPES as readonly string[]).includes(type))
      .map(([type, byId]) => [
        type,
        Object.fromEntries(
          Object.entries(byId).map(([id, r]) => {
            const dependsOn = rewriteDependsOn(r.depends_on);
            return [id, { ...(rewriteReferences(r) as Json), ...(dependsOn ? { depends_on: dependsOn } : {}) }];
          }),
        ),
      ]),
  );
  const terraformData = { ...(others.terraform_data ?? {}), ...standIns };
  const { libvirt: _libvirt, ...providers } = stack.provider ?? {};
  const { libvirt: _required, ...requiredProviders } = stack.terraform?.required_providers ?? {};
  return {
    ...stack,
    terraform: { ...stack.terraform, required_providers: requiredProviders },
    ...(Object.keys(providers).length ? { provider: providers } : { provider: undefined }),
    resource: { ...others, terraform_data: terraformData },
  };
}

function computedAttributes(type: LibvirtType, config: Json, name: string, poolPath: (pool: string) => string, options: StandInOptions): Record<string, string> {
  switch (type) {
    case "libvirt_volume": {
      const path = `${poolPath(String(config.pool))}/${name}`;
      return { name, path, pool: String(config.pool), id: path, key: path };
    }
    case "libvirt_cloudinit_disk": {
      const path = join(options.isoDir, `${name}.iso`);
      return { name, path, id: path };
    }
    case "libvirt_pool":
      return { name, id: name };
    case "libvirt_domain":
      return { name, id: name };
  }
}
