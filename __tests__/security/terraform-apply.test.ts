/**
 * Finding 1 of issue 12, with the real Terraform: a host step's settings and the collector's
 * environment reach the script exactly as written, whatever they hold, through local-exec and
 * through the text remote-exec sends; no payload runs and Terraform evaluates no template.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { HostStep } from "../../constructs/host/host-step";
import { ResultCollector } from "../../constructs/runner/result-collector";
import { runHostFiles } from "../../domain/locations";
import { allSteps, SynthesizedJson, SynthesizedStep } from "../host/support/steps";
import { strayTemplates } from "../support/stray-templates";
import { synthConforming } from "../support/synth";
import { applySteps, destroySteps, localForm, stateInputs, terraformAvailable } from "../support/terraform-apply";
import { hostileValues } from "./hostile-values";
import { hostTempDir } from "../../test-host/host-temp-dir";

const describeTerraform = terraformAvailable() ? describe : describe.skip;
const dir = hostTempDir("kvmbench-tf");
const canary = join(dir, "canary");
const values = hostileValues(canary);
const names = Object.keys(values);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A script that writes each named setting, byte for byte, to <PROBE_OUT>/<action>/<name>. */
function probeScript(): string {
  const file = join(dir, "probe.sh");
  writeFileSync(
    file,
    ["#!/usr/bin/env bash", "set -euo pipefail", 'mkdir -p "$PROBE_OUT/$KB_ACTION"', 'for name in $PROBE_NAMES; do printf \'%s\' "${!name}" >"$PROBE_OUT/$KB_ACTION/$name"; done', ""].join("\n"),
  );
  return file;
}

function probeStep(stackName: string, out: string, ssh?: boolean): SynthesizedStep {
  const stack = new TerraformStack(Testing.app(), stackName);
  const host = new Host(stack, "host", {
    workdir: join(dir, "work"),
    ...(ssh ? { uri: "qemu+ssh://root@kvm1/system", ssh: { host: "kvm1", privateKeyFile: "~/.ssh/id_ed25519" } } : {}),
  });
  new HostStep(stack, "probe", { host, script: probeScript(), environment: { PROBE_OUT: out, PROBE_NAMES: names.join(" "), ...values } });
  const json = synthConforming(stack) as unknown as SynthesizedJson;
  expect(strayTemplates(json)).toEqual([]);
  return Object.values(allSteps(json))[0];
}

function readProbe(out: string, action: string): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(out, action, name), "utf8")]));
}

describeTerraform.each([
  ["local-exec", false],
  ["remote-exec (the text it sends, run by bash)", true],
] as const)("a host step's settings through %s, applied by Terraform", (_form, remote) => {
  const work = join(dir, remote ? "remote" : "local");
  const out = join(work, "out");

  beforeAll(() => {
    mkdirSync(work, { recursive: true });
    const step = probeStep(remote ? "remote-stack" : "local-stack", out, remote);
    const applied = applySteps(work, { probe: remote ? localForm(step) : step });
    expect(applied.output).toContain("Apply complete");
  });

  it("reach the script byte for byte on create", () => {
    expect(readProbe(out, "create")).toEqual(values);
  });

  it("are stored in the state as written, so teardown gets the same", () => {
    expect(stateInputs(work).probe).toMatchObject(values);
  });

  it("reach the script byte for byte on destroy", () => {
    expect(destroySteps(work).status).toBe(0);
    expect(readProbe(out, "destroy")).toEqual(values);
  });

  it("ran no payload", () => {
    expect(existsSync(canary)).toBe(false);
  });
});

describeTerraform("the result collector's environment, applied by Terraform", () => {
  it("reaches collect.sh as written (the host's files, RESULT_FILE, SSH_*, CONFIGURATION)", () => {
    const work = join(dir, "collector");
    mkdirSync(work, { recursive: true });
    const stack = new TerraformStack(Testing.app(), "collector-stack");
    const host = new Host(stack, "host", { uri: "qemu+ssh://root@kvm1/system", ssh: { host: "kvm1", privateKeyFile: "~/.ssh/id_ed25519" } });
    const collector = new ResultCollector(stack, "results", {
      host,
      scenario: "s",
      kind: "scenario",
      hostFiles: runHostFiles(values.TEMPLATE_MODULE, "s"),
      resultFile: `${values.TEMPLATE_QUOTE}/s.json`,
      configuration: { note: values.TEMPLATE_DIRECTIVE, quote: values.QUOTE },
      dependsOn: [],
    });
    const json = synthConforming(stack, { validate: false }) as unknown as SynthesizedJson;
    expect(strayTemplates(json)).toEqual([]);
    const step = Object.values(allSteps(json))[0];
    const exec = step.provisioner[0]["local-exec"] as { environment: Record<string, string>; command: string };
    // the collector itself needs the project and a host; its environment is what is under test
    const keys = Object.keys(exec.environment);
    exec.command = `for name in ${keys.join(" ")}; do printf '%s' "$\${!name}" >"${work}/$name"; done`;
    expect(applySteps(work, { collect: step }).output).toContain("Apply complete");
    const seen = Object.fromEntries(keys.map((key) => [key, readFileSync(join(work, key), "utf8")]));
    expect(seen).toEqual(collector.environment);
    expect(seen.SERIAL_LOG).toBe("/x/${path.module}/y/s.serial.log");
    expect(existsSync(canary)).toBe(false);
  });
});
