import { TerraformStack } from "../../constructs/core/cdktf";
import { fioJobFile } from "../../runner/fio-jobfile";
import { createCommand, resourcesAt, seedApp, StackJson, stackJson, stepInput, withoutHash } from "./support";

const { stacks } = seedApp();
const byName = new Map(stacks.map((s) => [s.node.id, s] as const));
function synth(name: string): StackJson {
  const stack = byName.get(name);
  if (!stack) throw new Error(`no stack ${name}`);
  return stackJson(stack as TerraformStack);
}

interface DiskJson {
  serial?: string;
  source: { file?: { file: string }; block?: { dev: string } };
  driver: { cache?: string; io?: string; type: string };
  target: { bus: string; dev: string };
}

function domainOf(json: StackJson): { os: { type_machine: string }; devices: { disks: DiskJson[]; serials: unknown[] } } {
  return Object.values(json.resource.libvirt_domain)[0] as never;
}

function diskUnderTest(json: StackJson): DiskJson {
  const disk = domainOf(json).devices.disks.find((d) => d.serial === "kvmbench-dut");
  if (!disk) throw new Error("no disk under test");
  return disk;
}

/** What a reviewer needs of a scenario's storage: each host step's settings, and the disk the guest gets. */
function storageView(json: StackJson): unknown {
  const steps = Object.entries(json.resource.terraform_data)
    .filter(([id]) => id.startsWith("storage_"))
    .map(([id, step]) => {
      const { KVMBENCH_STACK: _s, KVMBENCH_WORKDIR: _w, ...settings } = stepInput(step);
      // Commands travel one argument per line; a reviewer reads them as command lines.
      const readable = Object.entries(settings).map(([k, v]) => [k, k.endsWith("_COMMAND") ? v.split("\n").join(" ") : v]);
      return { [withoutHash(id)]: Object.fromEntries(readable) };
    });
  return { steps, diskUnderTest: diskUnderTest(json) };
}

