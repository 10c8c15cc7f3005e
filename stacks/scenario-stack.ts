import { Construct } from "constructs";
import { DiskAttachment } from "../constructs/attachment/disk-attachment";
import { TerraformStack } from "../constructs/core/cdktf";
import { Guest } from "../constructs/guest/guest";
import { GuestOs, GuestOsProfile } from "../constructs/guest/guest-os";
import { Host } from "../constructs/host/host";
import { RuleVerdict } from "../constructs/rules/rule-verdict";
import {
  BenchmarkRunner,
  DISK_UNDER_TEST_SERIAL,
  RESULTS_PORT_LINUX,
  RESULTS_PORT_WINDOWS,
} from "../constructs/runner/benchmark-runner";
import { DiskCheck } from "../constructs/runner/disk-check";
import { IDiskBackend } from "../constructs/storage/disk-backend";
import { ZfsDataset } from "../constructs/storage/zfs-dataset";
import { Zvol } from "../constructs/storage/zvol";
import { studyTool } from "../benchmark-tools/registry";
import { runHostFiles } from "../domain/locations";
import { ResolvedBenchmark } from "../domain/profiles";
import { BenchmarkSpec, GuestImage, GuestSpec } from "../study/model";
import { Scenario } from "../study/scenarios";
import { devicePath } from "../study/storage-facts";
import { benchmarkFromSpec } from "./benchmark-from-spec";
import { hostFromSpec, hostResultsDir } from "./host-from-spec";
import { buildStorage } from "./storage-from-spec";

export interface ScenarioStackProps {
  /** The scenario, fully resolved by the study. */
  readonly scenario: Scenario;
  /** The study's name (groups the logs on the host). */
  readonly studyName: string;
  /** The study's devices: name -> path (a host entry may override a path). */
  readonly devices: Readonly<Record<string, string>>;
  /** Directory on the machine running Terraform for the result file. */
  readonly resultsDir: string;
}

/**
 * One benchmark scenario: the host storage backend, a guest with the disk under test attached
 * as the scenario says (bus, cache, io), and the runner that benchmarks it and brings the
 * results home; in a study with `benchmark.mode: check`, a DiskCheck instead, which checks the
 * disk QEMU opened and stops the guest. The stack's name is the scenario's.
 */
export class ScenarioStack extends TerraformStack {
  public readonly scenario: Scenario;
  public readonly host: Host;
  public readonly storage: IDiskBackend;
  public readonly guest: Guest;
  public readonly disk: DiskAttachment;
  /** A BenchmarkRunner, or with `benchmark.mode: check` a DiskCheck. */
  public readonly runner: BenchmarkRunner | DiskCheck;

  constructor(scope: Construct, props: ScenarioStackProps) {
    const { scenario } = props;
    super(scope, scenario.name);
    this.scenario = scenario;
    // The study judged the rules for this scenario when it expanded the matrix: its verdict travels here.
    RuleVerdict.give(this, `scenario "${scenario.name}"`, scenario.warnings);
    this.host = hostFromSpec(this, scenario.host);
    const storageScope = new Construct(this, "storage");
    this.storage = buildStorage(storageScope, scenario.storage, {
      host: this.host,
      storageName: scenario.storageName,
      devicePath: (name) => devicePath(name, scenario.host, props.devices),
      wipe: scenario.storage.wipe,
    });

    const benchmark = benchmarkFromSpec(scenario.benchmark);
    const logs = hostResultsDir(scenario.host, props.studyName);
    this.guest = new Guest(this, "guest", {
      host: this.host,
      name: `kvmbench-${scenario.name}`,
      machine: scenario.attachment.machine,
      firmware: scenario.guest.firmware,
      accelerator: scenario.host.accelerator,
      network: scenario.guest.network === false ? false : { network: scenario.guest.network },
      vcpus: scenario.guest.vcpus,
      memory: scenario.guest.memory,
      consoleLogFile: runHostFiles(logs, scenario.name).consoleLog,
      os: benchmarkingOs(scenario.guest, scenario.benchmark, benchmark),
    });
    this.disk = new DiskAttachment(this, "disk-under-test", {
      guest: this.guest,
      backend: this.storage,
      bus: scenario.attachment.bus,
      cache: scenario.attachment.cache,
      io: scenario.attachment.io,
      serial: DISK_UNDER_TEST_SERIAL,
      dedicatedController: true,
    });
    // A check's guest keeps its user-data, so its domain has the disks a measurement's has, in the same order.
    this.runner =
      scenario.benchmark.mode === "check"
        ? new DiskCheck(this, "disk-check", {
            guest: this.guest,
            disk: this.disk,
            configuration: scenarioConfiguration(scenario),
            resultsDir: props.resultsDir,
            hostResultsDir: logs,
            zfsDataset: zfsDatasetUnder(storageScope),
          })
        : new BenchmarkRunner(this, "runner", {
            guest: this.guest,
            disk: this.disk,
            benchmark,
            configuration: scenarioConfiguration(scenario),
            resultsDir: props.resultsDir,
            hostResultsDir: logs,
            timeoutSeconds: scenario.benchmark.timeout?.seconds,
            zfsDataset: zfsDatasetUnder(storageScope),
          });
  }
}

/** The zvol or dataset a scenario's storage made (one at most: a zvol under a filesystem, or a dataset for images). */
function zfsDatasetUnder(storage: Construct): string | undefined {
  const found = storage.node.findAll().filter((c): c is Zvol | ZfsDataset => c instanceof Zvol || c instanceof ZfsDataset);
  if (found.length > 1) throw new Error(`the storage ${storage.node.path} made ${found.length} ZFS datasets and zvols; the host's facts record one`);
  return found[0]?.datasetName;
}

function imageSource(image: GuestImage): string {
  return image.kind === "url" ? image.url : image.path;
}

/**
 * The guest's OS profile, with the first-boot configuration of the study's benchmark tool
 * (benchmark-tools/registry.ts: fio under cloud-init, DiskSpd under cloudbase-init).
 */
function benchmarkingOs(guest: GuestSpec, spec: BenchmarkSpec, benchmark: ResolvedBenchmark): GuestOsProfile {
  const tool = studyTool(guest, spec);
  const port = guest.os === "linux" ? RESULTS_PORT_LINUX : RESULTS_PORT_WINDOWS;
  const userData = tool.userData({ benchmark, diskSerial: DISK_UNDER_TEST_SERIAL, port, install: spec.install, guest });
  if (guest.os === "linux") {
    return GuestOs.linux({ image: imageSource(guest.image), directKernelBoot: guest.directKernelBoot, userData });
  }
  if (!guest.virtioWin) throw new Error("a Windows guest needs guest.virtioWin (the study parser requires it)");
  return GuestOs.windows({ image: imageSource(guest.image), virtioWinIso: imageSource(guest.virtioWin), userData });
}

/** What a result file records of its scenario: everything but source positions. */
export function scenarioConfiguration(scenario: Scenario): Record<string, unknown> {
  const { at: _at, placements: _placements, ...configuration } = scenario;
  return JSON.parse(JSON.stringify(configuration)) as Record<string, unknown>;
}
