import { rmSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host, localLibvirtUri } from "../../constructs/host/host";
import { HostStep } from "../../constructs/host/host-step";
import { escapeTerraformTemplate, unescapeTerraformTemplate } from "../../constructs/core/terraform-string";
import { renderHostScript, shellJoin } from "../../constructs/host/script";
import { synthConforming } from "../support/synth";
import { localExec, runStep, stepNamed, SynthesizedJson } from "./support/steps";
import { hostTempDir } from "../../test-host/host-temp-dir";

const SCRIPT = join(__dirname, "..", "..", "constructs", "storage", "scripts", "raw-disk.sh");

function stackWith(hostProps: ConstructorParameters<typeof Host>[2]) {
  const stack = new TerraformStack(Testing.app(), "my-stack");
  const host = new Host(stack, "host", hostProps);
  const step = new HostStep(stack, "step", { host, script: SCRIPT, environment: { DEVICE: "/dev/sdz", WIPE: "0" } });
  return { stack, host, step, json: synthConforming(stack) as unknown as SynthesizedJson };
}

describe("HostStep on the local host", () => {
  const { step, json } = stackWith({ workdir: "/srv/kvmbench" });
  const resource = stepNamed(json, "step");

  it("is a terraform_data whose input and triggers carry every setting", () => {
    const expected = { KVMBENCH_STACK: "my-stack", KVMBENCH_WORKDIR: "/srv/kvmbench", DEVICE: "/dev/sdz", WIPE: "0" };
    expect(resource.input).toEqual(expected);
    expect(resource.triggers_replace).toEqual(expected);
    expect(resource.connection).toBeUndefined();
    expect(step.resource.terraformResourceType).toBe("terraform_data");
  });

  it("has a create-time and a destroy-time local-exec running the script under bash", () => {
    const create = localExec(resource, "create");
    const destroy = localExec(resource, "destroy");
    for (const [p, action] of [[create, "create"], [destroy, "destroy"]] as const) {
      expect(p.interpreter).toEqual(["/bin/bash", "-c"]);
      expect(p.environment).toEqual({
        KVMBENCH_STACK: "${self.input.KVMBENCH_STACK}",
        KVMBENCH_WORKDIR: "${self.input.KVMBENCH_WORKDIR}",
        DEVICE: "${self.input.DEVICE}",
        WIPE: "${self.input.WIPE}",
        KB_ACTION: action,
      });
      expect(unescapeTerraformTemplate(p.command)).toBe(renderHostScript(SCRIPT));
    }
    expect(destroy.when).toBe("destroy");
  });

  it("embeds the script with set -euo pipefail first and Terraform templates escaped", () => {
    const command = localExec(resource, "create").command;
    expect(command.split("\n").slice(0, 2)).toEqual(["#!/usr/bin/env bash", "set -euo pipefail"]);
    // every ${ in the script is escaped, so the only interpolations are none at all
    expect(command).not.toMatch(/(^|[^$])\$\{/);
    expect(command).toContain("$${KVMBENCH_STACK:?");
  });

  it("destroy references nothing but self", () => {
    const text = JSON.stringify(localExec(resource, "destroy"));
    const refs = [...text.matchAll(/(?<!\$)\$\{([^}]*)\}/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => r.startsWith("self."))).toBe(true);
  });

  it("runs as synthesized (the raw-disk script refuses a missing device)", () => {
    const workdir = hostTempDir("kvmbench-step");
    const r = runStep(resource, "create", { overrides: { KVMBENCH_WORKDIR: workdir } });
    rmSync(workdir, { recursive: true, force: true });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("device /dev/sdz does not exist on this host");
  });
});

