/**
 * Where kvmbench keeps things, on the KVM host and on the machine running Terraform. Every path
 * is made here and handed to whoever uses it (constructs, host scripts, the collector, the
 * orchestrator): no script or module puts a file name together on its own.
 */

/** `<dir>/<name>`, for directories given without a trailing "/" (absolute paths, as resolved). */
function inside(directory: string, ...names: string[]): string {
  return [directory.replace(/\/+$/, ""), ...names].join("/");
}

// ---------------------------------------------------------------- on the KVM host

/**
 * The directory of a study's logs on the host: `<workdir>/results/<study>`, or `<workdir>/results`
 * for a stack built outside a study.
 */
export function hostResultsDirectory(workdir: string, studyName?: string): string {
  return studyName === undefined ? inside(workdir, "results") : inside(workdir, "results", studyName);
}

/** Where a storage's filesystem is mounted: `<workdir>/mnt/<name>`. */
export function hostMountpoint(workdir: string, name: string): string {
  return inside(workdir, "mnt", name);
}

/** The files one stack's run leaves on the host, in its results directory. */
export interface RunHostFiles {
  /** The host side of the guest's results serial port (the baseline writes its frames here too). */
  readonly serialLog: string;
  /** The guest's console. */
  readonly consoleLog: string;
  /** The host's facts, recorded before the run. */
  readonly hostFacts: string;
  /** What was done to the host's caches before the run. */
  readonly cacheRecord: string;
  /** Why the run failed, written when the wait gives up. */
  readonly failed: string;
}

export function runHostFiles(hostResultsDir: string, stack: string): RunHostFiles {
  return {
    serialLog: inside(hostResultsDir, `${stack}.serial.log`),
    consoleLog: inside(hostResultsDir, `${stack}.console.log`),
    hostFacts: inside(hostResultsDir, `${stack}.host.json`),
    cacheRecord: inside(hostResultsDir, `${stack}.caches.json`),
    failed: inside(hostResultsDir, `${stack}.failed.txt`),
  };
}

/** The evidence a disk check gathers on the host, in the run's results directory. */
export interface DiskCheckHostFiles {
  /** The running domain's XML (`virsh dumpxml`). */
  readonly domainXml: string;
  /** `virsh domblklist --details`. */
  readonly blockList: string;
  /** QEMU's own view of its block devices: its answer to QMP `query-block`. */
  readonly queryBlock: string;
  /** The `write-cache` property of each disk's device in QEMU (QMP `qom-get`), one disk a line. */
  readonly writeCache: string;
  /** The QEMU process: its pid, its open files with their flags, and the disks' sources resolved. */
  readonly qemuProcess: string;
}

export function diskCheckHostFiles(hostResultsDir: string, stack: string): DiskCheckHostFiles {
  return {
    domainXml: inside(hostResultsDir, `${stack}.check-domain.xml`),
    blockList: inside(hostResultsDir, `${stack}.check-domblklist.txt`),
    queryBlock: inside(hostResultsDir, `${stack}.check-query-block.json`),
    writeCache: inside(hostResultsDir, `${stack}.check-write-cache.txt`),
    qemuProcess: inside(hostResultsDir, `${stack}.check-qemu-process.txt`),
  };
}

// ---------------------------------------------------------------- on the machine running Terraform

/**
 * A study's results directory when none is given: `<data home>/kvmbench/results/<study>`, the data
 * home being $XDG_DATA_HOME or ~/.local/share (the XDG base directories' default). Outside any
 * checkout of kvmbench, and the same wherever the study file is.
 */
export function defaultResultsDirectory(studyName: string, dataHome: string): string {
  return inside(dataHome, "kvmbench", "results", studyName);
}

/** Where results went by default before: `results/<study>` under the current directory. */
export function formerDefaultResultsDirectory(studyName: string): string {
  return inside("results", studyName);
}

/** A stack's result file: `<results>/<stack>.json` (the stack's `results_path` output names it). */
export function resultFile(resultsDir: string, stack: string): string {
  return inside(resultsDir, `${stack}.json`);
}

/** kvmbench's own files beside the results: state, synth output, outputs. */
export function kvmbenchDirectory(resultsDir: string): string {
  return inside(resultsDir, ".kvmbench");
}

/** A stack's Terraform state: `<results>/.kvmbench/state/<stack>.tfstate` (so studies never share state). */
export function stateFile(resultsDir: string, stack: string): string {
  return inside(kvmbenchDirectory(resultsDir), "state", `${stack}.tfstate`);
}

/** The outputs `cdktf deploy` writes for a stack (`--outputs-file`): `<results>/.kvmbench/outputs/<stack>.json`. */
export function outputsFile(resultsDir: string, stack: string): string {
  return inside(kvmbenchDirectory(resultsDir), "outputs", `${stack}.json`);
}

/** The synth output of one of `kvmbench run`'s parallel slots: `<results>/.kvmbench/cdktf.out/slot-<n>`. */
export function synthSlotDirectory(resultsDir: string, slot: number): string {
  return inside(kvmbenchDirectory(resultsDir), "cdktf.out", `slot-${slot}`);
}

/** The log of a stack's deploy and destroy under `kvmbench run`: `<results>/logs/<stack>.log`. */
export function runLogFile(resultsDir: string, stack: string): string {
  return inside(resultsDir, "logs", `${stack}.log`);
}
