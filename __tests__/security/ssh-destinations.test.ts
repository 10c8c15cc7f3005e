/**
 * Finding 8 of issue 12 (SSH): a study's user and host reach ssh and scp only after `--`, as one
 * argument, so neither can be read as an option.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { ResultCollector } from "../../constructs/runner/result-collector";
import { runHostFiles } from "../../domain/locations";
import { hostShellCommand } from "../../orchestrate/host-shell";
import { DEFAULT_HOST } from "../../study/parse-host";
import { allSteps, runStep, SynthesizedJson } from "../host/support/steps";
import { synthConforming } from "../support/synth";

const dir = mkdtempSync(join(tmpdir(), "kvmbench-ssh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("kvmbench run's host commands: ssh [options] -- user@host script", () => {
  const { command, args } = hostShellCommand({ ...DEFAULT_HOST, ssh: { host: "kvm1", user: "admin", privateKeyFile: "/keys/id", port: 2222 } }, "df -Pk /");
  expect(command).toBe("ssh");
  expect(args.slice(args.indexOf("--"))).toEqual(["--", "admin@kvm1", "df -Pk /"]);
});

it("the collector's scp: scp [options] -- user@host:path local", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  const host = new Host(stack, "host", { uri: "qemu+ssh://admin@kvm1/system", ssh: { host: "kvm1", user: "admin", privateKeyFile: "~/.ssh/id", port: 2222 } });
  new ResultCollector(stack, "results", { host, scenario: "s", kind: "scenario", hostFiles: runHostFiles("/srv/kvmbench/results/x", "s"), resultFile: join(dir, "results", "s.json"), configuration: {}, dependsOn: [] });
  const step = Object.values(allSteps(synthConforming(stack) as unknown as SynthesizedJson))[0];
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "scp"), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" >>${join(dir, "scp.log")}\nexit 1\n`);
  chmodSync(join(bin, "scp"), 0o755);
  // the stand-in scp fails, and the collector with it; what it was given is what counts
  expect(runStep(step, "create", { path: `${bin}:${process.env.PATH}`, env: { HOME: dir } }).status).not.toBe(0);
  const args = readFileSync(join(dir, "scp.log"), "utf8").trimEnd().split("\n");
  expect(args.slice(args.indexOf("--"))).toEqual(["--", "admin@kvm1:/srv/kvmbench/results/x/s.serial.log", expect.stringMatching(/\/serial\.log$/)]);
});
