/**
 * The wait step's give-up path as a scenario stack really synthesizes it: its command through
 * the HostStep wrapper, with the folders ScenarioStack uses (the serial and console logs already
 * live in the folder the failure files go to).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runStep, stepNamed } from "../host/support/steps";
import { synthLoopStudy } from "../support/loop-study";
import { tempDir } from "./helpers";

const t = tempDir("give-up");
afterAll(() => t.cleanup());

describe("a scenario whose guest never reports", () => {
  const wait = stepNamed(synthLoopStudy(t.dir, "/dev/loop-test")("raw-none-virtio"), "runner_wait");
  const input = wait.input;

  it("keeps its logs in the results folder it gives up into", () => {
    expect(dirname(input.KVMBENCH_SERIAL_LOG)).toBe(input.KVMBENCH_RESULTS_DIR);
    expect(dirname(input.KVMBENCH_CONSOLE_LOG)).toBe(input.KVMBENCH_RESULTS_DIR);
  });

  it("ends the deploy with exit 2, a clear message, <scenario>.failed.txt and the console log", () => {
    mkdirSync(input.KVMBENCH_RESULTS_DIR, { recursive: true });
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
    const failed = join(input.KVMBENCH_RESULTS_DIR, "raw-none-virtio.failed.txt");
    expect(readFileSync(failed, "utf8")).toContain("timed out after 2s");
    expect(readFileSync(input.KVMBENCH_CONSOLE_LOG, "utf8")).toContain("login:");
    expect(readFileSync(input.KVMBENCH_SERIAL_LOG, "utf8")).toBe("KVMBENCH-START s1 v1\n");
    expect(existsSync(join(input.KVMBENCH_RESULTS_DIR, "raw-none-virtio.serial.log"))).toBe(true);
  });
});
