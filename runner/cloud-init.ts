import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { fioJobFile } from "./fio-jobfile";
import { ResolvedBenchmark } from "../domain/profiles";
import { checkDiskSerial } from "./serial-name";

/** Path of the guest runner script in this repository. */
export const GUEST_SCRIPT_PATH = join(__dirname, "guest", "run-benchmark.sh");

/** What the Linux guest's cloud-init user-data must do. */
export interface LinuxRunnerOptions {
  readonly benchmark: ResolvedBenchmark;
  /** Serial of the disk under test, as set on the disk attachment (at most 20 characters). */
  readonly diskSerial: string;
  /** Guest device of the results serial port. @default "/dev/ttyS1" */
  readonly port?: string;
  /** Where the job file and script are written in the guest. @default "/opt/kvmbench" */
  readonly directory?: string;
  /** Install fio from the distribution's packages (needs network in the guest). @default true */
  readonly installFio?: boolean;
  /** Leave the guest running after the benchmark (debugging). @default false */
  readonly noPoweroff?: boolean;
  /** Public keys for the default user (debugging). @default - none */
  readonly sshAuthorizedKeys?: readonly string[];
}

/** File names inside `directory`. */
export const GUEST_FILES = { jobFile: "benchmark.fio", script: "run-benchmark.sh" } as const;

/**
 * `#cloud-config` user-data: installs fio (`packages`), writes the job file and the runner
 * script (`write_files`), and runs the script once (`runcmd`) with the disk serial, the job
 * file, the repeats and the results port; the script powers the guest off when done.
 */
export function linuxUserData(options: LinuxRunnerOptions): string {
  const serial = checkDiskSerial(options.diskSerial);
  const dir = options.directory ?? "/opt/kvmbench";
  const port = options.port ?? "/dev/ttyS1";
  if (!dir.startsWith("/") || !port.startsWith("/dev/")) {
    throw new Error(`runner directory must be absolute and the port a /dev path, got ${dir} and ${port}`);
  }
  const jobPath = `${dir}/${GUEST_FILES.jobFile}`;
  const scriptPath = `${dir}/${GUEST_FILES.script}`;
  const config: Record<string, unknown> = {
    ...(options.installFio === false ? {} : { package_update: true, packages: ["fio"] }),
    write_files: [
      { path: jobPath, permissions: "0644", owner: "root:root", content: fioJobFile(options.benchmark) },
      { path: scriptPath, permissions: "0755", owner: "root:root", content: readFileSync(GUEST_SCRIPT_PATH, "utf8") },
    ],
    runcmd: [
      [
        "env",
        `KVMBENCH_DISK_SERIAL=${serial}`,
        `KVMBENCH_JOB_FILE=${jobPath}`,
        `KVMBENCH_REPEATS=${options.benchmark.repeats}`,
        `KVMBENCH_PORT=${port}`,
        `KVMBENCH_NO_POWEROFF=${options.noPoweroff ? 1 : 0}`,
        "bash",
        scriptPath,
      ],
    ],
    ...(options.sshAuthorizedKeys?.length ? { ssh_authorized_keys: [...options.sshAuthorizedKeys] } : {}),
  };
  return "#cloud-config\n" + stringify(config, { lineWidth: 0 });
}
