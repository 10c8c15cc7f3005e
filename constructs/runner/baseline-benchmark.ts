import { Construct } from "constructs";
import { hostResultsDirectory, resultFile, runHostFiles } from "../../domain/locations";
import type { ResolvedBenchmark } from "../../domain/profiles";
import { Host } from "../host/host";
import { HostStep } from "../host/host-step";
import { ResultCollector } from "./result-collector";
import { prepareRunStep, runnerScript } from "./runner-scripts";

export interface BaselineBenchmarkProps {
  readonly host: Host;
  /** The bare host device measured (its write tests destroy its contents). */
  readonly device: string;
  /** Allow a device that carries data (a filesystem, a partition table...). @default false */
  readonly wipe?: boolean;
  /** Profile, size and repeats: the same the scenarios run. */
  readonly benchmark: ResolvedBenchmark;
  /** The fio job file of `benchmark` (`runner/fio-jobfile.ts`): the baseline runs the scenarios' own. */
  readonly jobFile: string;
  /** Directory on the machine running Terraform for `baseline.json`. */
  readonly resultsDir: string;
  /** The baseline's configuration, written into its result file. */
  readonly configuration: Record<string, unknown>;
  /** Name of the result. @default "baseline" */
  readonly scenario?: string;
  /** Directory on the KVM host for its logs (domain/locations.ts). @default `<host workdir>/results` */
  readonly hostResultsDir?: string;
  /** The ZFS dataset or zvol the device is (pool/name): the host's facts record its properties. @default - none */
  readonly zfsDataset?: string;
}

/**
 * The reference every scenario is weighted against: the study's profile run by fio on the
 * host against the bare device. The device is locked and guarded like any storage, and left
 * blank on destroy.
 */
export class BaselineBenchmark extends Construct {
  public readonly prepare: HostStep;
  public readonly run: HostStep;
  public readonly collector: ResultCollector;

  constructor(scope: Construct, id: string, props: BaselineBenchmarkProps) {
    super(scope, id);
    const { host } = props;
    const scenario = props.scenario ?? "baseline";
    const files = runHostFiles(props.hostResultsDir ?? hostResultsDirectory(host.workdir), scenario);
    this.prepare = prepareRunStep(this, { host, files, zfsDataset: props.zfsDataset });
    this.run = new HostStep(this, "run", {
      host,
      script: runnerScript("baseline.sh"),
      environment: {
        DEVICE: props.device,
        WIPE: props.wipe ? "1" : "0",
        SERIAL_LOG: files.serialLog,
        REPEATS: String(props.benchmark.repeats),
        JOB_FILE_BASE64: Buffer.from(props.jobFile).toString("base64"),
      },
      dependsOn: [this.prepare.resource],
    });
    this.collector = new ResultCollector(this, "results", {
      host,
      scenario,
      kind: "baseline",
      hostFiles: files,
      resultFile: resultFile(props.resultsDir, scenario),
      configuration: props.configuration,
      dependsOn: [this.run.resource],
    });
  }
}
