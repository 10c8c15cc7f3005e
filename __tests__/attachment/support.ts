import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { App, ITerraformDependable, TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { DiskSource, IDiskBackend, StorageFacts } from "../../constructs/storage/disk-backend";
import { synthConforming } from "../support/synth";

/** A storage backend test double: a fixed source and facts, nothing to depend on. */
export class FakeBackend extends Construct implements IDiskBackend {
  constructor(
    scope: Construct,
    id: string,
    public readonly source: DiskSource,
    public readonly facts: StorageFacts,
    public readonly dependables: readonly ITerraformDependable[] = [],
  ) {
    super(scope, id);
  }
}

export const ZVOL_FACTS: StorageFacts = {
  medium: "block",
  format: "raw",
  onZfs: true,
  directIo: { support: "yes" },
  hostDevices: ["/dev/sdx"],
  summary: "zvol tank/test",
};

export const FUSE_FACTS: StorageFacts = {
  medium: "file",
  format: "qcow2",
  filesystem: "fuse",
  onZfs: false,
  directIo: { support: "no", reason: "FUSE filesystems do not support O_DIRECT" },
  hostDevices: [],
  summary: "qcow2 file on sshfs",
};

export const OLD_ZFS_FACTS: StorageFacts = {
  medium: "file",
  format: "qcow2",
  filesystem: "zfs",
  onZfs: true,
  directIo: {
    support: "ignored",
    reason: "OpenZFS 2.1 accepts O_DIRECT on datasets but ignores it (the ARC still caches); real direct I/O needs 2.3+",
  },
  hostDevices: [],
  summary: "qcow2 file on ZFS dataset tank/images",
};

export function zvol(scope: Construct, id = "zvol", facts: StorageFacts = ZVOL_FACTS): FakeBackend {
  return new FakeBackend(scope, id, { type: "block", path: `/dev/zvol/tank/${id}` }, facts);
}

/** A fresh app, stack and host for one test. */
export function newStack(name = "test-stack"): { app: App; stack: TerraformStack; host: Host } {
  const app = Testing.app();
  const stack = new TerraformStack(app, name);
  const host = new Host(stack, "host");
  return { app, stack, host };
}

export interface RuleAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

/**
 * Synthesizes the way `cdktf synth` does (validations, error annotations, manifest), then checks
 * schema conformance. Throws cdktf's validation error if a rule fails; returns the stack JSON and
 * the warning annotations from the manifest.
 */
export function synthStudy(stack: TerraformStack): { json: StackJson; warnings: RuleAnnotation[] } {
  const outdir = Testing.fullSynth(stack);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { annotations: RuleAnnotation[] }>;
  };
  const warnings = manifest.stacks[stack.node.id].annotations.filter((a) => a.level === "@cdktf/warn");
  return { json: synthConforming(stack) as unknown as StackJson, warnings };
}

/** The message cdktf fails synthesis with, or "" if synthesis succeeds. */
export function synthError(stack: TerraformStack): string {
  try {
    synthStudy(stack);
    return "";
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export interface DiskJson {
  readonly device?: string;
  readonly driver?: { cache?: string; io?: string; discard?: string; name?: string; type?: string };
  readonly target: { dev: string; bus: string };
  readonly source: Record<string, Record<string, string>>;
  readonly serial?: string;
  readonly read_only?: boolean;
  readonly boot?: { order: number };
}

export interface DomainJson {
  readonly name: string;
  readonly os: { type_machine: string; firmware?: string };
  readonly devices: {
    disks?: DiskJson[];
    controllers?: { type: string; model?: string; index?: number }[];
    serials?: Record<string, unknown>[];
    interfaces?: Record<string, unknown>[];
  };
  readonly features?: Record<string, unknown>;
  readonly clock?: Record<string, unknown>;
  readonly cpu?: Record<string, unknown>;
  readonly depends_on?: string[];
  readonly [key: string]: unknown;
}

export interface StackJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
}

/** The one libvirt_domain of a synthesized stack. */
export function domainOf(json: StackJson): DomainJson {
  const domains = Object.values(json.resource.libvirt_domain ?? {});
  if (domains.length !== 1) throw new Error(`expected one libvirt_domain, found ${domains.length}`);
  return domains[0] as DomainJson;
}
