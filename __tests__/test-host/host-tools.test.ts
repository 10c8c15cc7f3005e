/**
 * The list of host tools (test-host/host-tools.ts) is complete and true: every external command
 * the project's shell scripts, TypeScript and Go run is on it, for the place it runs; every Debian
 * package it names exists in bookworm; the commands installed here come from the packages it
 * names; and its helpers and CLI give what the set-up installs and checks.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { commandPath } from "../../test-host/command-path";
import { debianPackagesFor, goBuildsFor, HOST_TOOLS, hostToolsCli, missingTools, toolsFor, type HostTool, type Place } from "../../test-host/host-tools";
import { scanGo } from "../support/go-commands";
import { sourceFiles } from "../support/import-graph";
import { scanShellScript } from "../support/shell-commands";
import { scanTypeScript, type CommandSite } from "../support/typescript-commands";

const ROOT = join(__dirname, "..", "..");
const toolNamed = new Map(HOST_TOOLS.map((tool) => [tool.command, tool]));

/** Where the commands of each shell script run: the first entry whose path prefix matches. */
const SCRIPT_PLACES: ReadonlyArray<readonly [string, readonly Place[]]> = [
  // runs where Terraform runs: fetches the results (scp) and runs the collector
  ["constructs/runner/scripts/collect.sh", ["test-host"]],
  // the runner runs in the guest, and on the KVM host for the baseline (runner/host/baseline-fio.sh)
  ["runner/guest/", ["guest", "kvm-host"]],
  ["runner/host/", ["kvm-host"]],
  ["constructs/", ["kvm-host"]],
  ["backends/scripts/", ["kvm-host"]],
  ["test-host/", ["test-host"]],
];

const PLACE_OF_SITE: Record<CommandSite, Place> = { here: "test-host", "host step": "kvm-host", guest: "guest" };

interface Use {
  readonly command: string;
  readonly at: string;
  readonly places: readonly Place[];
}

/** What is wrong with the list for these uses: each command not on it, or not listed for where it runs. */
function problems(uses: readonly Use[]): string[] {
  return uses.flatMap(({ command, at, places }) => {
    const tool = toolNamed.get(command);
    if (!tool) return [`${at}: ${command} is not in test-host/host-tools.ts`];
    const unlisted = places.filter((place) => !tool.where.includes(place));
    return unlisted.length ? [`${at}: ${command} runs on the ${unlisted.join(" and ")} but host-tools.ts lists it for ${tool.where.join(", ")} only`] : [];
  });
}

