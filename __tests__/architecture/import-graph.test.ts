/**
 * The layering, checked on the real import graph (every .ts file of the repository, parsed with
 * the TypeScript compiler):
 *
 * - domain/ is the domain core: it imports nothing but itself (no package, no Node module);
 * - study/ never imports constructs/, and nothing it loads at run time reaches constructs/ or
 *   cdktf (reading a study never loads the construct library); the storage backends study/
 *   iterates (backends/) import the construct library for its types only;
 * - the construct library imports only itself, domain/, the generated bindings and packages:
 *   no runner/, providers/, study/ or other application code;
 * - results/ and report/ never load constructs/, stacks/ or cdktf, nor does emit/ (which writes a
 *   stack's source with the backends' own build code against a recording library); orchestrate/
 *   never imports constructs/ or stacks/;
 * - no file imports itself through others (no cycles, type imports included).
 */
import { join } from "node:path";
import { importCycles, importGraph, loadedAtRunTime, sourceFiles, type ImportEdge } from "../support/import-graph";

const ROOT = join(__dirname, "..", "..");
const edges = importGraph(ROOT);

const under = (folder: string) => (path: string) => path === folder || path.startsWith(`${folder}/`);
const isDomain = under("domain");
const isConstructs = under("constructs");
const isGenerated = under(".gen");

function describe_(edge: ImportEdge): string {
  return `${edge.from}:${edge.line} imports ${edge.to}${edge.typeOnly ? " (type only)" : ""}`;
}

/** Every edge that breaks a rule, as `file:line imports target: rule`. */
function violations(): string[] {
  const found: string[] = [];
  for (const edge of edges) {
    if (isDomain(edge.from) && !(edge.local && isDomain(edge.to))) found.push(`${describe_(edge)}: domain/ imports only domain/`);
    if (under("study")(edge.from) && edge.local && isConstructs(edge.to)) found.push(`${describe_(edge)}: study/ never imports constructs/`);
    if (isConstructs(edge.from) && edge.local && !isConstructs(edge.to) && !isDomain(edge.to) && !isGenerated(edge.to)) {
      found.push(`${describe_(edge)}: the construct library imports only itself, domain/ and the generated bindings`);
    }
    if (under("backends")(edge.from) && edge.local && isConstructs(edge.to) && !edge.typeOnly) {
      found.push(`${describe_(edge)}: backends/ builds from the library it is handed, importing constructs/ for types only`);
    }
    if (under("orchestrate")(edge.from) && edge.local && (isConstructs(edge.to) || under("stacks")(edge.to))) {
      found.push(`${describe_(edge)}: orchestrate/ never imports constructs/ or stacks/`);
    }
  }
  return found;
}

/** Files of `folder` whose run-time imports reach the construct library or cdktf. */
function loadsConstructLibrary(folder: string): string[] {
  const packagesOf = new Map<string, string[]>();
  for (const edge of edges) if (!edge.local && !edge.typeOnly) packagesOf.set(edge.from, [...(packagesOf.get(edge.from) ?? []), edge.to]);
  return sourceFiles(ROOT)
    .filter(under(folder))
    .flatMap((file) => {
      const loaded = [file, ...loadedAtRunTime(edges, file)];
      const library = loaded.find((f) => isConstructs(f) || under("stacks")(f));
      const cdktf = loaded.find((f) => (packagesOf.get(f) ?? []).includes("cdktf"));
      if (library) return [`${file} loads ${library} at run time`];
      if (cdktf) return [`${file} loads cdktf at run time (through ${cdktf})`];
      return [];
    });
}

describe("the import graph", () => {
  it("finds the repository's files and resolves every relative import", () => {
    expect(sourceFiles(ROOT)).toEqual(expect.arrayContaining(["main.ts", "study/scenarios.ts", "constructs/guest/guest.ts", "__tests__/support/import-graph.ts"]));
    expect(edges.filter((edge) => edge.to.endsWith("(unresolved)")).map(describe_)).toEqual([]);
    // the parser sees what the rules need: type-only imports and run-time imports
    expect(edges).toContainEqual(expect.objectContaining({ from: "main.ts", to: "stacks/app.ts", local: true, typeOnly: false }));
    expect(edges.some((edge) => edge.typeOnly && edge.local)).toBe(true);
  });

  it("keeps every layer to the imports it may have", () => {
    expect(violations()).toEqual([]);
  });

  it("never loads the construct library or cdktf when reading a study, a result file or a report, or writing a stack's source", () => {
    expect([
      ...loadsConstructLibrary("study"),
      ...loadsConstructLibrary("backends"),
      ...loadsConstructLibrary("results"),
      ...loadsConstructLibrary("report"),
      ...loadsConstructLibrary("emit"),
    ]).toEqual([]);
  });

  it("has no import cycles", () => {
    expect(importCycles(edges)).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it("find a cycle and what a file loads through others", () => {
    const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, local: true, typeOnly, line: 1 });
    const graph = [edge("a.ts", "b.ts"), edge("b.ts", "c.ts"), edge("c.ts", "a.ts", true), edge("c.ts", "d.ts")];
    expect(importCycles(graph)).toEqual([["a.ts", "b.ts", "c.ts"]]);
    expect([...loadedAtRunTime(graph, "c.ts")].sort()).toEqual(["d.ts"]);
    expect([...loadedAtRunTime(graph, "a.ts")].sort()).toEqual(["b.ts", "c.ts", "d.ts"]);
  });
});
