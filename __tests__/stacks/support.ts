import { App, TerraformStack, Testing } from "../../constructs/core/cdktf";
import { buildStudyApp } from "../../stacks/app";
import { synthConforming } from "../support/synth";

/** Synthesized JSON as the stack tests read it. */
export interface StackJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
}

/** The seed study's app, with results going to a fixed directory so the JSON is machine-independent. */
export function seedApp(): { app: App; stacks: TerraformStack[] } {
  const app = Testing.app();
  const { stacks } = buildStudyApp(app, { KVMBENCH_RESULTS: "/results/seed-study" });
  return { app, stacks };
}

export function stackJson(stack: TerraformStack): StackJson {
  return synthConforming(stack) as unknown as StackJson;
}

/**
 * The resources of one type under a construct path inside the stack, e.g. "storage/zfs-pool"
 * (cdktf derives logical ids from the path: `storage_zfs-pool_create_step_<hash>`).
 */
export function resourcesAt(json: StackJson, type: string, path: string): Record<string, unknown>[] {
  const prefix = path.replace(/\//g, "_") + "_";
  return Object.entries(json.resource[type] ?? {})
    .filter(([id]) => id.startsWith(prefix))
    .map(([, resource]) => resource);
}

/** A logical id without cdktf's hash suffix: `storage_zvol_create_step`. */
export function withoutHash(id: string): string {
  return id.replace(/_[0-9A-F]{8}$/, "");
}

/** The script of a host step's create provisioner, as the shell receives it. */
export function createCommand(step: Record<string, unknown>): string {
  const provisioners = step.provisioner as Array<Record<string, { command?: string; inline?: string[] }>>;
  const create = provisioners.map((p) => Object.values(p)[0]).find((p) => !("when" in p));
  return (create?.command ?? create?.inline?.join("\n") ?? "").replace(/\$\$\{/g, "${");
}

/** A host step's settings (`input`). */
export function stepInput(step: Record<string, unknown>): Record<string, string> {
  return step.input as Record<string, string>;
}