function trackedFiles(pattern: string): string[] {
  const result = spawnSync("git", ["ls-files", pattern], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  return result.stdout.split("\n").filter((file) => file !== "");
}

/** The functions a script may call: its own and those of the files it includes (`# @include`, as constructs/host/script.ts renders them). */
function functionsOf(script: string, seen = new Set<string>()): string[] {
  if (seen.has(script)) return [];
  seen.add(script);
  const text = readFileSync(join(ROOT, script), "utf8");
  const included = [...text.matchAll(/^# @include (\S+)$/gm)].map(([, name]) => (name === "lib.sh" ? "constructs/host/scripts/lib.sh" : join(dirname(script), name)));
  return [...scanShellScript(text).functions, ...included.flatMap((file) => functionsOf(file, seen))];
}

function shellUses(): Use[] {
  return trackedFiles("*.sh").flatMap((script) => {
    const places = SCRIPT_PLACES.find(([prefix]) => script.startsWith(prefix))?.[1];
    if (!places) throw new Error(`${script}: say in SCRIPT_PLACES where its commands run`);
    const { commands } = scanShellScript(readFileSync(join(ROOT, script), "utf8"), { functions: functionsOf(script) });
    const chroot: readonly Place[] = script.startsWith("test-host/storage-host/") ? ["storage-host"] : ["guest"];
    return commands.map((use) => ({ command: use.command, at: `${script}:${use.line}`, places: use.inChroot ? chroot : places }));
  });
}

function typeScriptUses(): Use[] {
  return sourceFiles(ROOT).flatMap((file) =>
    scanTypeScript(file, readFileSync(join(ROOT, file), "utf8")).map((use) => ({ command: use.command, at: `${file}:${use.line}`, places: [PLACE_OF_SITE[use.site]] })),
  );
}

/** The Go code is the provider's stand-in (test-host/libvirt-stand-in/): it runs where Terraform runs. */
function goUses(): Use[] {
  return trackedFiles("*.go").flatMap((file) => {
    if (!file.startsWith("test-host/")) throw new Error(`${file}: say in goUses where its commands run`);
    return scanGo(readFileSync(join(ROOT, file), "utf8")).map((use) => ({ command: use.command, at: `${file}:${use.line}`, places: ["test-host"] as const }));
  });
}

const found = (uses: readonly Use[], place: Place) => new Set(uses.filter((use) => use.places.includes(place)).map((use) => use.command));

describe("every external command the project runs is on the host tools list", () => {
  it("in the shell scripts: host steps, the runner, the set-up and the guest image's chroot", () => {
    const uses = shellUses();
    expect(problems(uses)).toEqual([]);
    // the scan saw the scripts: commands of each place, through functions, variables and chroot
    expect([...found(uses, "kvm-host")]).toEqual(expect.arrayContaining(["wipefs", "flock", "zpool", "lvm", "fio", "virsh"]));
    expect([...found(uses, "guest")]).toEqual(expect.arrayContaining(["fio", "systemctl", "lsblk", "apt-get"]));
    expect([...found(uses, "test-host")]).toEqual(expect.arrayContaining(["debootstrap", "qemu-img", "scp", "node", "qemu-system-x86_64", "ssh-keygen"]));
    expect([...found(uses, "storage-host")]).toEqual(expect.arrayContaining(["env", "modinfo", "dpkg-query"]));
  });

  it("in the TypeScript: spawned processes, command runners, host-step commands and cloud-init's runcmd", () => {
    const uses = typeScriptUses();
    expect(problems(uses)).toEqual([]);
    expect([...found(uses, "test-host")]).toEqual(expect.arrayContaining(["virsh", "terraform", "ssh", "sh", "chromium", "losetup", "apt-cache"]));
    expect([...found(uses, "kvm-host")]).toEqual(expect.arrayContaining(["zpool", "zfs", "lvm", "mkfs.ext4", "mkfs.xfs", "mount", "qemu-img"]));
    expect([...found(uses, "guest")]).toEqual(expect.arrayContaining(["env", "bash"]));
  });

  it("in the Go of the provider's stand-in", () => {
    const uses = goUses();
    expect(problems(uses)).toEqual([]);
    expect([...found(uses, "test-host")]).toContain("genisoimage");
  });

  it("names each command once", () => {
    const commands = HOST_TOOLS.map((tool) => tool.command);
    expect(commands.filter((command, i) => commands.indexOf(command) !== i)).toEqual([]);
  });
});

describe("the Debian packages of the list", () => {
  const aptTools = HOST_TOOLS.filter((tool): tool is HostTool & { source: { install: "apt" } } => tool.source.install === "apt");

  it("exist in bookworm: apt-cache has a candidate for each", () => {
    const packages = [...new Set(aptTools.flatMap(({ source }) => [source.package, ...(source.installWith ? [source.installWith] : [])]))];
    const policy = spawnSync("apt-cache", ["policy", ...packages], { encoding: "utf8" });
    if (policy.error || policy.status !== 0) throw new Error(`apt-cache policy failed: ${policy.error?.message ?? policy.stderr}`);
    const withCandidate = new Set([...policy.stdout.matchAll(/^(\S+):\n\s+Installed: .*\n\s+Candidate: (?!\(none\))/gm)].map(([, name]) => name));
    // contrib is not in these machines' apt sources; checked by hand with apt-get and
    // "deb http://deb.debian.org/debian bookworm contrib": zfsutils-linux 2.1.11-1+deb12u1
    const contribCheckedByHand = ["zfsutils-linux"];
    const isContribCheckedByHand = (pkg: string) => contribCheckedByHand.includes(pkg) && aptTools.some(({ source }) => source.package === pkg && source.component === "contrib");
    expect(packages.filter((pkg) => !withCandidate.has(pkg) && !isContribCheckedByHand(pkg))).toEqual([]);
    expect(withCandidate.size).toBeGreaterThan(20);
  });

  it("own the commands installed on this machine (dpkg -S)", () => {
    const installed = aptTools.flatMap((tool) => {
      const path = commandPath(tool.command);
      return path ? [{ tool, candidates: ownerCandidates(path) }] : [];
    });
    const owners = dpkgOwners(installed.flatMap(({ candidates }) => candidates));
    const wrong = installed.flatMap(({ tool, candidates }) => {
      const owning = candidates.map((path) => owners.get(path)).find((packages) => packages !== undefined) ?? [];
      return owning.includes(tool.source.package) ? [] : [`${tool.command} (${candidates[0]}) is from ${owning.join(", ") || "no package"}, not ${tool.source.package}`];
    });
    expect(wrong).toEqual([]);
    expect(installed.length).toBeGreaterThan(50);
  });
});

/** The paths dpkg may know a command by: itself and its target, each also without or with usrmerge's /usr. */
function ownerCandidates(path: string): string[] {
  const alias = (p: string) => (p.startsWith("/usr/") ? p.slice(4) : `/usr${p}`);
  const target = realpathSync(path);
  return [...new Set([path, alias(path), target, alias(target)])];
}

/** Path -> the packages that own it, for the paths dpkg knows (one dpkg -S call). */
function dpkgOwners(paths: readonly string[]): Map<string, string[]> {
  const result = spawnSync("dpkg", ["-S", ...paths], { encoding: "utf8" });
  if (result.error) throw new Error(`dpkg -S failed: ${result.error.message}`);
  const owners = new Map<string, string[]>();
  for (const [, packages, path] of result.stdout.matchAll(/^(?!diversion by )([^:\n]+(?::[a-z0-9]+)?(?:, [^:\n]+)*): (\/.*)$/gm)) {
    owners.set(path, packages.split(", ").map((pkg) => pkg.replace(/:[a-z0-9]+$/, "")));
  }
  return owners;
}

describe("the helpers", () => {
  it("install for the test host everything the set-up installed before the list, and genisoimage", () => {
    const before = ["libvirt-daemon-system", "libvirt-clients", "qemu-system-x86", "qemu-utils", "debootstrap", "fio", "xfsprogs", "e2fsprogs", "util-linux", "lvm2", "cloud-init", "chromium"];
    expect(debianPackagesFor("test-host")).toEqual(expect.arrayContaining([...before, "genisoimage"]));
    expect(debianPackagesFor("test-host")).not.toContain("zfsutils-linux");
    expect(debianPackagesFor("kvm-host")).toEqual(expect.arrayContaining(["zfsutils-linux", "lvm2", "qemu-utils", "fio", "libvirt-daemon-system"]));
    expect(debianPackagesFor("guest")).toEqual(expect.arrayContaining(["fio", "cloud-init", "systemd"]));
    expect(debianPackagesFor("guest")).not.toContain("genisoimage");
  });

  it("find what is missing on PATH (and /usr/sbin, /sbin), executable files only", () => {
    const dir = mkdtempSync(join(tmpdir(), "kvmbench-host-tools-"));
    try {
      for (const tool of toolsFor("test-host")) writeFileSync(join(dir, tool.command), "#!/bin/sh\n", { mode: 0o755 });
      expect(missingTools("test-host", dir)).toEqual([]);
      chmodSync(join(dir, "genisoimage"), 0o644);
      rmSync(join(dir, "terraform"));
      rmSync(join(dir, "go")); // the set-up builds the provider's stand-in with it
      expect(missingTools("test-host", dir).map((tool) => tool.command)).toEqual(["genisoimage", "go", "terraform"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("check names each missing command with how to install it, and exits 1", () => {
    const lines: string[] = [];
    const kvmHost: string[] = [];
    const empty = mkdtempSync(join(tmpdir(), "kvmbench-host-tools-"));
    try {
      expect(hostToolsCli(["check", "test-host"], (line) => lines.push(line), empty)).toBe(1);
      hostToolsCli(["check", "kvm-host"], (line) => kvmHost.push(line), empty);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(lines).toEqual(
      expect.arrayContaining([
        "missing: genisoimage (Debian package genisoimage): the provider's stand-in writes cloud-init ISOs",
        "missing: terraform (built from the Go module github.com/hashicorp/terraform@v1.5.7): deploys: cdktf runs it",
        "missing: go (preinstalled on these machines (Go toolchain)): builds the libvirt provider's stand-in (and Terraform where it is missing)",
      ]),
    );
    expect(kvmHost.find((line) => line.startsWith("absent, optional: udevadm"))).toBeDefined();
    expect(kvmHost.find((line) => line.startsWith("missing: udevadm"))).toBeUndefined();
    expect(lines.some((line) => line.startsWith("missing: zpool"))).toBe(false);
    expect(hostToolsCli(["check", "nowhere"], () => undefined)).toBe(2);
  });

  it("go-builds names each command built from Go source, with its module and version", () => {
    const lines: string[] = [];
    expect(hostToolsCli(["go-builds", "test-host"], (line) => lines.push(line))).toBe(0);
    expect(lines).toEqual(["terraform github.com/hashicorp/terraform@v1.5.7"]);
    expect(goBuildsFor("kvm-host")).toEqual([]);
  });
});

describe("npx tsx test-host/host-tools.ts", () => {
  const cli = (args: string[], path = process.env.PATH) =>
    spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "test-host", "host-tools.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, PATH: path } });

  it("packages test-host prints the packages one per line", () => {
    const run = cli(["packages", "test-host"]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual(debianPackagesFor("test-host"));
  });

  it("check exits 1 naming what is missing, and 0 with a summary when nothing is", () => {
    const dir = mkdtempSync(join(tmpdir(), "kvmbench-host-tools-"));
    try {
      const missing = cli(["check", "guest"], dir);
      expect(missing.status).toBe(1);
      expect(missing.stdout).toContain("missing: fio (Debian package fio)");
      for (const tool of toolsFor("guest")) writeFileSync(join(dir, tool.command), "#!/bin/sh\n", { mode: 0o755 });
      const complete = cli(["check", "guest"], dir);
      expect(complete.stdout.trim()).toBe(`host tools: all ${toolsFor("guest").length} commands for the guest are installed`);
      expect(complete.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(existsSync(dir)).toBe(false);
  });
});
