/**
 * docs/api/ is the API reference TypeDoc generates from the library's doc comments
 * (`npm run docs:api`, typedoc.json). It is committed, so this test generates it afresh and
 * fails, naming the files, when the committed one is stale (about 20 s).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const COMMITTED = join(ROOT, "docs", "api");

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

describe("the API reference in docs/api/", () => {
  const out = mkdtempSync(join(tmpdir(), "kvmbench-api-docs-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("is what `npm run docs:api` generates from the current doc comments", () => {
    // typedoc.json sets treatWarningsAsErrors: a public type the reference cannot show fails here too.
    execFileSync(process.execPath, [join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--out", out, "--logLevel", "Warn"], { cwd: ROOT, stdio: "pipe" });
    const fresh = filesUnder(out);
    const committed = filesUnder(COMMITTED);
    expect(fresh.size).toBeGreaterThan(50);
    const differing = [...new Set([...fresh.keys(), ...committed.keys()])]
      .filter((file) => fresh.get(file) !== committed.get(file))
      .map((file) => `docs/api/${file}: ${!committed.has(file) ? "missing" : !fresh.has(file) ? "no longer generated" : "stale"}`);
    if (differing.length) throw new Error(`the API reference is stale; run \`npm run docs:api\` and commit docs/api/:\n${differing.sort().join("\n")}`);
    expect(fresh.get("README.md")).toContain("[Guest](classes/Guest.md)");
  }, 3 * 60_000);
});
