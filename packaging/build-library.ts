/**
 * Builds the construct library as the `kvmbench` package ships it, into dist/ (`npm run
 * build:lib`; `npm pack` runs it as `prepack`): tsc with tsconfig.lib.json compiles the package's
 * entry points and what they import (domain/, the provider bindings in .gen/) to JavaScript and
 * .d.ts, then the host scripts the constructs read at synth time are copied beside the compiled
 * modules, where their `__dirname` finds them (constructs/host/script.ts, constructs/storage/scripts.ts).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..");
export const DIST = join(ROOT, "dist");

/** `constructs/<folder>/scripts/*.sh` of every construct folder the build compiled, as paths relative to the root. */
export function hostScriptsToShip(root: string, dist: string): string[] {
  const constructs = join(root, "constructs");
  return readdirSync(constructs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dist, "constructs", entry.name)))
    .flatMap((entry) => {
      const scripts = join(constructs, entry.name, "scripts");
      if (!existsSync(scripts)) return [];
      return readdirSync(scripts)
        .filter((name) => name.endsWith(".sh"))
        .map((name) => relative(root, join(scripts, name)));
    })
    .sort();
}

export function buildLibrary(): void {
  if (!existsSync(join(ROOT, ".gen", "providers", "libvirt"))) {
    throw new Error("no provider bindings in .gen/: run `npm run get` (npm ci does) before building the library");
  }
  rmSync(DIST, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.lib.json")], { cwd: ROOT, stdio: "inherit" });
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.lib.json failed (exit ${tsc.status})`);
  for (const script of hostScriptsToShip(ROOT, DIST)) {
    mkdirSync(join(DIST, script, ".."), { recursive: true });
    copyFileSync(join(ROOT, script), join(DIST, script));
  }
}

if (require.main === module) {
  try {
    buildLibrary();
  } catch (error) {
    process.stderr.write(`build:lib: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
