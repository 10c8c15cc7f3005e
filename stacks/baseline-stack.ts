import { Construct } from "constructs";
import { TerraformStack } from "../constructs/core/cdktf";
import { Host } from "../constructs/host/host";
import { BaselineBenchmark } from "../constructs/runner/baseline-benchmark";
import { fioJobFile } from "../runner/fio-jobfile";
import { BaselinePlan } from "../study/scenarios";
import { benchmarkFromSpec } from "./benchmark-from-spec";
import { hostFromSpec, hostResultsDir } from "./host-from-spec";

export interface BaselineStackProps {
  readonly baseline: BaselinePlan;
  /** The study's name (groups the logs on the host). */
  readonly studyName: string;
  /** Directory on the machine running Terraform for `baseline.json`. */
  readonly resultsDir: string;
}

/** The host-side measurement of the bare device that weights every scenario's scores. */
export class BaselineStack extends TerraformStack {
  public readonly host: Host;
  public readonly benchmark: BaselineBenchmark;

  constructor(scope: Construct, props: BaselineStackProps) {
    const { baseline } = props;
    super(scope, baseline.name);
    this.host = hostFromSpec(this, baseline.host);
    const benchmark = benchmarkFromSpec(baseline.benchmark);
    this.benchmark = new BaselineBenchmark(this, "baseline", {
      host: this.host,
      device: baseline.devicePath,
      wipe: baseline.wipe,
      benchmark,
      jobFile: fioJobFile(benchmark),
      // A zvol named by its /dev/zvol/<pool>/<name> link: the host's facts record its properties.
      zfsDataset: baseline.devicePath.startsWith("/dev/zvol/") ? baseline.devicePath.slice("/dev/zvol/".length) : undefined,
      resultsDir: props.resultsDir,
      hostResultsDir: hostResultsDir(baseline.host, props.studyName),
      configuration: {
        kind: "baseline",
        device: baseline.device,
        devicePath: baseline.devicePath,
        benchmark: baseline.benchmark,
        host: baseline.host,
      },
    });
  }
}