describe("HostStep on a remote host over SSH", () => {
  const { json } = stackWith({ uri: "qemu+ssh://kvm1/system", ssh: { host: "kvm1", user: "admin", privateKeyFile: "~/.ssh/id_ed25519", port: 2222 } });
  const resource = stepNamed(json, "step");
  const remote = resource.provisioner.map((p) => p["remote-exec"]).filter((p) => p !== undefined) as Array<{ inline: string[]; when?: string }>;

  it("connects with the key file read at apply time; the key never enters the JSON", () => {
    expect(resource.connection).toEqual({
      type: "ssh",
      host: "kvm1",
      user: "admin",
      port: 2222,
      private_key: '${file(pathexpand("~/.ssh/id_ed25519"))}',
    });
    expect(JSON.stringify(json)).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });

  it("has remote-exec create and destroy that decode each setting from base64 of self.input", () => {
    expect(remote).toHaveLength(2);
    expect(remote.map((p) => p.when)).toEqual([undefined, "destroy"]);
    for (const [p, action] of [[remote[0], "create"], [remote[1], "destroy"]] as const) {
      expect(p.inline[0]).toBe("#!/bin/bash");
      expect(unescapeTerraformTemplate(p.inline[1])).toMatch(/^kb_setting\(\) \{ .*base64 -d.*export "\$1=\$\{value%\.\}"; \}$/);
      expect(p.inline.slice(2, 8)).toEqual([
        "kb_setting KVMBENCH_STACK '${base64encode(self.input.KVMBENCH_STACK)}'",
        "kb_setting KVMBENCH_WORKDIR '${base64encode(self.input.KVMBENCH_WORKDIR)}'",
        "kb_setting DEVICE '${base64encode(self.input.DEVICE)}'",
        "kb_setting WIPE '${base64encode(self.input.WIPE)}'",
        `export KB_ACTION=${action}`,
        p.inline[7],
      ]);
      expect(unescapeTerraformTemplate(p.inline[7])).toBe(renderHostScript(SCRIPT));
    }
  });
});

describe("HostStep validation", () => {
  it("refuses settings that cannot travel: bad names, names the host owns, NUL", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const host = new Host(stack, "host");
    new HostStep(stack, "step", { host, script: SCRIPT, environment: { DEVICE: "/dev/a\0b", "bad-name": "x", KVMBENCH_LOCK_DIR: "/tmp/mine" } });
    const message = (() => {
      try {
        Testing.synth(stack, true);
        return "";
      } catch (error) {
        return String(error);
      }
    })();
    expect(message).toContain('host step setting "bad-name" is not an environment variable name');
    expect(message).toContain("host step setting KVMBENCH_LOCK_DIR is reserved for the host's own environment");
    expect(message).toContain("host step setting DEVICE contains a NUL character");
  });

  it("lets quotes, $, backticks and templates through: they are neutralised, not refused", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const host = new Host(stack, "host");
    new HostStep(stack, "step", { host, script: SCRIPT, environment: { DEVICE: `/dev/it's "$(x)" \`y\` \${z} %{w}` } });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe("script helpers", () => {
  it("escapes and unescapes Terraform templates", () => {
    const text = 'echo "${A:-x}" %{if} $HOME';
    expect(escapeTerraformTemplate(text)).toBe('echo "$${A:-x}" %%{if} $HOME');
    expect(unescapeTerraformTemplate(escapeTerraformTemplate(text))).toBe(text);
  });

  it("renders the library into the include line", () => {
    const text = renderHostScript(SCRIPT);
    expect(text).not.toContain("# @include");
    expect(text).toContain("kb_guard()");
  });

  it("joins argv for people", () => {
    expect(shellJoin(["mkfs.ext4", "-E", "lazy_itable_init=0", "/dev/sdb"])).toBe("mkfs.ext4 -E lazy_itable_init=0 /dev/sdb");
    expect(shellJoin(["echo", "a b", "it's"])).toBe(`echo 'a b' 'it'\\''s'`);
  });
});

describe("the libvirt URI as seen from the host itself", () => {
  it.each([
    ["qemu:///system", "qemu:///system"],
    ["qemu+ssh://root@kvm1/system", "qemu:///system"],
    ["qemu+ssh://root@kvm1:2222/system?keyfile=/root/.ssh/id", "qemu:///system"],
    ["qemu+tls://kvm1.example.org/session", "qemu:///session"],
    ["qemu:///session", "qemu:///session"],
  ])("%s -> %s", (uri, local) => {
    expect(localLibvirtUri(uri)).toBe(local);
  });
});
