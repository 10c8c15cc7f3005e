import { homedir } from "node:os";
import { join } from "node:path";
import { buildJobs, checkDevices, checkLibvirt, checkSpace, checkTerraform, formatPreflightProblems, preflight, type CommandResult, type CommandRunner } from "../../orchestrate";
import { parseStudy } from "../../study";
import { ONE_HOST_STUDY, TWO_HOST_STUDY } from "./support";

const ok = (stdout = ""): CommandResult => ({ code: 0, stdout, stderr: "" });
const TERRAFORM_OK = ok(JSON.stringify({ terraform_version: "1.9.8", platform: "linux_amd64" }));
const DF_PLENTY = ok("Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 100000000 1000 99999000 1% /\n");

interface Call {
  readonly command: string;
  readonly args: readonly string[];
}

/** A fake runner answering by command name (and for sh/ssh by the script's first word). */
function fakeRunner(answers: Partial<Record<"terraform" | "virsh" | "kvm" | "pool" | "network" | "df" | "devices", CommandResult>>, calls: Call[] = []): CommandRunner {
  return async (command, args) => {
    calls.push({ command, args });
    const script = args[args.length - 1];
    const key =
      command === "virsh" && args.includes("pool-info")
        ? "pool"
        : command === "virsh" && args.includes("net-info")
          ? "network"
          : command === "virsh" && args.includes("domcapabilities")
            ? "kvm"
            : command === "terraform" || command === "virsh"
              ? command
              : script.includes("df -Pk")
                ? "df"
                : "devices";
    const defaults = {
      terraform: TERRAFORM_OK,
      virsh: ok("qemu:///system\n"),
      kvm: ok("<domainCapabilities>"),
      pool: ok("Name: default\n"),
      network: ok("Name: default\n"),
      df: DF_PLENTY,
      devices: ok(""),
    };
    return answers[key] ?? defaults[key];
  };
}

const oneHost = buildJobs(parseStudy(ONE_HOST_STUDY, "s.yaml").plan!).jobs;
const twoHosts = buildJobs(parseStudy(TWO_HOST_STUDY, "s.yaml").plan!).jobs;

