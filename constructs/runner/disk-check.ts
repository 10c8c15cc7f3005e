import { Construct } from "constructs";
import { TerraformStack, Token, type ITerraformDependable } from "../core/cdktf";
import { libvirtBus } from "../attachment/controllers";
import type { DiskSource, StorageFacts } from "../storage/disk-backend";
import { HostStep } from "../host/host-step";
import type { ExpectedDisk } from "../../domain/disk-check";
import type { Bus, CacheMode, IoMode } from "../../domain/disk-settings";
import { diskCheckHostFiles, hostResultsDirectory, resultFile, runHostFiles, type DiskCheckHostFiles, type RunHostFiles } from "../../domain/locations";
import { DISK_UNDER_TEST_SERIAL, type IBenchmarkGuest, type IDiskUnderTest } from "./benchmark-runner";
import { ResultCollector } from "./result-collector";
import { prepareRunStep, runnerScript } from "./runner-scripts";

/** What a disk check needs of the disk under test (a DiskAttachment is one). */
export interface ICheckedDisk extends IDiskUnderTest {
  readonly bus: Bus;
  readonly cache: CacheMode;
  readonly io?: IoMode;
  /** The storage under the disk: where the disk lives and its format. */
  readonly backend: {
    readonly source: DiskSource;
    readonly facts: Pick<StorageFacts, "format">;
    readonly dependables: readonly ITerraformDependable[];
  };
}

export interface DiskCheckProps {
  /** The guest whose disk is checked: its domain is started as usual, checked, then stopped. */
  readonly guest: IBenchmarkGuest;
  /** The disk under test: the check finds it by its serial and compares it with its settings. */
  readonly disk: ICheckedDisk;
  /** The scenario's full configuration, written into its result file. */
  readonly configuration: Record<string, unknown>;
  /** Directory on the machine running Terraform for the result file. */
  readonly resultsDir: string;
  /** Scenario name, for file names. @default - the stack's name */
  readonly scenario?: string;
  /** Directory on the KVM host for the run's logs and the check's records (domain/locations.ts). @default `<host workdir>/results` */
  readonly hostResultsDir?: string;
  /** How long the check waits for the domain to be running. @default 120 */
  readonly startTimeoutSeconds?: number;
  /**
   * The ZFS dataset or zvol (pool/name) the disk under test lies on: the host's facts record its
   * direct, recordsize or volblocksize, compression and sync. @default - none (not on ZFS)
   */
  readonly zfsDataset?: string;
}

/** The default of `startTimeoutSeconds`: the provider has started the domain before the check begins. */
export const DISK_CHECK_START_TIMEOUT_SECONDS = 120;

/**
 * "Start, check the disk, stop": instead of a benchmark, checks that QEMU opened the disk under
 * test as the scenario says, and stops the guest. Before the guest starts, a host step sets old
 * logs aside, drops the host's caches and records the host's facts (as BenchmarkRunner does);
 * once the domain runs, a host step records the live domain XML, `virsh domblklist`, QEMU's
 * `query-block`, each disk device's `write-cache` and the QEMU process's open files, then
 * destroys the domain (it stays defined); the collector judges the records where Terraform
 * runs and writes `<resultsDir>/<scenario>.json` (`kind: "check"`), failing the deploy, naming
 * what differed, when the disk is not as expected. See docs/runner.md, "Disk checks".
 */
export class DiskCheck extends Construct {
  public readonly scenario: string;
  public readonly hostResultsDir: string;
  /** The run's files on the host (domain/locations.ts). */
  public readonly hostFiles: RunHostFiles;
  /** The check's records on the host. */
  public readonly records: DiskCheckHostFiles;
  /** What the check expects of the disk under test. */
  public readonly expected: ExpectedDisk;
  public readonly prepare: HostStep;
  /** The host step that waits for the domain, records its disks and stops it. */
  public readonly inspect: HostStep;
  public readonly collector: ResultCollector;

  constructor(scope: Construct, id: string, props: DiskCheckProps) {
    super(scope, id);
    const { guest, disk } = props;
    const host = guest.host;
    this.scenario = props.scenario ?? TerraformStack.of(this).node.id;
    this.hostResultsDir = props.hostResultsDir ?? hostResultsDirectory(host.workdir);
    this.hostFiles = runHostFiles(this.hostResultsDir, this.scenario);
    this.records = diskCheckHostFiles(this.hostResultsDir, this.scenario);
    this.expected = expectedDisk(disk);
    const startTimeout = props.startTimeoutSeconds ?? DISK_CHECK_START_TIMEOUT_SECONDS;

    const files = { ...this.hostFiles, consoleLog: guest.consoleLogFile ?? this.hostFiles.consoleLog };
    this.prepare = prepareRunStep(this, { host, files, dependsOn: disk.backend.dependables, zfsDataset: props.zfsDataset });
    guest.dependOn(this.prepare.resource);

    this.inspect = new HostStep(this, "inspect", {
      host,
      script: runnerScript("check-disk.sh"),
      environment: {
        DOMAIN: guest.name,
        LIBVIRT_URI: host.localUri, // runs on the host itself
        START_TIMEOUT: String(startTimeout),
        CONSOLE_LOG: guest.consoleLogFile ?? "",
        FAILED_FILE: this.hostFiles.failed,
        DOMAIN_XML: this.records.domainXml,
        BLOCK_LIST: this.records.blockList,
        QUERY_BLOCK: this.records.queryBlock,
        WRITE_CACHE: this.records.writeCache,
        QEMU_PROCESS: this.records.qemuProcess,
      },
      dependsOn: [guest.domain],
    });

    this.collector = new ResultCollector(this, "results", {
      host,
      scenario: this.scenario,
      kind: "check",
      hostFiles: this.hostFiles,
      check: { records: this.records, expected: this.expected },
      resultFile: resultFile(props.resultsDir, this.scenario),
      configuration: props.configuration,
      dependsOn: [this.inspect.resource],
    });
    this.node.addValidation({ validate: () => this.validate(disk, startTimeout) });
  }

  private validate(disk: ICheckedDisk, startTimeout: number): string[] {
    const errors: string[] = [];
    if (!disk.serial) {
      errors.push(`${this.node.path}: the disk under test has no serial, so the check cannot find it. Fix: attach it with serial: "${DISK_UNDER_TEST_SERIAL}".`);
    }
    if (disk.backend.source.type === "volume") {
      errors.push(`${this.node.path}: the disk under test is the libvirt volume ${disk.backend.source.pool}/${disk.backend.source.volume}; a disk check knows file and block sources only. Fix: give the disk a file or block device source.`);
    } else if (Token.isUnresolved(disk.backend.source.path)) {
      errors.push(`${this.node.path}: the disk's path must be known at synth time to check it (got a Terraform reference).`);
    }
    if (!Number.isInteger(startTimeout) || startTimeout < 1) errors.push(`${this.node.path}: startTimeoutSeconds must be a whole number of seconds above 0, got ${startTimeout}.`);
    return errors;
  }
}

/** The disk as the check expects to find it in the running domain. */
function expectedDisk(disk: ICheckedDisk): ExpectedDisk {
  const { source } = disk.backend;
  return {
    serial: disk.serial ?? "",
    // A volume source is refused by the validation; its path stays empty until then.
    source: source.type === "volume" ? { type: "block", path: "" } : { type: source.type, path: source.path },
    format: disk.backend.facts.format,
    bus: libvirtBus(disk.bus),
    cache: disk.cache,
    ...(disk.io ? { io: disk.io } : {}),
  };
}
