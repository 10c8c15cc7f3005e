/**
 * The kvmbench package as a user gets it (about two minutes): `npm pack` of this repository, its
 * tarball's contents and manifest, then fresh cdktf apps that install it, compile with
 * `tsc --strict` and run with plain node: the test's own app (consumer-app/guests.ts), the
 * README's example, and the production stacks `kvmbench report --emit` writes for seed scenarios,
 * each synthesizing a production guest with a data disk.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importGraph } from "../support/import-graph";
import { seedApp, stackJson } from "../stacks/support";
import { appMain, diskWithSerial, emitAll, emittedStackId, EMITTED_SCENARIOS, seedResultsFolder, storageResources } from "./support/emitted-stacks";
import { checkConformance, formatIssue, type SynthesizedStack } from "../../providers/conformance";
import { escapeTerraformTemplate } from "../../constructs/core/terraform-string";
import { renderHostScript } from "../../constructs/host/script";
import { hostScriptsToShip } from "../../packaging/build-library";
import {
  CDKTF_CLI,
  compileApp,
  consumerAppFiles,
  consumerPackageJson,
  createConsumerApp,
  installedCopies,
  packLibrary,
  PROJECT_DIR,
  projectManifest,
  readmeExample,
  runIn,
  synthesizedStack,
  type CommandRun,
  type ConsumerApp,
  type PackedLibrary,
} from "./support/consumer";

jest.setTimeout(5 * 60_000);

const work = mkdtempSync(join(tmpdir(), "kvmbench-package-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let packed: PackedLibrary;
beforeAll(() => {
  packed = packLibrary(join(work, "pack"));
}, 8 * 60_000);

type Json = Record<string, unknown>;

function conforming<T extends Json>(stack: string, json: T): T {
  const issues = checkConformance(stack, json as SynthesizedStack);
  if (issues.length) throw new Error(issues.map(formatIssue).join("\n"));
  return json;
}

function only<T>(byId: Record<string, T> | undefined, what: string): T {
  const values = Object.values(byId ?? {});
  if (values.length !== 1) throw new Error(`expected one ${what}, found ${values.length}`);
  return values[0];
}

function disksOf(stack: Json & { resource: Record<string, Record<string, Json>> }): Json[] {
  const domain = only(stack.resource.libvirt_domain, "libvirt_domain") as { devices: { disks: Json[] } };
  return domain.devices.disks;
}

describe("the tarball npm pack makes", () => {
  const paths = (): string[] => packed.files.map((f) => f.path);

  it("holds the compiled library (JavaScript and .d.ts), the host scripts it reads, README.md and package.json, nothing else", () => {
    expect(paths().filter((p) => !p.startsWith("dist/")).sort()).toEqual(["README.md", "package.json"]);
    const unexpected = paths().filter((p) => p.startsWith("dist/") && !/\.(js|d\.ts|sh)$/.test(p));
    expect(unexpected).toEqual([]);
    // The library, the domain core it imports and the provider bindings; the CLI, the study app,
    // the runner, tests, benches, fixtures, scenarios and docs stay in the repository.
    const folders = (prefix: string) => [...new Set(paths().filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split("/")[0]))].sort();
    expect(folders("dist/")).toEqual([".gen", "constructs", "domain"]);
    expect(folders("dist/constructs/").filter((name) => !name.includes("."))).toEqual(["attachment", "core", "guest", "host", "rules", "storage"]);
    expect(paths().filter((p) => /test|bench|fixture|scenario|\.map$/i.test(p) || (p.endsWith(".ts") && !p.endsWith(".d.ts")))).toEqual([]);
    expect(paths()).toEqual(expect.arrayContaining(["dist/constructs/index.js", "dist/constructs/index.d.ts", "dist/constructs/guest/guest.js"]));
  });

  it("holds every host script the compiled constructs read, beside them", () => {
    const shipped = paths().filter((p) => p.endsWith(".sh")).sort();
    const expected = hostScriptsToShip(PROJECT_DIR, join(PROJECT_DIR, "dist")).map((p) => `dist/${p}`);
    expect(shipped).toEqual(expected);
    expect(shipped).toEqual(expect.arrayContaining(["dist/constructs/host/scripts/lib.sh", "dist/constructs/storage/scripts/raw-disk.sh"]));
  });

  it("holds the compiled provider bindings of exactly the resources the library imports", () => {
    const imported = new Set(
      importGraph(PROJECT_DIR)
        .filter((edge) => edge.from.startsWith("constructs/") && edge.local && edge.to.startsWith(".gen/"))
        .map((edge) => edge.to.split("/").slice(0, 4).join("/")),
    );
    const shipped = new Set(paths().filter((p) => p.startsWith("dist/.gen/")).map((p) => p.split("/").slice(1, 5).join("/")));
    expect([...shipped].sort()).toEqual([...imported].sort());
    expect([...shipped]).toEqual(expect.arrayContaining([".gen/providers/libvirt/domain", ".gen/providers/libvirt/provider"]));
  });

  it("declares no install script, binding.gyp or bin, depends on nothing at run time, and takes cdktf and constructs from the app", () => {
    const manifest = packed.manifest as { scripts?: Json; bin?: unknown; dependencies?: Json; peerDependencies?: Json; gypfile?: unknown; private?: unknown };
    for (const script of ["preinstall", "install", "postinstall", "prepare"]) expect(manifest.scripts ?? {}).not.toHaveProperty(script);
    expect(paths().filter((p) => p.endsWith("binding.gyp"))).toEqual([]);
    expect(manifest.gypfile).toBeUndefined();
    expect(manifest.bin).toBeUndefined();
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies).toEqual({ cdktf: expect.stringMatching(/^\^0\.21\./), constructs: expect.stringMatching(/^\^10\./) });
    expect(manifest.private).toBeUndefined();
  });

  it("points every export, main and types at a file it holds", () => {
    const manifest = packed.manifest as { main: string; types: string; exports: Record<string, string | Record<string, string>>; typesVersions: Record<string, Record<string, string[]>> };
    const targets = [
      manifest.main,
      manifest.types,
      ...Object.values(manifest.exports).flatMap((target) => (typeof target === "string" ? [target] : Object.values(target))),
      ...Object.values(manifest.typesVersions["*"]).flat(),
    ].map((target) => target.replace(/^\.\//, ""));
    expect(targets.filter((target) => !paths().includes(target))).toEqual([]);
    expect(Object.keys(manifest.exports).sort()).toEqual([".", "./attachment", "./guest", "./host", "./libvirt", "./package.json", "./storage"]);
    // typesVersions gives the same subpaths to apps on TypeScript's node10 resolution, which ignores exports.
    expect(Object.keys(manifest.typesVersions["*"]).map((key) => `./${key}`).sort()).toEqual(
      Object.keys(manifest.exports).filter((key) => key !== "." && key !== "./package.json").sort(),
    );
  });
});

describe("a fresh cdktf app that installs the tarball", () => {
  let app: ConsumerApp;
  let compiled: CommandRun;
  let node16: CommandRun;
  let ran: CommandRun;
  beforeAll(() => {
    app = createConsumerApp(join(work, "app"), consumerPackageJson(packed.tarball), consumerAppFiles());
    compiled = compileApp(app.dir);
    // The same sources against package.json `exports` (node16 resolution) rather than typesVersions.
    node16 = compileApp(app.dir, ["--noEmit", "--module", "node16", "--moduleResolution", "node16"]);
    ran = runIn(app.dir, process.execPath, ["guests.js"]);
  }, 8 * 60_000);

  it("installs without running a script or asking for one to be approved", () => {
    expect(app.installOutput).not.toMatch(/install-scripts|allowScripts/);
    // the bindings come compiled; nothing generated them in the installed package
    expect(existsSync(join(app.dir, "node_modules", "kvmbench", ".gen"))).toBe(false);
    expect(existsSync(join(app.dir, "node_modules", "kvmbench", "dist", ".gen", "providers", "libvirt", "domain", "index.js"))).toBe(true);
    for (const tool of ["cdktf-cli", "tsx", "ts-node"]) expect(existsSync(join(app.dir, "node_modules", tool))).toBe(false);
  });

  it("has one copy of constructs and of cdktf, the app's own", () => {
    expect(installedCopies(app.dir, "constructs")).toEqual([join(app.dir, "node_modules", "constructs", "package.json")]);
    expect(installedCopies(app.dir, "cdktf")).toEqual([join(app.dir, "node_modules", "cdktf", "package.json")]);
    expect(existsSync(join(app.dir, "node_modules", "kvmbench", "node_modules"))).toBe(false);
  });

  it("compiles with tsc --strict (declarations checked too: no skipLibCheck), with node10 and node16 module resolution", () => {
    expect(compiled).toEqual({ status: 0, output: "" });
    expect(node16).toEqual({ status: 0, output: "" });
  });

  it("runs with plain node and synthesizes a production guest with a raw data disk, conforming to the provider schema", () => {
    expect(ran.status).toBe(0);
    const stack = synthesizedStack(app.dir, "raw-data-disk");
    conforming("raw-data-disk", stack);
    expect(stack.terraform).toMatchObject({ required_providers: { libvirt: { source: "dmacvicar/libvirt", version: "0.9.7" } } });
    expect(stack.provider).toEqual({ libvirt: [{ uri: "qemu:///system" }] });
    const data = disksOf(stack).find((disk) => disk.serial === "data");
    expect(data).toEqual({
      source: { block: { dev: "/dev/disk/by-id/nvme-DATA_DISK_1" } },
      target: { bus: "virtio", dev: "vdb" },
      driver: { name: "qemu", type: "raw", cache: "none", io: "native", discard: "unmap" },
      serial: "data",
    });
    // an output of the app's own cdktf, added inside the library's Guest
    expect(stack.output).toEqual({ domain_name: { value: "app-raw-data-disk" } });
  });

  it("renders the host scripts from the installed package exactly as the repository's constructs do", () => {
    const step = only(synthesizedStack(app.dir, "raw-data-disk").resource.terraform_data, "host step") as { provisioner: Array<Record<string, { command: string }>> };
    const command = step.provisioner[0]["local-exec"].command;
    expect(command).toBe(escapeTerraformTemplate(renderHostScript(join(PROJECT_DIR, "constructs", "storage", "scripts", "raw-disk.sh"))));
    expect(command).toContain("kvmbench host-step library");
  });

  it("synthesizes a guest whose data disk is a new volume in a libvirt pool the host already has, the pool left alone", () => {
    const stack = synthesizedStack(app.dir, "pool-data-disk");
    conforming("pool-data-disk", stack);
    expect(stack.resource.libvirt_pool).toBeUndefined();
    expect(stack.resource.terraform_data).toBeUndefined();
    const volume = Object.values(stack.resource.libvirt_volume).find((v) => v.name === "app-pool-data-disk-data.qcow2");
    expect(volume).toMatchObject({ pool: "default", capacity: 1024 ** 3, target: { format: { type: "qcow2" } } });
    expect(disksOf(stack).find((disk) => disk.serial === "data")).toMatchObject({
      source: { volume: { pool: "default", volume: "app-pool-data-disk-data.qcow2" } },
      driver: { type: "qcow2", cache: "none", io: "native", discard: "unmap" },
    });
  });

  it("synthesizes a guest whose data disk is a new zvol on a ZFS pool the host already has, the pool neither made nor guarded", () => {
    const stack = synthesizedStack(app.dir, "zvol-data-disk");
    conforming("zvol-data-disk", stack);
    // one host step: the zvol's (no zpool create, no device lock)
    const steps = Object.values(stack.resource.terraform_data) as Array<{ input: Record<string, string> }>;
    expect(steps.map((step) => step.input.DATASET)).toEqual(["tank/app-zvol-data-disk-data"]);
    expect(disksOf(stack).find((disk) => disk.serial === "data")).toMatchObject({
      source: { block: { dev: "/dev/zvol/tank/app-zvol-data-disk-data" } },
      driver: { type: "raw", cache: "none", io: "native", discard: "unmap" },
    });
  });

  it("gets the subpaths the package exports, and nothing else of it", () => {
    const probe = (specifier: string): CommandRun => runIn(app.dir, process.execPath, ["-e", `require(${JSON.stringify(specifier)})`]);
    for (const subpath of ["kvmbench", "kvmbench/host", "kvmbench/storage", "kvmbench/attachment", "kvmbench/guest", "kvmbench/libvirt"]) {
      expect({ subpath, ...probe(subpath) }).toEqual({ subpath, status: 0, output: "" });
    }
    for (const deep of ["kvmbench/constructs/guest", "kvmbench/dist/constructs/index.js", "kvmbench/runner"]) {
      expect(probe(deep).output).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
    }
  });
});

describe("the README's example app", () => {
  const files = readmeExample();
  let app: ConsumerApp;
  let synth: CommandRun;
  beforeAll(() => {
    const packageJson = JSON.parse(files["package.json"]) as { dependencies: Record<string, string> };
    const { "package.json": _manifest, ...sources } = files;
    app = createConsumerApp(join(work, "readme-app"), { ...packageJson, dependencies: { ...packageJson.dependencies, kvmbench: `file:${packed.tarball}` } }, sources);
    // the cdktf command the README installs, which runs cdktf.json's app
    synth = runIn(app.dir, CDKTF_CLI, ["synth"], { CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0", TF_CLI_CONFIG_FILE: "/dev/null" });
  }, 8 * 60_000);

  it("has the four files, pinned to this repository's versions and tarball", () => {
    expect(Object.keys(files).sort()).toEqual(["cdktf.json", "main.ts", "package.json", "tsconfig.json"]);
    const manifest = projectManifest();
    const packageJson = JSON.parse(files["package.json"]) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(packageJson.dependencies).toEqual({
      cdktf: manifest.devDependencies.cdktf,
      constructs: manifest.devDependencies.constructs,
      kvmbench: `file:../kvmbench/kvmbench-${manifest.version}.tgz`,
    });
    expect(packageJson.devDependencies).toEqual({ typescript: manifest.devDependencies.typescript, "@types/node": manifest.devDependencies["@types/node"] });
    // nothing for `cdktf get`: the provider comes pinned in the synthesized stacks
    expect(JSON.parse(files["cdktf.json"])).toMatchObject({ app: "npx tsc && node main.js", terraformProviders: [] });
  });

  it("compiles strictly under `cdktf synth` and synthesizes its guest with a data disk in the pool default on virtio, cache=none, io=native", () => {
    expect(JSON.parse(files["tsconfig.json"])).toMatchObject({ compilerOptions: { strict: true } });
    if (synth.status !== 0) throw new Error(`cdktf synth failed (${synth.status}):\n${synth.output}`);
    expect(synth.output).toContain("Generated Terraform code for the stacks: db1");
    const stack = conforming("db1", synthesizedStack(app.dir, "db1"));
    expect(stack.terraform).toMatchObject({ required_providers: { libvirt: { source: "dmacvicar/libvirt", version: "0.9.7" } } });
    const data = disksOf(stack).find((disk) => disk.serial === "db1-data");
    expect(data).toMatchObject({
      source: { volume: { pool: "default", volume: "db1-data.qcow2" } },
      target: { bus: "virtio" },
      driver: { type: "qcow2", cache: "none", io: "native", discard: "unmap" },
    });
    expect(stack.resource.libvirt_pool).toBeUndefined();
  });
});

describe("the production stacks `kvmbench report --emit` writes for seed scenarios", () => {
  let app: ConsumerApp;
  let emitted: Record<string, string>;
  let compiled: CommandRun;
  let ran: CommandRun;
  const scenarioStacks = new Map(seedApp().stacks.map((stack) => [stack.node.id, stack] as const));
  beforeAll(async () => {
    const dir = join(work, "emitted-app");
    emitted = await emitAll(await seedResultsFolder(), dir);
    const { "guests.ts": _guests, ...sources } = consumerAppFiles();
    app = createConsumerApp(dir, consumerPackageJson(packed.tarball), { ...sources, "main.ts": appMain() });
    compiled = compileApp(app.dir);
    ran = runIn(app.dir, process.execPath, ["main.js"]);
  }, 8 * 60_000);

  it("are written beside each other as <scenario>-guest.ts, and compile with tsc --strict in a fresh app with the packed library", () => {
    expect(Object.values(emitted)).toEqual(EMITTED_SCENARIOS.map((name) => join(app.dir, `${name}-guest.ts`)));
    expect(compiled).toEqual({ status: 0, output: "" });
    expect(ran).toEqual({ status: 0, output: "" });
  });

  it.each(EMITTED_SCENARIOS)("%s: the same storage resources and data disk as the scenario's stack, conforming to the provider schema", (name) => {
    const production = conforming(emittedStackId(name), synthesizedStack(app.dir, emittedStackId(name)));
    const scenarioStack = scenarioStacks.get(name);
    if (!scenarioStack) throw new Error(`the seed has no stack ${name}`);
    const measured = stackJson(scenarioStack) as unknown as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const storage = storageResources(production.resource, emittedStackId(name));
    expect(Object.keys(storage).length).toBeGreaterThan(0);
    expect(storage).toEqual(storageResources(measured.resource, name));
    expect(diskWithSerial(production.resource, "data")).toEqual(diskWithSerial(measured.resource, "kvmbench-dut"));
  });

  it("build a long-lived guest: started on boot, no benchmark runner, no result collector", () => {
    const production = synthesizedStack(app.dir, emittedStackId("zvol-ext4-qcow2-writeback-virtio"));
    const domain = only(production.resource.libvirt_domain, "libvirt_domain") as { autostart?: boolean; name: string };
    expect(domain).toMatchObject({ autostart: true, name: "zvol-ext4-qcow2-writeback-virtio-guest" });
    const steps = Object.keys(production.resource.terraform_data ?? {});
    expect(steps.filter((id) => !id.startsWith("storage_"))).toEqual([]);
    expect(production.output ?? {}).toEqual({});
  });
});
