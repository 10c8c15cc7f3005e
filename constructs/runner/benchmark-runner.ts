import { Construct, type IConstruct } from "constructs";
import { TerraformStack, type ITerraformDependable } from "../core/cdktf";
import type { SerialFilePort } from "../guest/serial-ports";
import type { Host } from "../host/host";
import { HostStep } from "../host/host-step";
import { hostResultsDirectory, resultFile, runHostFiles, type RunHostFiles } from "../../domain/locations";
import { ResolvedBenchmark, waitTimeoutSeconds } from "../../domain/profiles";
import { ResultCollector } from "./result-collector";
import { prepareRunStep, runnerScript } from "./runner-scripts";

/** Guest device of the results serial port: the first port after the console. */
export const RESULTS_PORT_LINUX = "/dev/ttyS1";
/** The same port as Windows names it. */
export const RESULTS_PORT_WINDOWS = "COM2";
/** Serial the disk under test carries, so the guest finds it whatever the bus names it. */
export const DISK_UNDER_TEST_SERIAL = "kvmbench-dut";

/** What the runner needs of the guest that benchmarks (the Guest construct is one). */
export interface IBenchmarkGuest extends IConstruct {
  readonly host: Host;
  /** The libvirt domain's name. */
  readonly name: string;
  /** Host file logging the guest's console, if any. */
  readonly consoleLogFile?: string;
  /** The domain: the wait step starts once it exists. */
  readonly domain: ITerraformDependable;
  /** A serial port whose host side is a file (the results port). */
  addSerialFile(hostPath: string): SerialFilePort;
  /** Makes the domain wait for these. */
  dependOn(...dependables: ITerraformDependable[]): void;
}

/** What the runner needs of the disk under test (a DiskAttachment is one). */
export interface IDiskUnderTest {
  /** The serial the guest finds the disk by. */
  readonly serial?: string;
  /** The storage under the disk: the runner's first host step waits for it. */
  readonly backend: { readonly dependables: readonly ITerraformDependable[] };
}

export interface BenchmarkRunnerProps {
  /** The guest that runs the benchmark (its user-data comes from `runner/cloud-init.ts` or `runner/windows-user-data.ts`). */
  readonly guest: IBenchmarkGuest;
  /** The disk under test; it must carry a serial, by which the guest finds it. */
  readonly disk: IDiskUnderTest;
  /** Profile, size and repeats. */
  readonly benchmark: ResolvedBenchmark;
  /** The scenario's full configuration, written into its result file. */
  readonly configuration: Record<string, unknown>;
  /** Directory on the machine running Terraform for the result file. */
  readonly resultsDir: string;
  /** Scenario name, for file names. @default - the stack's name */
  readonly scenario?: string;
  /** Directory on the KVM host for the run's logs (domain/locations.ts). @default `<host workdir>/results` */
  readonly hostResultsDir?: string;
  /** How long the deploy waits for complete results. @default - the profile's run time plus 15 minutes */
  readonly timeoutSeconds?: number;
  /**
   * The ZFS dataset or zvol (pool/name) the disk under test lies on: the host's facts record its
   * direct, recordsize or volblocksize, compression and sync. @default - none (not on ZFS)
   */
  readonly zfsDataset?: string;
}

/**
 * Runs a benchmark in a guest (fio under cloud-init on Linux, DiskSpd under cloudbase-init on
 * Windows; see runner/) and brings the results home. Before the guest starts, a host
 * step sets old logs aside, drops the host's caches and records the host's facts; the guest
 * writes framed results to a second serial port whose host side is a file; a wait step makes
 * `cdktf deploy` end when they are complete (or fail with the console log beside them); a
 * collector writes `<resultsDir>/<scenario>.json`.
 */
export class BenchmarkRunner extends Construct {
  public readonly scenario: string;
  public readonly hostResultsDir: string;
  /** The run's files on the host (domain/locations.ts). */
  public readonly hostFiles: RunHostFiles;
  /** Host path of the results serial log. */
  public readonly serialLog: string;
  public readonly timeoutSeconds: number;
  public readonly prepare: HostStep;
  public readonly wait: HostStep;
  public readonly collector: ResultCollector;
  private readonly disk: IDiskUnderTest;
  private readonly resultsPort: SerialFilePort;

  constructor(scope: Construct, id: string, props: BenchmarkRunnerProps) {
    super(scope, id);
    const { guest } = props;
    const host = guest.host;
    this.disk = props.disk;
    this.scenario = props.scenario ?? TerraformStack.of(this).node.id;
    this.hostResultsDir = props.hostResultsDir ?? hostResultsDirectory(host.workdir);
    this.hostFiles = runHostFiles(this.hostResultsDir, this.scenario);
    this.serialLog = this.hostFiles.serialLog;
    this.timeoutSeconds = props.timeoutSeconds ?? waitTimeoutSeconds(props.benchmark);

    this.resultsPort = guest.addSerialFile(this.serialLog);
    // The guest's console log is the guest's own file when it keeps one.
    const files = { ...this.hostFiles, consoleLog: guest.consoleLogFile ?? this.hostFiles.consoleLog };
    this.prepare = prepareRunStep(this, { host, files, dependsOn: props.disk.backend.dependables, zfsDataset: props.zfsDataset });
    guest.dependOn(this.prepare.resource);

    this.wait = new HostStep(this, "wait", {
      host,
      script: runnerScript("await-results.sh"),
      environment: {
        KVMBENCH_SERIAL_LOG: this.serialLog,
        KVMBENCH_TIMEOUT: String(this.timeoutSeconds),
        KVMBENCH_FAILED_FILE: this.hostFiles.failed,
        KVMBENCH_SCENARIO: this.scenario,
        KVMBENCH_DOMAIN: guest.name,
        KVMBENCH_VIRSH: `virsh -c ${host.localUri}`, // runs on the host itself
        ...(guest.consoleLogFile ? { KVMBENCH_CONSOLE_LOG: guest.consoleLogFile } : {}),
      },
      dependsOn: [guest.domain],
    });

    this.collector = new ResultCollector(this, "results", {
      host,
      scenario: this.scenario,
      kind: "scenario",
      hostFiles: this.hostFiles,
      resultFile: resultFile(props.resultsDir, this.scenario),
      configuration: props.configuration,
      dependsOn: [this.wait.resource],
    });
    this.node.addValidation({ validate: () => this.validate() });
  }

  private validate(): string[] {
    const errors: string[] = [];
    if (!this.disk.serial) {
      errors.push(
        `${this.node.path}: the disk under test has no serial, so the guest cannot find it. Fix: attach it with serial: "${DISK_UNDER_TEST_SERIAL}".`,
      );
    }
    const { linuxDevice, windowsDevice } = this.resultsPort;
    if (linuxDevice !== RESULTS_PORT_LINUX || windowsDevice !== RESULTS_PORT_WINDOWS) {
      errors.push(
        `${this.node.path}: the results port is ${linuxDevice} (${windowsDevice}) but the guest's runner writes to ${RESULTS_PORT_LINUX} (${RESULTS_PORT_WINDOWS}). Fix: add no other serial file port before the runner.`,
      );
    }
    return errors;
  }
}