describe("one scenario per storage kind (snapshots of the storage steps and the disk under test)", () => {
  it.each([
    "raw-none-virtio",
    "lvm-none-virtio",
    "zvol-none-virtio",
    "xfs-qcow2-writeback-virtio",
    "zfs-qcow2-writethrough-virtio",
    "zvol-ext4-qcow2-writeback-ide",
  ])("%s", (name) => {
    expect(storageView(synth(name))).toMatchSnapshot();
  });

  it("raw: the whole disk, by its stable by-id path, as a raw block device", () => {
    const disk = diskUnderTest(synth("raw-none-virtio"));
    expect(disk.source).toEqual({ block: { dev: "/dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000" } });
    expect(disk.driver).toEqual({ name: "qemu", type: "raw", cache: "none" });
  });

  it("lvm: a volume group owned by the scenario and a 100 GiB logical volume on it", () => {
    const json = synth("lvm-none-virtio");
    const [group] = resourcesAt(json, "terraform_data", "storage/volume-group");
    const [volume] = resourcesAt(json, "terraform_data", "storage/logical-volume");
    expect(stepInput(group).CREATE_COMMAND.split("\n").join(" ")).toMatch(/^lvm vgcreate --yes --addtag kvmbench:owner=lvm-none-virtio kvmbench-lvm \/dev\/disk\/by-id\//);
    expect(stepInput(volume).CREATE_COMMAND.split("\n").join(" ")).toMatch(/^lvm lvcreate .* --name vm --size 100g kvmbench-lvm$/);
    expect(diskUnderTest(json).source).toEqual({ block: { dev: "/dev/kvmbench-lvm/vm" } });
  });

  it("zvol: zpool create with ashift=12 and no compression (as the seed), zfs create -V 100G with volblocksize=16K", () => {
    const json = synth("zvol-none-virtio");
    const [pool] = resourcesAt(json, "terraform_data", "storage/zfs-pool");
    const [zvol] = resourcesAt(json, "terraform_data", "storage/zvol");
    expect(stepInput(pool).CREATE_COMMAND.split("\n").join(" ")).toMatch(/^zpool create -o ashift=12 -O compression=off /);
    expect(stepInput(zvol).CREATE_COMMAND.split("\n").join(" ")).toMatch(/^zfs create -V 100G -o volblocksize=16K /);
    expect(diskUnderTest(json).source).toEqual({ block: { dev: "/dev/zvol/kvmbench-zvol/vm" } });
  });

  it("xfs-qcow2: mkfs.xfs on the disk, a fully preallocated qcow2 on it, cache=writeback", () => {
    const json = synth("xfs-qcow2-writeback-virtio");
    const [fs] = resourcesAt(json, "terraform_data", "storage/filesystem");
    const [image] = resourcesAt(json, "terraform_data", "storage/image");
    expect(stepInput(fs).MKFS_COMMAND.split("\n")[0]).toBe("mkfs.xfs");
    expect(stepInput(image).CREATE_COMMAND.split("\n").join(" ")).toMatch(/^qemu-img create -f qcow2 -o preallocation=full .* 100G$/);
    expect(diskUnderTest(json)).toMatchObject({
      source: { file: { file: "/var/lib/kvmbench/mnt/xfs-qcow2/image.qcow2" } },
      driver: { type: "qcow2", cache: "writeback" },
    });
  });

  it("zfs-qcow2: a qcow2 on a dataset of a pool with compression off", () => {
    const json = synth("zfs-qcow2-writethrough-virtio");
    const [pool] = resourcesAt(json, "terraform_data", "storage/zfs-pool");
    expect(stepInput(pool).CREATE_COMMAND.split("\n").join(" ")).toContain("-O compression=off");
    expect(resourcesAt(json, "terraform_data", "storage/dataset")).toHaveLength(1);
    expect(diskUnderTest(json).driver).toMatchObject({ type: "qcow2", cache: "writethrough" });
  });

  it("zvol-ext4-qcow2 on IDE: ext4 on the zvol, machine pc, bus ide", () => {
    const json = synth("zvol-ext4-qcow2-writeback-ide");
    const [fs] = resourcesAt(json, "terraform_data", "storage/filesystem");
    expect(stepInput(fs).DEVICE).toBe("/dev/zvol/kvmbench-zvol-ext4-qcow2/vm");
    expect(stepInput(fs).MKFS_COMMAND.split("\n")[0]).toBe("mkfs.ext4");
    expect(domainOf(json).os.type_machine).toBe("pc");
    expect(diskUnderTest(json).target.bus).toBe("ide");
  });
});

describe("the jokers' scenarios", () => {
  const wdDisks = [1, 2, 3, 4].map((i) => `/dev/disk/by-id/ata-WDC_WD1001FAEX-00Z3A0_WD-WCATR000000${i}`);

  it.each(["raidz1-zvol-ext4-qcow2-writeback-virtio", "raidz1-zfs-qcow2-writeback-virtio"])("%s: a RAIDZ1 pool of the four WD disks, made on the jokers host", (name) => {
    const json = synth(name) as StackJson & { provider: { libvirt: { uri: string }[] } };
    const [pool] = resourcesAt(json, "terraform_data", "storage/zfs-pool");
    expect(stepInput(pool).CREATE_COMMAND.split("\n").join(" ")).toMatch(new RegExp(` raidz1 ${wdDisks.join(" ")}$`));
    expect(JSON.stringify(json)).not.toContain("Samsung");
    expect(pool.connection).toMatchObject({ type: "ssh", host: "jokers", user: "root" });
    expect(json.provider.libvirt[0].uri).toMatch(/^qemu\+ssh:\/\/root@jokers:22\/system\?/);
    expect(diskUnderTest(json).driver).toMatchObject({ type: "qcow2", cache: "writeback" });
  });

  it("no stack of the test system names a jokers' disk", () => {
    for (const stack of stacks.filter((s) => !s.node.id.startsWith("raidz1-"))) expect(JSON.stringify(stackJson(stack as TerraformStack))).not.toContain("WD1001FAEX");
  });
});

describe("the runner in every scenario", () => {
  const json = synth("xfs-qcow2-writeback-virtio");
  const [prepare] = resourcesAt(json, "terraform_data", "runner/prepare");
  const [wait] = resourcesAt(json, "terraform_data", "runner/wait");
  const [collect] = resourcesAt(json, "terraform_data", "runner/results/collect");
  const domain = Object.entries(json.resource.libvirt_domain)[0];

  it("has a results serial port whose host side is a file under the study's workdir", () => {
    expect(domainOf(json).devices.serials).toContainEqual({
      source: { file: { append: "off", path: "/var/lib/kvmbench/results/seed-study/xfs-qcow2-writeback-virtio.serial.log" } },
      target: { port: 1, type: "isa-serial" },
    });
  });

  it("drops caches before the guest starts, waits for results after it, then collects them", () => {
    expect(createCommand(prepare)).toContain("drop_caches");
    expect(domain[1].depends_on).toContain(`terraform_data.${Object.keys(json.resource.terraform_data).find((k) => k.startsWith("runner_prepare"))}`);
    expect(wait.depends_on).toEqual([`libvirt_domain.${domain[0]}`]);
    expect(stepInput(wait)).toMatchObject({
      KVMBENCH_SERIAL_LOG: "/var/lib/kvmbench/results/seed-study/xfs-qcow2-writeback-virtio.serial.log",
      KVMBENCH_CONSOLE_LOG: "/var/lib/kvmbench/results/seed-study/xfs-qcow2-writeback-virtio.console.log",
      KVMBENCH_FAILED_FILE: "/var/lib/kvmbench/results/seed-study/xfs-qcow2-writeback-virtio.failed.txt",
      KVMBENCH_DOMAIN: "kvmbench-xfs-qcow2-writeback-virtio",
      KVMBENCH_TIMEOUT: expect.stringMatching(/^\d+$/),
    });
    expect((collect.depends_on as string[])[0]).toMatch(/^terraform_data\.runner_wait_step/);
  });

  it("gives the result file's path as the stack's output, with the scenario's configuration in the collector", () => {
    expect(json.output?.results_path.value).toBe("/results/seed-study/xfs-qcow2-writeback-virtio.json");
    const provisioner = (collect.provisioner as Array<{ "local-exec": { environment: Record<string, string> } }>)[0]["local-exec"];
    // every file the collector reads and writes is handed to it, the result file being the one the output names
    expect(provisioner.environment).toMatchObject({
      SERIAL_LOG: "/var/lib/kvmbench/results/seed-study/xfs-qcow2-writeback-virtio.serial.log",
      HOST_FACTS: "/var/lib/kvmbench/results/seed-study/xfs-qcow2-writeback-virtio.host.json",
      CACHE_RECORD: "/var/lib/kvmbench/results/seed-study/xfs-qcow2-writeback-virtio.caches.json",
      RESULT_FILE: json.output?.results_path.value,
    });
    const configuration = JSON.parse(provisioner.environment.CONFIGURATION) as Record<string, unknown>;
    expect(configuration).toMatchObject({
      name: "xfs-qcow2-writeback-virtio",
      storageName: "xfs-qcow2",
      attachment: { bus: "virtio", cache: "writeback", machine: "pc" },
    });
  });

  it("boots the guest with cloud-init user-data that runs the benchmark on the disk found by its serial", () => {
    const [cidata] = Object.values(json.resource.libvirt_cloudinit_disk);
    const userData = cidata.user_data as string;
    expect(userData.startsWith("#cloud-config")).toBe(true);
    expect(userData).toContain("kvmbench-dut");
    expect(userData).toContain("/dev/ttyS1");
  });
});

describe("the baseline stack", () => {
  const json = synth("baseline");
  const [run] = resourcesAt(json, "terraform_data", "baseline/run/step");

  it("runs the scenarios' fio job file on the bare device, refusing data unless wipe is set", () => {
    const input = stepInput(run);
    expect(input.DEVICE).toBe("/dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000");
    expect(input.WIPE).toBe("0");
    expect(input.REPEATS).toBe("3");
    const jobFile = Buffer.from(input.JOB_FILE_BASE64, "base64").toString();
    expect(jobFile).toMatch(/rw=randread/);
    expect(jobFile).toMatch(/bs=4k/i);
    expect(createCommand(run)).toContain("kb_guard");
    expect(json.output?.results_path.value).toBe("/results/seed-study/baseline.json");
  });

  it("uses the same job file as the scenarios", () => {
    const input = stepInput(run);
    const [cidata] = Object.values(synth("raw-none-virtio").resource.libvirt_cloudinit_disk);
    const jobFile = Buffer.from(input.JOB_FILE_BASE64, "base64").toString();
    expect(fioJobFile.length).toBeGreaterThan(0);
    expect(cidata.user_data as string).toContain(jobFile.split("\n").find((l) => l.startsWith("[")) ?? "none");
  });
});
