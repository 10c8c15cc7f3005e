import { Construct } from "constructs";
import type { ITerraformDependable } from "../core/cdktf";
import type { Host } from "../host/host";
import { HostStep } from "../host/host-step";
import { storageScript, type StorageScript } from "./scripts";

/** The one host step of a HostObject. */
export interface HostObjectStep {
  /** The storage script that creates (KB_ACTION=create) and destroys (KB_ACTION=destroy) the object. */
  readonly script: StorageScript;
  /** The script's settings (see HostStep). */
  readonly environment: Readonly<Record<string, string>>;
  /** What must exist first (the pool under a zvol, the device under a filesystem...). */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Construct id of the step. @default "create" */
  readonly id?: string;
}

/**
 * Something kvmbench makes on the host with one host step, and unmakes with the same step on
 * destroy: a ZFS pool, dataset or zvol, an LVM volume group or logical volume, a filesystem, a
 * disk image, a claimed raw disk. What it makes carries kvmbench's mark (a ZFS user property, an
 * LVM tag, a filesystem UUID, a marker file, a device lock), so that teardown removes only what
 * this stack made. A subclass works out its settings and command lines, then calls `createStep`
 * once in its constructor; its `checkProps` errors fail synth.
 */
export abstract class HostObject extends Construct {
  /** The host the object is on. */
  public readonly host: Host;
  private hostStep?: HostStep;

  protected constructor(scope: Construct, id: string, host: Host) {
    super(scope, id);
    this.host = host;
    this.node.addValidation({ validate: () => this.checkProps() });
  }

  /** Escape hatch: the host step that makes and unmakes the object. */
  public get step(): HostStep {
    if (!this.hostStep) throw new Error(`${this.node.path}: the host step is not created yet`);
    return this.hostStep;
  }

  /** What must exist before the object can be used: its host step. */
  public get dependables(): readonly ITerraformDependable[] {
    return [this.step.resource];
  }

  /** Creates the host step (once, in the subclass's constructor). */
  protected createStep(props: HostObjectStep): HostStep {
    if (this.hostStep) throw new Error(`${this.node.path}: a HostObject has one host step`);
    this.hostStep = new HostStep(this, props.id ?? "create", {
      host: this.host,
      script: storageScript(props.script),
      environment: props.environment,
      dependsOn: props.dependsOn,
    });
    return this.hostStep;
  }

  /** What is wrong with the object's settings (reported at synth). */
  protected checkProps(): string[] {
    return [];
  }
}
