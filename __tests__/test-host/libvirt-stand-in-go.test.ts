/**
 * The provider stand-in's own Go tests (test-host/libvirt-stand-in/*_test.go): its plan, XML and
 * read-back rules. The end-to-end suites prove it against libvirt and the real provider; these
 * pin its rules one by one.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const STAND_IN = join(__dirname, "..", "..", "test-host", "libvirt-stand-in");

test("go test ./... passes in test-host/libvirt-stand-in", () => {
  const run = spawnSync("go", ["test", "-count=1", "./..."], {
    cwd: STAND_IN,
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=readonly -buildvcs=false" },
    timeout: 240_000,
  });
  expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({ status: 0, output: expect.stringMatching(/^ok\s+kvmbench\/test-host\/libvirt-stand-in\s/m) });
}, 300_000);
