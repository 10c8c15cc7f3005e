/**
 * The external commands TypeScript code runs, found in its syntax tree (TypeScript's parser):
 * the program named by a string literal (or a `const` holding one) where a process is started:
 *
 * - calls of spawn, spawnSync, execFile, execFileSync, and of functions typed CommandRunner or
 *   declared `function NAME(command: ...)`, with their argument array when it is literal (so
 *   `sh -c "command -v lvm"` counts sh and lvm);
 * - `{ command: "ssh", args: [...] }` objects, `executablePath`, `interpreter` and `argv` properties;
 * - argument vectors a host step runs on the KVM host (a `...Command` property or field
 *   assigned an array, e.g. `createCommand = ["zpool", "create", ...]`);
 * - cloud-init `runcmd` entries, which run in the guest.
 */
import * as ts from "typescript";
import { commandsOfArgv, scanShellScript, type ArgvWord, type CommandUse } from "./shell-commands";

/** Where a command found in TypeScript runs. */
export type CommandSite = "here" | "host step" | "guest";

export interface TypeScriptCommandUse extends CommandUse {
  /** "here": started by the code itself; "host step": on the KVM host by a host step; "guest": by cloud-init in the guest. */
  readonly site: CommandSite;
}

const SPAWNERS = new Set(["spawn", "spawnSync", "execFile", "execFileSync"]);

/** Every external command `text` (the TypeScript file `fileName`) runs. */
export function scanTypeScript(fileName: string, text: string): TypeScriptCommandUse[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const constants = stringConstants(source);
  const runners = commandRunnerNames(source);
  const uses: TypeScriptCommandUse[] = [];
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const word = (node: ts.Expression): ArgvWord => {
    const literal = ts.isStringLiteralLike(node) ? node.text : ts.isIdentifier(node) ? constants.get(node.text) : undefined;
    if (literal !== undefined) return { text: literal, literal: true };
    // `NAME=${value}` reads as the shell's NAME=${value}: an assignment to env, not a program
    const text = ts.isTemplateExpression(node) ? node.head.text + node.templateSpans.map((span) => `\${${span.expression.getText(source)}}${span.literal.text}`).join("") : node.getText(source);
    return { text, literal: false };
  };
  const argv = (elements: readonly ts.Expression[]): ArgvWord[] => elements.map((e) => (ts.isSpreadElement(e) ? { text: e.getText(source), literal: false } : word(e)));
  const add = (words: readonly ArgvWord[], node: ts.Node, site: CommandSite): void => {
    uses.push(...commandsOfArgv(words, lineOf(node)).map((use) => ({ ...use, site })));
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isCommandCall(node, runners) && node.arguments.length > 0) {
      const [command, args] = node.arguments;
      add([word(command), ...(args && ts.isArrayLiteralExpression(args) ? argv(args.elements) : [])], node, "here");
    } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name)) {
      const name = node.name.text;
      const value = node.initializer;
      if (name === "command" && ts.isObjectLiteralExpression(node.parent)) {
        const args = node.parent.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === "args")?.initializer;
        if (args) add([word(value), ...(ts.isArrayLiteralExpression(args) ? argv(args.elements) : [])], node, "here");
      } else if (name === "executablePath") {
        add([word(value)], node, "here");
      } else if ((name === "interpreter" || name === "argv") && ts.isArrayLiteralExpression(value)) {
        add(argv(value.elements), node, "here");
      } else if (name === "runcmd" && ts.isArrayLiteralExpression(value)) {
        for (const entry of value.elements) {
          if (ts.isArrayLiteralExpression(entry)) add(argv(entry.elements), entry, "guest");
          else if (ts.isStringLiteralLike(entry)) uses.push(...scanShellScript(entry.text, { firstLine: lineOf(entry) }).commands.map((use) => ({ ...use, site: "guest" as const })));
        }
      } else if (name.endsWith("Command")) {
        for (const array of argvArrays(value)) add(argv(array.elements), array, "host step");
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.name.text.endsWith("Command")) {
      for (const array of argvArrays(node.right)) add(argv(array.elements), array, "host step");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

function isCommandCall(call: ts.CallExpression, runners: ReadonlySet<string>): boolean {
  const name = calleeName(call);
  return name !== undefined && (SPAWNERS.has(name) || runners.has(name));
}

/** The argument arrays an expression may be: an array literal, or either branch of `c ? [...] : [...]`. */
function argvArrays(node: ts.Expression): ts.ArrayLiteralExpression[] {
  if (ts.isArrayLiteralExpression(node)) return [node];
  if (ts.isParenthesizedExpression(node)) return argvArrays(node.expression);
  if (ts.isConditionalExpression(node)) return [...argvArrays(node.whenTrue), ...argvArrays(node.whenFalse)];
  return [];
}

/** `const NAME = "text"` and `const NAME = anything ?? "text"` (a default): NAME -> text. */
function stringConstants(source: ts.SourceFile): Map<string, string> {
  const constants = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclarationList(node) && node.flags & ts.NodeFlags.Const) {
      for (const declaration of node.declarations) {
        let value = declaration.initializer;
        if (value && ts.isBinaryExpression(value) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(value.operatorToken.kind)) value = value.right;
        if (ts.isIdentifier(declaration.name) && value && ts.isStringLiteralLike(value)) constants.set(declaration.name.text, value.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return constants;
}

/** Names typed CommandRunner, and functions whose first parameter is `command`: both run a program. */
function commandRunnerNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isPropertySignature(node)) && node.type && ts.isTypeReferenceNode(node.type)) {
      if (node.type.typeName.getText(source) === "CommandRunner" && ts.isIdentifier(node.name)) names.add(node.name.text);
    } else if (ts.isFunctionDeclaration(node) && node.name && node.parameters[0]?.name.getText(source) === "command") {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}
