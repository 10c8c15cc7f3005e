/**
 * The repository's real import graph: every .ts file outside node_modules, .gen and cdktf
 * output, parsed with the TypeScript compiler, with each import resolved to a file (relative
 * imports) or left as a package name (everything else).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";

/** One import of one file. */
export interface ImportEdge {
  /** Importing file, relative to the repository root (e.g. "study/scenarios.ts"). */
  readonly from: string;
  /** The imported file relative to the root, or the package name ("cdktf", "node:fs"). */
  readonly to: string;
  /** True when `to` is a file of the repository. */
  readonly local: boolean;
  /** `import type`, `import { type X }` only, or `typeof import("...")`: erased at run time. */
  readonly typeOnly: boolean;
  /** 1-based line of the import. */
  readonly line: number;
}

const SKIPPED_DIRECTORIES = new Set(["node_modules", ".gen", "dist", "cdktf.out", ".git", "coverage"]);

/** Every .ts file under `root`, relative to it. */
export function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith("cdktf.out")) walk(join(dir, entry.name));
      } else if (entry.name.endsWith(".ts")) files.push(relative(root, join(dir, entry.name)));
    }
  };
  walk(root);
  return files.sort();
}

function resolveLocal(root: string, from: string, specifier: string): string | undefined {
  const base = resolve(root, dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate);
  }
  return undefined;
}

function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean, node: ts.Node): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    if (specifier.startsWith(".")) {
      const target = resolveLocal(root, file, specifier);
      edges.push({ from: file, to: target ?? `${join(dirname(file), specifier)} (unresolved)`, local: target !== undefined, typeOnly, line });
    } else edges.push({ from: file, to: specifier, local: false, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const namedOnlyTypes =
        clause !== undefined &&
        clause.name === undefined &&
        clause.namedBindings !== undefined &&
        ts.isNamedImports(clause.namedBindings) &&
        clause.namedBindings.elements.length > 0 &&
        clause.namedBindings.elements.every((element) => element.isTypeOnly);
      add(node.moduleSpecifier.text, clause?.isTypeOnly === true || namedOnlyTypes, node);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true, node);
    } else if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0]) &&
      ((ts.isIdentifier(node.expression) && node.expression.text === "require") || node.expression.kind === ts.SyntaxKind.ImportKeyword)
    ) {
      add((node.arguments[0] as ts.StringLiteral).text, false, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Every import of every source file under `root`. */
export function importGraph(root: string): ImportEdge[] {
  return sourceFiles(root).flatMap((file) => importsOf(root, file));
}

/** The import cycles among local files (each as the list of files around it), smallest first. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) if (edge.local) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  // Tarjan's strongly connected components: a component of two or more files is a cycle.
  let index = 0;
  const indexes = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (file: string): void => {
    indexes.set(file, index);
    lowlinks.set(file, index);
    index += 1;
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!indexes.has(to)) {
        connect(to);
        lowlinks.set(file, Math.min(lowlinks.get(file)!, lowlinks.get(to)!));
      } else if (onStack.has(to)) lowlinks.set(file, Math.min(lowlinks.get(file)!, indexes.get(to)!));
    }
    if (lowlinks.get(file) === indexes.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      const selfLoop = (next.get(file) ?? []).includes(file);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const file of new Set(edges.map((edge) => edge.from))) if (!indexes.has(file)) connect(file);
  return components.sort((a, b) => a.length - b.length || a[0].localeCompare(b[0]));
}

/** The local files `file` loads when it runs: its value imports, followed through. */
export function loadedAtRunTime(edges: readonly ImportEdge[], file: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const edge of edges) if (edge.local && !edge.typeOnly) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const to of next.get(current) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}
