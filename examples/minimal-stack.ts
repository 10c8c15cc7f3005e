import { Construct } from "constructs";
import { TerraformStack } from "../constructs/core/cdktf";
import { LibvirtDomain, LibvirtProvider, Pool, Volume } from "../constructs/core/libvirt";

export interface MinimalStackProps {
  /** libvirt connection URI. @default "qemu:///system" */
  readonly uri?: string;
  /** Directory backing the example pool. @default "/var/lib/kvmbench/example" */
  readonly poolPath?: string;
}

/**
 * The smallest useful stack: a directory pool, a qcow2 volume in it, and a guest with the
 * volume attached on virtio with cache=writeback. It shows the provider bindings at work
 * (the first thing `cdktf synth` wrote, before the study stacks).
 */
export class MinimalStack extends TerraformStack {
  public readonly domain: LibvirtDomain;

  constructor(scope: Construct, id: string, props: MinimalStackProps = {}) {
    super(scope, id);
    new LibvirtProvider(this, "libvirt", { uri: props.uri ?? "qemu:///system" });

    const pool = new Pool(this, "pool", {
      name: `${id}-pool`,
      type: "dir",
      target: { path: props.poolPath ?? "/var/lib/kvmbench/example" },
    });
    const volume = new Volume(this, "disk", {
      name: `${id}-disk.qcow2`,
      pool: pool.name,
      capacity: 10 * 1024 ** 3,
      target: { format: { type: "qcow2" } },
    });
    this.domain = new LibvirtDomain(this, "guest", {
      name: id,
      type: "kvm",
      memory: 2048,
      memoryUnit: "MiB",
      vcpu: 2,
      os: { type: "hvm", typeArch: "x86_64", typeMachine: "q35" },
      devices: {
        disks: [
          {
            source: { volume: { pool: pool.name, volume: volume.name } },
            target: { dev: "vda", bus: "virtio" },
            driver: { name: "qemu", type: "qcow2", cache: "writeback" },
          },
        ],
      },
    });
  }
}
