/**
 * The wait step's give-up path as a scenario stack really synthesizes it: its command through
 * the HostStep wrapper, with the files ScenarioStack gives it (domain/locations.ts: the serial and
 * console logs and the reason side by side in the study's results folder on the host).
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runStep, stepNamed } from "../host/support/steps";
import { synthLoopStudy } from "../support/loop-study";
import { hostTempDir } from "../../test-host/host-temp-dir";

const t = { dir: hostTempDir("kvmbench-give-up") };
afterAll(() => rmSync(t.dir, { recursive: true, force: true }));

describe("a scenario whose guest never reports", () => {
  const wait = stepNamed(synthLoopStudy(t.dir, "/dev/loop-test")("raw-none-virtio"), "runner_wait");
  const input = wait.input;

  it("keeps its logs beside the reason it gives up with, in the study's results folder on the host", () => {
    const folder = join(t.dir, "host", "results", "loop-study");
    expect(input.KVMBENCH_SERIAL_LOG).toBe(join(folder, "raw-none-virtio.serial.log"));
    expect(input.KVMBENCH_CONSOLE_LOG).toBe(join(folder, "raw-none-virtio.console.log"));
    expect(input.KVMBENCH_FAILED_FILE).toBe(join(folder, "raw-none-virtio.failed.txt"));
  });

  it("ends the deploy with exit 2, a clear message, <scenario>.failed.txt and the console log", () => {
    mkdirSync(dirname(input.KVMBENCH_SERIAL_LOG), { recursive: true });
    writeFileSync(input.KVMBENCH_SERIAL_LOG, "KVMBENCH-START s1 v1\n");
    writeFileSync(input.KVMBENCH_CONSOLE_LOG, "[    1.0] Run /init as init process\nlogin:\n");
    const bin = join(t.dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "virsh"), '#!/bin/sh\necho "running"\n');
    chmodSync(join(bin, "virsh"), 0o755);

    const run = runStep(wait, "create", {
      overrides: { KVMBENCH_TIMEOUT: "2" },
      env: { KVMBENCH_POLL_INTERVAL: "1" },
      path: `${bin}:${process.env.PATH ?? ""}`,
    });

    expect(run.stderr).toContain("scenario raw-none-virtio: timed out after 2s waiting for results (no KVMBENCH-DONE record yet)");
    expect(run.status).toBe(2);
    expect(readFileSync(input.KVMBENCH_FAILED_FILE, "utf8")).toContain("timed out after 2s");
    expect(run.stderr).toContain(`partial results: ${input.KVMBENCH_SERIAL_LOG}; guest console: ${input.KVMBENCH_CONSOLE_LOG}\n`);
    expect(readFileSync(input.KVMBENCH_CONSOLE_LOG, "utf8")).toContain("login:");
    expect(readFileSync(input.KVMBENCH_SERIAL_LOG, "utf8")).toBe("KVMBENCH-START s1 v1\n");
  });
});
