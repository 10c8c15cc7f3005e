/**
 * Deploy benchmark: where the time of one scenario's `cdktf deploy` + `cdktf destroy` goes on
 * the test host (`npm run setup:test-host`), per scenario of the try-without-kvm study:
 *
 *   storage     the storage host steps (mkfs, qemu-img preallocation, device claims)
 *   libvirt     the provider's resources (volumes and uploads, cloud-init disk, pools, domain)
 *   boot        guest start to its first fio run (kernel timestamps in the console log)
 *   benchmark   first fio run to the runner's last frame (console log)
 *   wait        the wait step: guest start to results complete on the host (polls every 10 s)
 *   collect     fetching and verifying the results into the result file
 *   deploy      the whole `cdktf deploy` (synth, init, plan, apply)
 *   destroy     the whole `cdktf destroy`
 *
 * Under TCG (no KVM here) boot and benchmark are emulation-bound: the figures say what a CI run
 * of the end-to-end tests costs, not what KVM hosts take. The provider is the one the end-to-end
 * tests use (test-host/provider.ts: the real one when it is installed, else the stand-in, whose
 * libvirt steps are virsh calls; KVMBENCH_PROVIDER picks one); the figures name it.
 *
 * Usage (as root): npm run bench:deploy [-- --only raw-none-ide,baseline]
 * Performance claims live here, never in timed tests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hostResultsDirectory, runHostFiles } from "../domain/locations";
import { deployStack } from "../test-host/deploy";
import { assertTestHost, tryWithoutKvm } from "../test-host/machine";
import { describeProvider, providerUnderTest } from "../test-host/provider";

const STACKS = ["baseline", "raw-none-ide", "ext4-qcow2-writethrough-virtio", "xfs-qcow2-writeback-ide"];

/** Seconds from terraform's "after 3m36s" / "after 2s". */
function seconds(text: string): number {
  const match = /(?:(\d+)m)?(\d+)s/.exec(text);
  return match ? Number(match[1] ?? 0) * 60 + Number(match[2]) : Number.NaN;
}

/** Sum of "Creation complete after ..." of the resources whose address (type.name) matches `fragment`. */
function creationSeconds(output: string, fragment: RegExp): number {
  let total = 0;
  for (const line of output.split("\n")) {
    const match = /\b([a-z_]+\.\S+?):? .*Creation complete after (\S+)/.exec(line);
    if (match && fragment.test(match[1])) total += seconds(match[2]);
  }
  return total;
}

/** Kernel timestamp (seconds since the guest's boot) of the first console line matching `pattern`. */
function kernelTime(log: string, pattern: RegExp): number {
  for (const line of log.split("\n")) {
    const match = /^\[\s*(\d+\.\d+)\]/.exec(line);
    if (match && pattern.test(line)) return Number(match[1]);
  }
  return Number.NaN;
}

function timed<T>(run: () => T): { value: T; seconds: number } {
  const start = process.hrtime.bigint();
  const value = run();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function main(): void {
  assertTestHost();
  const onlyArg = process.argv.indexOf("--only");
  const stacks = onlyArg > 0 ? process.argv[onlyArg + 1].split(",") : STACKS;
  const host = tryWithoutKvm("kvmbench-bench-deploy");
  const { env, workdir } = host;
  const out = join(host.dir, "cdktf.out");
  const rows: string[] = [];
  try {
    for (const stack of stacks) {
      process.stderr.write(`bench: ${stack}: deploy\n`);
      const deploy = timed(() => deployStack("deploy", stack, env, out));
      if (deploy.value.status !== 0) throw new Error(`deploy ${stack} failed:\n${deploy.value.output.slice(-4000)}`);
      process.stderr.write(`bench: ${stack}: destroy\n`);
      const destroy = timed(() => deployStack("destroy", stack, env, out));
      if (destroy.value.status !== 0) throw new Error(`destroy ${stack} failed:\n${destroy.value.output.slice(-4000)}`);
      const output = deploy.value.output;
      const storage = creationSeconds(output, /^terraform_data\..*storage_/);
      const libvirt = creationSeconds(output, /^libvirt_/);
      const collect = creationSeconds(output, /^terraform_data\..*results_collect/);
      const wait = creationSeconds(output, /^terraform_data\..*(runner_wait|baseline_run)/);
      let boot = Number.NaN;
      let benchmark = Number.NaN;
      if (stack !== "baseline") {
        const log = readFileSync(runHostFiles(hostResultsDirectory(workdir, "try-without-kvm"), stack).consoleLog, "utf8");
        boot = kernelTime(log, /kvmbench: repeat 1\//);
        benchmark = kernelTime(log, /kvmbench: done:/) - boot;
      }
      const figure = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : "-");
      rows.push(`| ${stack} | ${[storage, libvirt, boot, benchmark, wait, collect, deploy.seconds, destroy.seconds].map(figure).join(" | ")} |`);
    }
  } finally {
    host.cleanUp();
  }
  process.stdout.write(
    [
      `Deploy phases in seconds (TCG, ${describeProvider(providerUnderTest())}, quick profile, 32 MiB):`,
      "",
      "| stack | storage | libvirt | boot | benchmark | wait | collect | deploy | destroy |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...rows,
      "",
    ].join("\n"),
  );
}

main();
