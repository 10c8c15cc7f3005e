/**
 * The packed library in a user's own cdktf app, deployed and destroyed for real on this host
 * under TCG: `npm pack`, a fresh app that installs the tarball (__tests__/package/support/consumer.ts),
 * compiled with `tsc --strict`, then `cdktf deploy <stack>` and `cdktf destroy <stack>` in the app's
 * folder, with the real provider when it is installed and its stand-in otherwise
 * (test-host/deploy.ts). The guest boots the test host's image and reports its data disk on the
 * console; destroy must leave no domain or volume of the stack, and the pool as it was.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deployStack, expectEmptyPlan } from "../../test-host/deploy";
import { LoopDevices } from "../../test-host/loop-devices";
import { assertTestHost, cleanUp, GUEST, leftovers, sharedTempDir, terraformEnv, URI } from "../../test-host/machine";
import { describeProvider, providerUnderTest } from "../../test-host/provider";
import { compileApp, consumerAppFiles, consumerPackageJson, createConsumerApp, packLibrary, type ConsumerApp } from "../package/support/consumer";

/** The stack the test deploys: a data disk that is a new volume in the test host's pool `default`. */
const STACK = "pool-data-disk";
const DOMAIN = `app-${STACK}`;
const DATA_VOLUME = `app-${STACK}-data.qcow2`;

function volumesInDefaultPool(): string[] {
  return execFileSync("virsh", ["-q", "-c", URI, "vol-list", "default"], { encoding: "utf8" })
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0])
    .filter(Boolean);
}

function waitFor(what: string, check: () => boolean, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    execFileSync("sleep", ["5"]);
  }
}

describe(`the packed library in a user's cdktf app, deployed on this host (${describeProvider(providerUnderTest())}, TCG)`, () => {
  let dir: string;
  let loops: LoopDevices;
  let env: Record<string, string>;
  let app: ConsumerApp;
  const workdir = (): string => join(dir, "host");
  const consoleLog = (): string => join(dir, "console.log");
  const out = (): string => join(dir, "cdktf.out");

  beforeAll(() => {
    assertTestHost();
    dir = sharedTempDir("kvmbench-e2e-package");
    loops = new LoopDevices(dir);
    env = {
      ...terraformEnv(dir),
      APP_LIBVIRT_URI: URI,
      APP_WORKDIR: workdir(),
      APP_IMAGE: GUEST.image,
      APP_KERNEL: GUEST.kernel,
      APP_INITRD: GUEST.initrd,
      APP_CMDLINE: "root=LABEL=kvmbench-root ro console=ttyS0",
      APP_ACCELERATOR: "tcg",
      APP_NETWORK: "none",
      APP_CONSOLE_LOG: consoleLog(),
      APP_POOL: "default",
    };
    const packed = packLibrary(join(dir, "pack"));
    app = createConsumerApp(join(dir, "app"), consumerPackageJson(packed.tarball), consumerAppFiles());
    const compiled = compileApp(app.dir);
    if (compiled.status !== 0) throw new Error(`tsc --strict failed in the app:\n${compiled.output}`);
  }, 10 * 60_000);
  afterAll(() => {
    if (dir) cleanUp(dir, loops);
  });

  it(
    `${STACK}: deploy starts a guest that sees its data disk, a new volume in the pool default; destroy removes the volume and leaves the pool`,
    () => {
      try {
        const deploy = deployStack("deploy", STACK, env, out(), app.dir);
        if (deploy.status !== 0) throw new Error(`cdktf deploy ${STACK} failed (${deploy.status}):\n${deploy.output.slice(-6000)}`);
        expectEmptyPlan(STACK, env, out());
        expect(execFileSync("virsh", ["-q", "-c", URI, "domstate", DOMAIN], { encoding: "utf8" }).trim()).toBe("running");
        expect(volumesInDefaultPool()).toContain(DATA_VOLUME);
        expect(execFileSync("virsh", ["-q", "-c", URI, "dumpxml", DOMAIN], { encoding: "utf8" })).toContain(DATA_VOLUME);
        // cloud-init's runcmd names the disk that carries the serial the stack gave the data disk
        waitFor("the guest to report its data disk on the console", () => existsSync(consoleLog()) && /app: data disk \S+/.test(readFileSync(consoleLog(), "utf8")), 15 * 60_000);
        expect(readFileSync(consoleLog(), "utf8")).toMatch(/app: data disk vd[a-z]\b/);
      } finally {
        const destroy = deployStack("destroy", STACK, env, out(), app.dir);
        if (destroy.status !== 0) throw new Error(`cdktf destroy ${STACK} failed (${destroy.status}):\n${destroy.output.slice(-6000)}`);
        // leftovers() also looks for volumes named app-pool-data-disk-* in the pool default
        expect(leftovers(STACK, { workdir: workdir(), devices: [], domain: DOMAIN })).toEqual([]);
        expect(execFileSync("virsh", ["-q", "-c", URI, "pool-info", "default"], { encoding: "utf8" })).toMatch(/State:\s+running/);
      }
    },
    30 * 60_000,
  );
});
