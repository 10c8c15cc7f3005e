import { scanTypeScript } from "../support/typescript-commands";

const scan = (text: string) => scanTypeScript("example.ts", text).map(({ command, line, site }) => `${line} ${command} ${site}`);

describe("scanTypeScript", () => {
  it("finds the programs child_process starts, with the script of sh -c", () => {
    const code = [
      `import { execFileSync, spawn, spawnSync } from "node:child_process";`,
      `spawnSync("losetup", ["-f", "--show", file]);`,
      `execFileSync("mkfs.xfs", ["-q", device]);`,
      `child_process.spawn("sh", ["-c", "command -v genisoimage"]);`,
      `spawnSync(process.execPath, [bin, "report"]);`,
      `spawnSync(command, args);`,
    ].join("\n");
    expect(scan(code)).toEqual(["2 losetup here", "3 mkfs.xfs here", "4 sh here", "4 genisoimage here"]);
  });

  it("resolves a program held in a const, its default included", () => {
    const code = [`const TIME = "/usr/bin/time";`, `const TERRAFORM = process.env.TF ?? "/usr/local/bin/terraform";`, `spawnSync(TIME, ["-f", "%M"]);`, `spawnSync(TERRAFORM, ["version"]);`].join("\n");
    expect(scan(code)).toEqual(["3 time here", "4 terraform here"]);
  });

  it("finds calls of command runners: CommandRunner-typed names and functions taking a command", () => {
    const code = [
      `async function check(run: CommandRunner, options: { readonly run: CommandRunner }) {`,
      `  await run("terraform", ["version", "-json"]);`,
      `  await options.run("virsh", ["uri"]);`,
      `}`,
      `function run(command: string, args: readonly string[]) { return spawnSync(command, args); }`,
      `run("qemu-img", ["create"]);`,
      `function other(dir: string) {}`,
      `other("not-a-command");`,
    ].join("\n");
    expect(scan(code)).toEqual(["2 terraform here", "3 virsh here", "6 qemu-img here"]);
  });

  it("finds { command, args } objects, executablePath, interpreter and argv", () => {
    const code = [
      `const a = { command: "ssh", args: ["-o", "BatchMode=yes", host, script] };`,
      `const b = { command: "not run: no args" };`,
      `chromium.launch({ executablePath: "/usr/bin/chromium" });`,
      `const c = { interpreter: ["/bin/bash", "-c"], command: script };`,
      `const d = { argv: ["npx", "cdktf", "synth"] };`,
    ].join("\n");
    expect(scan(code)).toEqual(["1 ssh here", "3 chromium here", "4 bash here", "5 npx here"]);
  });

  it("finds the argument vectors host steps run, branches of a condition included", () => {
    const code = [
      `this.createCommand = ["zpool", "create", "-o", \`ashift=\${ashift}\`, ...devices.flatMap((d) => ["-O", d])];`,
      `this.mkfsCommand = type === "ext4" ? ["mkfs.ext4", "-q", dev] : ["mkfs.xfs", "-q", dev];`,
      `const step = { environment: { MOUNT_COMMAND: lines(mountCommand) } };`,
    ].join("\n");
    expect(scan(code)).toEqual(["1 zpool host step", "2 mkfs.ext4 host step", "2 mkfs.xfs host step"]);
  });

  it("finds what cloud-init's runcmd runs in the guest", () => {
    const code = [`const config = {`, `  runcmd: [`, `    ["env", \`KVMBENCH_PORT=\${port}\`, "bash", scriptPath],`, `    "sync && poweroff",`, `  ],`, `};`].join("\n");
    expect(scan(code)).toEqual(["3 env guest", "3 bash guest", "4 sync guest", "4 poweroff guest"]);
  });

  it("finds nothing in strings, comments and messages", () => {
    const code = [`// spawnSync("fio", [])`, `const text = 'spawnSync("zpool", [])';`, `throw new Error("run wipefs -a first");`].join("\n");
    expect(scan(code)).toEqual([]);
  });
});
