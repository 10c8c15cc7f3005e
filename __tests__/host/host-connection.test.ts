/**
 * How a Host connects: the libvirt provider's URI is the study's for this machine and, for a
 * remote host, derived from the ssh settings (user, port, key file), never taken with parameters
 * from the URI; host steps check the host's key when it is given.
 */
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { Host } from "../../constructs/host/host";
import { HostStep } from "../../constructs/host/host-step";
import { join } from "node:path";
import { stepNamed, SynthesizedJson } from "./support/steps";

const SCRIPT = join(__dirname, "..", "..", "constructs", "storage", "scripts", "raw-disk.sh");
const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx5ZmFrZWtleWZvcnRlc3RzMDEyMzQ1Njc4OWFiY2Q";

function synthesized(props: ConstructorParameters<typeof Host>[2]): { provider: { uri: string }; json: SynthesizedJson } {
  const stack = new TerraformStack(Testing.app(), "s");
  const host = new Host(stack, "host", props);
  new HostStep(stack, "step", { host, script: SCRIPT, environment: { DEVICE: "/dev/sdz", WIPE: "0" } });
  const json = JSON.parse(Testing.synth(stack, true)) as SynthesizedJson & { provider: { libvirt: { uri: string }[] } };
  return { provider: json.provider.libvirt[0], json };
}

function refusal(props: ConstructorParameters<typeof Host>[2]): string {
  try {
    synthesized(props);
    return "";
  } catch (error) {
    return String(error);
  }
}

it("this machine: the URI as given", () => {
  expect(synthesized({}).provider.uri).toBe("qemu:///system");
  expect(synthesized({ uri: "qemu:///session" }).provider.uri).toBe("qemu:///session");
});

it("a remote host: user, port and key file from ssh, in the form the provider reads (keyfile=, ~ expanded by it)", () => {
  const { provider } = synthesized({ uri: "qemu+ssh://kvm1/system", ssh: { host: "kvm1", user: "admin", privateKeyFile: "~/.ssh/id_ed25519", port: 2222 } });
  expect(provider.uri).toBe("qemu+ssh://admin@kvm1:2222/system?keyfile=~%2F.ssh%2Fid_ed25519");
  const keyFile = new URL(provider.uri).searchParams.get("keyfile");
  expect(keyFile).toBe("~/.ssh/id_ed25519");
});

it("host steps check the host key when the host has one, and only then", () => {
  const ssh = { host: "127.0.0.1", privateKeyFile: "~/.ssh/id_ed25519", port: 2222 };
  const checked = stepNamed(synthesized({ uri: "qemu+ssh://127.0.0.1:2222/system", ssh: { ...ssh, hostKey: HOST_KEY } }).json, "step");
  expect(checked.connection).toMatchObject({ type: "ssh", host: "127.0.0.1", port: 2222, host_key: HOST_KEY });
  expect(stepNamed(synthesized({ uri: "qemu+ssh://127.0.0.1/system", ssh }).json, "step").connection).not.toHaveProperty("host_key");
});

it.each([
  ["qemu+ext:///system?command=/tmp/x", undefined, "has parameters"],
  ["qemu+ssh://kvm1/system?keyfile=/etc/shadow", { host: "kvm1", privateKeyFile: "~/.ssh/id" }, "has parameters"],
  ["qemu://kvm1/system", { host: "kvm1", privateKeyFile: "~/.ssh/id" }, "over libvirt's default transport, TLS"],
  ["xen+ssh://kvm1/system", { host: "kvm1", privateKeyFile: "~/.ssh/id" }, 'driver "xen"'],
  ["qemu+ssh://kvm1/system", undefined, "names the remote host kvm1 but no ssh settings"],
  ["qemu+ssh://kvm1/system", { host: "kvm2", privateKeyFile: "~/.ssh/id" }, "names the host kvm1 and ssh the host kvm2"],
  ["qemu:///system", { host: "kvm2", privateKeyFile: "~/.ssh/id" }, "the libvirt URI is this machine's"],
  ["qemu+ssh://kvm1/system", { host: "kvm1", privateKeyFile: "/root/.ssh/id" }, "is not in your home directory"],
  ["qemu+ssh://kvm1/system", { host: "kvm1", privateKeyFile: "~/.ssh/id", hostKey: "ssh-ed25519 x; rm -rf /" }, "is not an OpenSSH public key"],
])("synth refuses %s with ssh %j", (uri, ssh, message) => {
  expect(refusal({ uri, ...(ssh ? { ssh } : {}) })).toContain(message);
});
