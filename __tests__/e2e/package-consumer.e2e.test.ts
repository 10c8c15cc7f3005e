/**
 * The packed library in a user's own cdktf app, deployed and destroyed for real on this host
 * under TCG: `npm pack`, a fresh app that installs the tarball (__tests__/package/support/consumer.ts),
 * compiled with `tsc --strict`, then `cdktf deploy <stack>` and `cdktf destroy <stack>` in the app's
 * folder, with the real provider when it is installed and its stand-in otherwise
 * (test-host/deploy.ts). The guest boots the test host's image and reports its data disk on the
 * console; destroy must leave no domain, volume, lock or signature.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deployStack } from "../../test-host/deploy";
import { LoopDevices } from "../../test-host/loop-devices";
import { cleanUp, GUEST, leftovers, notReadyReason, realProviderPath, sharedTempDir, terraformEnv, URI } from "../../test-host/machine";
import { compileApp, consumerAppFiles, consumerPackageJson, createConsumerApp, packLibrary, type ConsumerApp } from "../package/support/consumer";

const reason = notReadyReason();
const describeOnTestHost = reason ? describe.skip : describe;
if (reason) console.warn(`end-to-end package tests skipped: ${reason}`);

/**
 * The stack the test deploys: the interim variant, a whole (loop) disk.
 * VARIANT: once consumer-app/guests.ts has `pool-data-disk` (a data disk from an existing libvirt
 * storage pool), deploy that instead, in the test host's pool `default`: set STACK to it, give
 * the app APP_POOL=default, drop APP_DATA_DEVICE and the loop device, and check below that the
 * volume exists in `default` while deployed and is gone after destroy, the pool still there.
 */
const STACK = "raw-data-disk";
const DOMAIN = `app-${STACK}`;

function waitFor(what: string, check: () => boolean, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    execFileSync("sleep", ["5"]);
  }
}

describeOnTestHost(`the packed library in a user's cdktf app, deployed on this host (${realProviderPath() ? "libvirt provider 0.9.7" : "the provider's stand-in"}, TCG)`, () => {
  // made in beforeAll: jest runs this callback to collect the tests even where it skips them
  let dir: string;
  let loops: LoopDevices;
  let dataDisk: string;
  let env: Record<string, string>;
  let app: ConsumerApp;
  const workdir = (): string => join(dir, "host");
  const consoleLog = (): string => join(dir, "console.log");
  const out = (): string => join(dir, "cdktf.out");

  beforeAll(() => {
    dir = sharedTempDir("kvmbench-e2e-package");
    loops = new LoopDevices(dir);
    dataDisk = loops.create("data", 256 * 1024 * 1024);
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
      APP_DATA_DEVICE: dataDisk,
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
    `${STACK}: deploy starts a guest that sees its data disk; destroy leaves no domain, volume, lock or signature`,
    () => {
      try {
        const deploy = deployStack("deploy", STACK, env, out(), app.dir);
        if (deploy.status !== 0) throw new Error(`cdktf deploy ${STACK} failed (${deploy.status}):\n${deploy.output.slice(-6000)}`);
        expect(execFileSync("virsh", ["-q", "-c", URI, "domstate", DOMAIN], { encoding: "utf8" }).trim()).toBe("running");
        const disks = execFileSync("virsh", ["-q", "-c", URI, "domblklist", DOMAIN, "--details"], { encoding: "utf8" });
        expect(disks).toContain(dataDisk);
        // cloud-init's runcmd names the disk that carries the serial the stack gave the data disk
        waitFor("the guest to report its data disk on the console", () => existsSync(consoleLog()) && /app: data disk \S+/.test(readFileSync(consoleLog(), "utf8")), 15 * 60_000);
        expect(readFileSync(consoleLog(), "utf8")).toMatch(/app: data disk vd[a-z]\b/);
      } finally {
        const destroy = deployStack("destroy", STACK, env, out(), app.dir);
        if (destroy.status !== 0) throw new Error(`cdktf destroy ${STACK} failed (${destroy.status}):\n${destroy.output.slice(-6000)}`);
        expect(leftovers(STACK, { workdir: workdir(), devices: [dataDisk], domain: DOMAIN })).toEqual([]);
      }
    },
    30 * 60_000,
  );
});
