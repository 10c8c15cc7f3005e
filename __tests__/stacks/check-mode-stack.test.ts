/**
 * The seed study with `benchmark.mode: check`: every scenario's stack checks its disk instead of
 * benchmarking (a DiskCheck in place of the BenchmarkRunner), the baseline still measures.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { DiskCheck } from "../../constructs/runner/disk-check";
import { buildStudyApp } from "../../stacks/app";
import { ScenarioStack } from "../../stacks/scenario-stack";
import { createCommand, resourcesAt, stackJson, type StackJson } from "./support";
import { SEED_PATH } from "../study/support";
import { strayTemplates } from "../support/stray-templates";

const dir = mkdtempSync(join(tmpdir(), "kvmbench-check-mode-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function seedStacks(mode?: "check"): Map<string, TerraformStack> {
  const study = join(dir, `seed-${mode ?? "measure"}.yaml`);
  const text = readFileSync(SEED_PATH, "utf8");
  writeFileSync(study, mode ? text.replace(/^benchmark:\n/m, `benchmark:\n  mode: ${mode}\n`) : text);
  const { stacks } = buildStudyApp(Testing.app(), { KVMBENCH_STUDY: study, KVMBENCH_RESULTS: "/results/seed-study" });
  return new Map(stacks.map((s) => [s.node.id, s]));
}

const checking = seedStacks("check");
const measuring = seedStacks();
const json = (stacks: Map<string, TerraformStack>, name: string): StackJson => stackJson(stacks.get(name) as TerraformStack);
const logs = "/var/lib/kvmbench/results/seed-study";

interface Domain {
  depends_on: string[];
  devices: { disks: Array<{ serial?: string }>; serials: Array<{ target: { port: number } }> };
}
const domainOf = (stack: StackJson): [string, Domain] => Object.entries(stack.resource.libvirt_domain)[0] as unknown as [string, Domain];

describe("a check-mode scenario stack", () => {
  const name = "zvol-none-virtio";
  const stack = json(checking, name);
  const [domainId, domain] = domainOf(stack);
  const [inspect] = resourcesAt(stack, "terraform_data", "disk-check/inspect/step");
  const [collect] = resourcesAt(stack, "terraform_data", "disk-check/results/collect");

  it("has a DiskCheck in place of the benchmark runner: prepare, inspect after the domain, collect after the inspection; no wait", () => {
    expect((checking.get(name) as ScenarioStack).runner).toBeInstanceOf(DiskCheck);
    expect(Object.keys(stack.resource.terraform_data).filter((id) => id.startsWith("runner_"))).toEqual([]);
    const prepareId = Object.keys(stack.resource.terraform_data).find((id) => id.startsWith("disk-check_prepare_step"));
    expect(domain.depends_on).toContain(`terraform_data.${prepareId}`);
    expect(inspect.depends_on).toEqual([`libvirt_domain.${domainId}`]);
    expect(collect.depends_on).toEqual([`terraform_data.${Object.keys(stack.resource.terraform_data).find((id) => id.startsWith("disk-check_inspect_step"))}`]);
    expect(stack.output?.results_path.value).toBe(`/results/seed-study/${name}.json`);
  });

  it("records the disks with virsh on the host itself into the run's folder, and stops the domain", () => {
    expect(inspect.input).toEqual({
      KVMBENCH_STACK: name,
      KVMBENCH_WORKDIR: "/var/lib/kvmbench",
      DOMAIN: `kvmbench-${name}`,
      LIBVIRT_URI: "qemu:///system",
      START_TIMEOUT: "120",
      CONSOLE_LOG: `${logs}/${name}.console.log`,
      FAILED_FILE: `${logs}/${name}.failed.txt`,
      DOMAIN_XML: `${logs}/${name}.check-domain.xml`,
      BLOCK_LIST: `${logs}/${name}.check-domblklist.txt`,
      QUERY_BLOCK: `${logs}/${name}.check-query-block.json`,
      WRITE_CACHE: `${logs}/${name}.check-write-cache.txt`,
      QEMU_PROCESS: `${logs}/${name}.check-qemu-process.txt`,
    });
    const script = createCommand(inspect);
    expect(script).toContain(`virsh -c "$LIBVIRT_URI" qemu-monitor-command "$DOMAIN" '{"execute":"query-block"}'`);
    expect(script).toContain(`virsh -c "$LIBVIRT_URI" destroy "$DOMAIN"`);
  });

  it("hands the collector the records and the disk it expects: the zvol, raw, virtio, cache=none", () => {
    const environment = (collect.provisioner as Array<{ "local-exec": { environment: Record<string, string> } }>)[0]?.["local-exec"].environment ?? {};
    expect(environment.KIND).toBe("check");
    expect(environment.CHECK_QUERY_BLOCK).toBe(`${logs}/${name}.check-query-block.json`);
    expect(JSON.parse(environment.EXPECTED_DISK ?? "{}")).toEqual({ serial: "kvmbench-dut", source: { type: "block", path: "/dev/zvol/kvmbench-zvol/vm" }, format: "raw", bus: "virtio", cache: "none" });
    expect(JSON.parse(environment.CONFIGURATION ?? "{}")).toMatchObject({ benchmark: { mode: "check" }, attachment: { cache: "none", bus: "virtio" } });
  });

  it("names the zvol or dataset under the disk to the prepare step, as a measurement does, so the host's facts record it", () => {
    const zfsDataset = (stacks: Map<string, TerraformStack>, scenario: string, prepare: string) =>
      (resourcesAt(json(stacks, scenario), "terraform_data", prepare)[0]?.input as Record<string, string> | undefined)?.ZFS_DATASET;
    expect(zfsDataset(checking, name, "disk-check/prepare/step")).toBe("kvmbench-zvol/vm");
    expect(zfsDataset(checking, "zfs-qcow2-writeback-virtio", "disk-check/prepare/step")).toBe("kvmbench-zfs-qcow2/images");
    expect(zfsDataset(checking, "raw-none-virtio", "disk-check/prepare/step")).toBeUndefined();
    expect(zfsDataset(measuring, name, "runner/prepare/step")).toBe("kvmbench-zvol/vm");
  });

  it("starts the guest a measurement would start, with its disks in the same order, minus the results port", () => {
    const [, measured] = domainOf(json(measuring, name));
    expect(domain.devices.disks).toEqual(measured.devices.disks);
    expect(Object.keys(stack.resource.libvirt_cloudinit_disk ?? {})).toHaveLength(1);
    expect(measured.devices.serials.map((s) => s.target.port)).toEqual([0, 1]);
    expect(domain.devices.serials.map((s) => s.target.port)).toEqual([0]);
  });

  it("expects each storage kind's source: an image file for qcow2 on a filesystem, the device for raw, an LV", () => {
    const expected = (scenario: string) => {
      const [c] = resourcesAt(json(checking, scenario), "terraform_data", "disk-check/results/collect");
      return JSON.parse((c?.provisioner as Array<{ "local-exec": { environment: Record<string, string> } }>)[0]?.["local-exec"].environment.EXPECTED_DISK ?? "{}") as unknown;
    };
    expect(expected("zvol-ext4-qcow2-writeback-ide")).toEqual({ serial: "kvmbench-dut", source: { type: "file", path: "/var/lib/kvmbench/mnt/zvol-ext4-qcow2/image.qcow2" }, format: "qcow2", bus: "ide", cache: "writeback" });
    expect(expected("raw-writethrough-virtio")).toMatchObject({ source: { type: "block", path: "/dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000" }, format: "raw", cache: "writethrough" });
    expect(expected("lvm-none-ide")).toMatchObject({ source: { type: "block", path: "/dev/kvmbench-lvm/vm" }, bus: "ide" });
  });
});

describe("a check-mode study", () => {
  it("passes every string of its stacks to Terraform escaped (the records' paths, the expected disk, the scripts)", () => {
    expect([...checking.values()].flatMap((stack) => strayTemplates(stackJson(stack)))).toEqual([]);
  });


  it("checks every scenario and still measures the baseline, with the same job file as a measuring study", () => {
    const scenarios = [...checking.keys()].filter((n) => n !== "baseline");
    expect(scenarios).toHaveLength(44);
    for (const n of scenarios) expect((checking.get(n) as ScenarioStack).runner).toBeInstanceOf(DiskCheck);
    const run = (stacks: Map<string, TerraformStack>) => resourcesAt(json(stacks, "baseline"), "terraform_data", "baseline/run/step")[0]?.input;
    expect(run(checking)).toEqual(run(measuring));
    expect(run(checking)).toMatchObject({ REPEATS: "3", DEVICE: "/dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000" });
  });
});
