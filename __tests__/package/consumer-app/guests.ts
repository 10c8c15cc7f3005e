/**
 * A cdktf app written by a user of the kvmbench package: production guests, each with a data
 * disk, built from the packed library (compiled with `tsc --strict`, run with plain node). The
 * package tests install the tarball next to this file (support/consumer.ts); the end-to-end test
 * deploys one stack on the test host with the settings below pointed at it.
 *
 * One stack per way of giving the guest its data disk:
 * - `pool-data-disk`: a new volume in a libvirt pool the host already has (PoolVolume in
 *   `DirectoryPool.fromName`), the stack the end-to-end test deploys;
 * - `zvol-data-disk`: a new zvol on a ZFS pool the host already has (`ZfsPool.fromName`);
 * - `raw-data-disk`: a whole host disk (RawDisk on a BlockDevice).
 *
 * It also adds constructs of its own tree (its `constructs` and `cdktf`) to the library's and the
 * library's to its own: with one copy of `constructs` (a peer dependency) both work.
 */
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DiskAttachment, Guest, GuestOs, Host, type IDiskBackend } from "kvmbench";
import { BlockDevice, DirectoryPool, PoolVolume, RawDisk, ZfsPool, Zvol } from "kvmbench/storage";

/** Settings a deploy may change through the environment; the defaults are a production host's. */
const settings = {
  uri: process.env.APP_LIBVIRT_URI ?? "qemu:///system",
  workdir: process.env.APP_WORKDIR,
  image: process.env.APP_IMAGE ?? "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2",
  kernel: process.env.APP_KERNEL,
  initrd: process.env.APP_INITRD,
  cmdline: process.env.APP_CMDLINE,
  accelerator: process.env.APP_ACCELERATOR === "tcg" ? ("tcg" as const) : ("kvm" as const),
  network: process.env.APP_NETWORK !== "none",
  consoleLog: process.env.APP_CONSOLE_LOG,
  dataDevice: process.env.APP_DATA_DEVICE ?? "/dev/disk/by-id/nvme-DATA_DISK_1",
  /** The libvirt pool already on the host that `pool-data-disk` puts the data volume in. */
  pool: process.env.APP_POOL ?? "default",
  /** The ZFS pool already on the host that `zvol-data-disk` makes the zvol in. */
  zfsPool: process.env.APP_ZFS_POOL ?? "tank",
};

const USER_DATA = `#cloud-config
users:
  - name: admin
    groups: [sudo]
    shell: /bin/bash
# tells the console which disk carries the data disk's serial
runcmd:
  - |
    disk=$(lsblk -dno NAME,SERIAL | awk '$2 == "data" { print $1 }')
    echo "app: data disk \${disk:-missing}" > /dev/ttyS0
`;

/** The guest every stack builds: the user's own construct, holding the library's. */
class ProductionGuest extends Construct {
  public readonly guest: Guest;
  public readonly data: DiskAttachment;

  constructor(scope: Construct, id: string, props: { host: Host; data: IDiskBackend }) {
    super(scope, id);
    const kernelBoot = settings.kernel ? { kernel: settings.kernel, initrd: settings.initrd, cmdline: settings.cmdline } : undefined;
    this.guest = new Guest(this, "guest", {
      host: props.host,
      name: `app-${TerraformStack.of(this).node.id}`,
      vcpus: 2,
      memory: "1GiB",
      accelerator: settings.accelerator,
      autostart: settings.accelerator === "kvm",
      network: settings.network ? { network: "default" } : false,
      consoleLogFile: settings.consoleLog,
      os: GuestOs.linux({ image: settings.image, userData: USER_DATA, directKernelBoot: kernelBoot }),
    });
    this.data = new DiskAttachment(this, "data", {
      guest: this.guest,
      backend: props.data,
      bus: "virtio",
      cache: "none",
      io: "native",
      discard: "unmap",
      serial: "data",
    });
    // The user's cdktf, inside the library's construct.
    new TerraformOutput(this.guest, "domain-name", { value: this.guest.name }).overrideLogicalId("domain_name");
  }
}

function hostIn(stack: TerraformStack): Host {
  return new Host(stack, "host", { uri: settings.uri, workdir: settings.workdir });
}

/** A whole host disk for the guest's data. */
class RawDataDiskStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = hostIn(this);
    const device = new BlockDevice(this, "ssd", { host, path: settings.dataDevice });
    new ProductionGuest(this, "app", { host, data: new RawDisk(this, "data-disk", { device }) });
  }
}

/** A new volume in a libvirt storage pool the host already has, which the stack neither makes nor removes. */
class PoolDataDiskStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = hostIn(this);
    const pool = DirectoryPool.fromName(this, "pool", { host, name: settings.pool });
    new ProductionGuest(this, "app", { host, data: new PoolVolume(this, "data-disk", { pool, name: `app-${id}-data.qcow2`, size: "1GiB" }) });
  }
}

/** A new zvol on a ZFS pool the host already has, which the stack neither makes nor destroys. */
class ZvolDataDiskStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = hostIn(this);
    const tank = ZfsPool.fromName(this, "tank", { host, name: settings.zfsPool });
    new ProductionGuest(this, "app", { host, data: new Zvol(this, "data-disk", { pool: tank, name: `app-${id}-data`, size: "1GiB" }) });
  }
}

const app = new App();
new RawDataDiskStack(app, "raw-data-disk");
new PoolDataDiskStack(app, "pool-data-disk");
new ZvolDataDiskStack(app, "zvol-data-disk");
app.synth();
