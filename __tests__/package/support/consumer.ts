/**
 * The kvmbench package as a user gets it: `npm pack` of this repository, and a fresh cdktf
 * TypeScript app (its own package.json, tsconfig and cdktf.json) that installs the tarball, is
 * compiled with `tsc --strict` and run with plain node. The package test and the end-to-end test
 * share these steps.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const PROJECT_DIR = join(__dirname, "..", "..", "..");
/** The cdktf command a user installs (cdktf-cli), from this repository's devDependencies. */
export const CDKTF_CLI = join(PROJECT_DIR, "node_modules", ".bin", "cdktf");
/** The consumer app's own sources (guests.ts, tsconfig.json), copied into each app. */
export const CONSUMER_APP_SOURCES = join(__dirname, "..", "consumer-app");

const NPM_QUIET = ["--no-audit", "--no-fund", "--no-update-notifier"];

interface ProjectManifest {
  readonly name: string;
  readonly version: string;
  readonly devDependencies: Record<string, string>;
}

export function projectManifest(): ProjectManifest {
  return JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as ProjectManifest;
}

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface PackedLibrary {
  /** Absolute path of the tarball. */
  readonly tarball: string;
  /** Every file in it, relative to the package root (`dist/constructs/index.js`). */
  readonly files: readonly PackedFile[];
  /** The package.json inside the tarball. */
  readonly manifest: Record<string, unknown>;
}

/** `npm pack` at the repository's root (prepack builds dist/), the tarball written into `into`. */
export function packLibrary(into: string): PackedLibrary {
  mkdirSync(into, { recursive: true });
  const output = execFileSync("npm", ["pack", "--json", "--pack-destination", into, ...NPM_QUIET], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // npm prints the JSON report last; a lifecycle script's own output may come before it.
  const report = JSON.parse(output.slice(output.indexOf("[\n"))) as Array<{ filename: string; files: PackedFile[] }>;
  const tarball = join(into, report[0].filename);
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" })) as Record<string, unknown>;
  return { tarball, files: report[0].files.map(({ path, size }) => ({ path, size })), manifest };
}

export interface ConsumerApp {
  readonly dir: string;
  /** What `npm install` printed. */
  readonly installOutput: string;
}

/**
 * A fresh app in `dir`: `files` (name -> text), the package.json given, then `npm install` from
 * npm's cache where it can (`--prefer-offline`: the repository's `npm ci` filled it with the same
 * versions of cdktf, constructs, typescript and @types/node).
 */
export function createConsumerApp(dir: string, packageJson: Record<string, unknown>, files: Readonly<Record<string, string>>): ConsumerApp {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const install = spawnSync("npm", ["install", "--prefer-offline", ...NPM_QUIET], { cwd: dir, encoding: "utf8", timeout: 5 * 60_000 });
  const installOutput = `${install.stdout}${install.stderr}`;
  if (install.status !== 0) throw new Error(`npm install in ${dir} failed (${install.status}):\n${installOutput}`);
  return { dir, installOutput };
}

/** The package.json of the test's consumer app: its own cdktf, constructs and TypeScript, and the tarball. */
export function consumerPackageJson(tarball: string): Record<string, unknown> {
  const pinned = projectManifest().devDependencies;
  return {
    name: "kvmbench-consumer",
    version: "1.0.0",
    private: true,
    dependencies: { cdktf: pinned.cdktf, constructs: pinned.constructs, kvmbench: `file:${tarball}` },
    devDependencies: { typescript: pinned.typescript, "@types/node": pinned["@types/node"] },
  };
}

/**
 * The consumer app's sources (consumer-app/), with the cdktf.json that runs its compiled main file.
 * No `terraformProviders`: the package's bindings write the provider's source and version into each
 * stack, and with providers listed `cdktf synth` refuses to run until `cdktf get` generated them.
 */
export function consumerAppFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(CONSUMER_APP_SOURCES)) files[name] = readFileSync(join(CONSUMER_APP_SOURCES, name), "utf8");
  files["cdktf.json"] = `${JSON.stringify(
    { language: "typescript", app: "node guests.js", terraformProviders: [], terraformModules: [], context: {} },
    null,
    2,
  )}\n`;
  return files;
}

export interface CommandRun {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a command in the app's folder; stdout and stderr together. */
export function runIn(dir: string, command: string, args: readonly string[], env: Record<string, string> = {}): CommandRun {
  const run = spawnSync(command, args, { cwd: dir, encoding: "utf8", env: { ...process.env, ...env }, timeout: 5 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, output: `${run.stdout ?? ""}${run.stderr ?? ""}${run.error ? run.error.message : ""}` };
}

/** `tsc --strict -p .` with the app's own TypeScript. */
export function compileApp(dir: string, extraArgs: readonly string[] = []): CommandRun {
  return runIn(dir, process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "--strict", "-p", ".", ...extraArgs]);
}

/** The synthesized JSON of one stack of the app (after it ran). */
export function synthesizedStack(dir: string, stack: string): Record<string, unknown> & { resource: Record<string, Record<string, Record<string, unknown>>> } {
  const file = join(dir, "cdktf.out", "stacks", stack, "cdk.tf.json");
  if (!existsSync(file)) throw new Error(`the app wrote no stack ${stack} (${file})`);
  return JSON.parse(readFileSync(file, "utf8")) as ReturnType<typeof synthesizedStack>;
}

/** Every package.json of a package named `name` under the app's node_modules (each copy installed). */
export function installedCopies(dir: string, name: string): string[] {
  const found: string[] = [];
  const walk = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      if (entry.name.startsWith("@")) {
        walk(join(modules, entry.name));
        continue;
      }
      const packageDir = join(modules, entry.name);
      const manifest = join(packageDir, "package.json");
      if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name) found.push(manifest);
      walk(join(packageDir, "node_modules"));
    }
  };
  walk(join(dir, "node_modules"));
  return found;
}

/**
 * The files of the README's "Use the constructs in your own cdktf app" example: each code block
 * that follows a line naming a file (`` `main.ts`: ``), by file name.
 */
export function readmeExample(): Record<string, string> {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const start = readme.indexOf("\n## Use the constructs in your own cdktf app\n");
  if (start < 0) throw new Error('README.md has no section "Use the constructs in your own cdktf app"');
  const next = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const files: Record<string, string> = {};
  for (const match of section.matchAll(/^`([\w.-]+)`[^\n]*:\n```\w*\n([\s\S]*?)\n```$/gm)) files[match[1]] = `${match[2]}\n`;
  return files;
}