describe("preflight", () => {
  it("passes when everything answers", async () => {
    const calls: Call[] = [];
    expect(await preflight(twoHosts, { run: fakeRunner({}, calls) })).toEqual([]);
    expect(calls[0]).toEqual({ command: "terraform", args: ["version", "-json"] });
    // virsh connects with a URI derived from each host's ssh settings: user, port, key file; never a password prompt
    const uri = (host: string) => `qemu+ssh://root@${host}:22/system?keyfile=${encodeURIComponent(join(homedir(), ".ssh/id_ed25519"))}&no_tty=1`;
    expect(calls.filter((c) => c.command === "virsh").map((c) => c.args)).toEqual([
      ["-c", uri("kvm1"), "uri"],
      ["-c", uri("kvm1"), "domcapabilities", "--virttype", "kvm"],
      ["-c", uri("kvm1"), "pool-info", "default"],
      ["-c", uri("kvm1"), "net-info", "default"],
      ["-c", uri("kvm2"), "uri"],
      ["-c", uri("kvm2"), "domcapabilities", "--virttype", "kvm"],
      ["-c", uri("kvm2"), "pool-info", "default"],
      ["-c", uri("kvm2"), "net-info", "default"],
    ]);
    // remote hosts are checked over ssh with their key and port
    const ssh = calls.filter((c) => c.command === "ssh");
    expect(ssh).toHaveLength(4);
    // `--` ends ssh's options: the study's user and host can never be read as one
    expect(ssh[0].args.slice(0, 10)).toEqual(["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-p", "22", "-i", join(homedir(), ".ssh/id_ed25519"), "--", "root@kvm1"]);
    expect(ssh.find((c) => c.args.includes("root@kvm2") && !c.args[10].includes("df"))!.args[10]).toContain("/dev/disk/by-id/ata-OTHER_SSD");
  });

  it("runs nothing, not even terraform, for a host whose settings break the study's rules", async () => {
    const hostile = [
      { uri: "qemu+ext:///system?command=/tmp/evil" },
      { uri: "qemu://kvm1/system" },
      { uri: "qemu+ssh://kvm1/system", ssh: { ...twoHosts[0].host.ssh!, host: "kvm2" } },
      { workdir: "/tmp/kvmbench" },
    ];
    for (const settings of hostile) {
      const calls: Call[] = [];
      const host = { ...oneHost[0].host, ...settings };
      const problems = await preflight(oneHost.map((job) => ({ ...job, host })), { run: fakeRunner({}, calls) });
      expect(calls).toEqual([]);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.check === "settings")).toBe(true);
      // the libvirt check on its own refuses them too, without running virsh
      expect(await checkLibvirt(fakeRunner({}, calls), [host])).toEqual(problems);
      expect(calls).toEqual([]);
    }
    const devices = await preflight(oneHost.map((job) => ({ ...job, devices: ["/dev/shm/disk"] })), { run: fakeRunner({}) });
    expect(devices.map((p) => p.message)).toEqual(['host host (local): device path "/dev/shm/disk" is not where Linux keeps block devices']);
  });

  it("no libvirt pool for the guests' boot disks", async () => {
    const [problem] = await checkLibvirt(fakeRunner({ pool: { code: 1, stdout: "", stderr: "error: failed to get pool 'default'" } }), [oneHost[0].host]);
    expect(problem.message).toMatch(/libvirt has no storage pool "default" for the guests' boot disks/);
    expect(problem.fix).toContain("virsh pool-define-as default dir --target /var/lib/libvirt/images");
  });

  it("a host without working KVM: names it, and says to use TCG for checking the pipeline", async () => {
    const stderr = "error: failed to get emulator capabilities\nerror: invalid argument: the accel 'kvm' is not supported by '/usr/bin/qemu-system-x86_64' on this host";
    const [problem] = await checkLibvirt(fakeRunner({ kvm: { code: 1, stdout: "", stderr } }), [oneHost[0].host]);
    expect(problem.message).toContain("KVM does not work there: error: invalid argument: the accel 'kvm' is not supported");
    expect(problem.fix).toContain("set accelerator: tcg on the host (software emulation: its numbers are not comparable)");
    const tcgHost = { ...oneHost[0].host, accelerator: "tcg" as const };
    const calls: Call[] = [];
    expect(await checkLibvirt(fakeRunner({ kvm: { code: 1, stdout: "", stderr } }, calls), [tcgHost])).toEqual([]);
    expect(calls.some((c) => c.args.includes("domcapabilities"))).toBe(false);
  });

  it("guests without a network card need no libvirt network", async () => {
    const calls: Call[] = [];
    expect(await checkLibvirt(fakeRunner({ network: { code: 1, stdout: "", stderr: "no network" } }, calls), [oneHost[0].host], false)).toEqual([]);
    expect(calls.some((c) => c.args.includes("net-info"))).toBe(false);
  });

  it("no libvirt network for the guests", async () => {
    const [problem] = await checkLibvirt(fakeRunner({ network: { code: 1, stdout: "", stderr: "error: failed to get network 'default'" } }), [oneHost[0].host]);
    expect(problem.message).toMatch(/libvirt has no network "default" for the guests/);
    expect(problem.fix).toContain("virsh net-start default");
  });

  it("missing terraform", async () => {
    const problems = await checkTerraform(fakeRunner({ terraform: { code: null, stdout: "", stderr: "spawn terraform ENOENT", spawnError: "ENOENT" } }));
    expect(problems).toEqual([{ check: "terraform", message: "terraform is not on PATH; cdktf deploys through it", fix: expect.stringContaining("install Terraform 1.5 or newer") }]);
  });

  it("old terraform", async () => {
    const problems = await checkTerraform(fakeRunner({ terraform: ok(JSON.stringify({ terraform_version: "1.4.6" })) }));
    expect(problems.map((p) => p.message)).toEqual(["terraform 1.4.6 is too old; kvmbench needs 1.5 or newer"]);
    expect(await checkTerraform(fakeRunner({ terraform: ok(JSON.stringify({ terraform_version: "1.5.0" })) }))).toEqual([]);
    expect(await checkTerraform(fakeRunner({ terraform: ok(JSON.stringify({ terraform_version: "2.0.1" })) }))).toEqual([]);
  });

  it("libvirt URI not answering", async () => {
    const failed = { code: 1, stdout: "", stderr: "error: failed to connect to the hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory\n" };
    const [problem] = await checkLibvirt(fakeRunner({ virsh: failed }), [oneHost[0].host]);
    expect(problem.message).toBe("host host (local): libvirt URI qemu:///system does not answer: error: failed to connect to the hypervisor");
    expect(problem.fix).toContain("systemctl start libvirtd");
    const [remote] = await checkLibvirt(fakeRunner({ virsh: failed }), [twoHosts[1].host]);
    expect(remote.fix).toContain("check that root@kvm2 is reachable with key ~/.ssh/id_ed25519, that its host key is in ~/.ssh/known_hosts");
    const [missing] = await checkLibvirt(fakeRunner({ virsh: { code: null, stdout: "", stderr: "", spawnError: "ENOENT" } }), [oneHost[0].host]);
    expect(missing.fix).toContain("apt-get install libvirt-clients");
  });

  it("missing device", async () => {
    const calls: Call[] = [];
    const problems = await checkDevices(fakeRunner({ devices: ok("/dev/disk/by-id/ata-TEST_SSD\n") }, calls), oneHost);
    expect(calls[0].command).toBe("sh");
    expect(calls[0].args[1]).toBe('for p in /dev/disk/by-id/ata-TEST_SSD; do [ -b "$p" ] || echo "$p"; done');
    expect(problems).toEqual([
      {
        check: "devices",
        message: "host host (local): device /dev/disk/by-id/ata-TEST_SSD does not exist or is not a block device",
        fix: expect.stringContaining("correct the path under devices:"),
      },
    ]);
  });

  it("low space in the workdir", async () => {
    const low = ok("Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 10000000 9000000 1048576 90% /var\n");
    const [problem] = await checkSpace(fakeRunner({ df: low }), [oneHost[0].host]);
    expect(problem.message).toBe("host host (local): only 1.0 GiB free in /var/lib/kvmbench; kvmbench needs 5.0 GiB for guest images and logs");
    expect(problem.fix).toContain("set host.workdir");
    expect(await checkSpace(fakeRunner({ df: low }), [oneHost[0].host], 512 * 1024 ** 2)).toEqual([]);
  });

  it("reports every problem at once, each with a fix", async () => {
    const problems = await preflight(oneHost, {
      run: fakeRunner({ terraform: ok(JSON.stringify({ terraform_version: "1.3.0" })), virsh: { code: 1, stdout: "", stderr: "error: no" }, devices: ok("/dev/disk/by-id/ata-TEST_SSD\n") }),
    });
    expect(problems.map((p) => p.check)).toEqual(["terraform", "libvirt", "devices"]);
    const lines = formatPreflightProblems(problems);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe("preflight (terraform): terraform 1.3.0 is too old; kvmbench needs 1.5 or newer");
    expect(lines[1]).toMatch(/^ {2}fix: /);
  });
});
