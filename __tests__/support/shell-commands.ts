/**
 * The external commands a bash script runs, found by reading it (shell-lexer.ts): the first word
 * of every simple command, also inside substitutions, conditions, loops, case branches and the
 * scripts given to `trap`, `eval` and `bash -c`; and the commands that wrappers run (`command`,
 * `exec`, `env`, `timeout`, `nice`, `nohup`, `xargs`, `sudo`, `chroot DIR`). Left out:
 * assignments, redirections, keywords, builtins and the script's own functions. A command held
 * in a variable counts by the variable's default (`fio_bin="${KVMBENCH_FIO:-fio}"` then
 * `"$fio_bin"` is fio); other expansions are only known at run time and are left out.
 */
import { basename } from "node:path";
import { lexShell, type Lexed, type Token, type WordToken } from "./shell-lexer";

/** One external command a script runs. */
export interface CommandUse {
  readonly command: string;
  /** 1-based line of the scanned text. */
  readonly line: number;
  /** Run by `chroot DIR ...`: inside the tree being built (the guest image), not on the host. */
  readonly inChroot: boolean;
}

export interface ShellScan {
  readonly commands: readonly CommandUse[];
  /** The functions the script defines (a script that includes it may call them). */
  readonly functions: readonly string[];
}

/** A word of a command line: its text, and whether it is literal or known only at run time. */
export interface ArgvWord {
  readonly text: string;
  readonly literal: boolean;
}

export interface ScanOptions {
  /** Functions defined elsewhere that the script calls (e.g. those of an included library). */
  readonly functions?: Iterable<string>;
  /** The line number of the text's first line. @default 1 */
  readonly firstLine?: number;
}

/** Every external command `script` runs, with the line it is on. */
export function scanShellScript(script: string, options: ScanOptions = {}): ShellScan {
  const walker = new Walker();
  walker.walk(lexShell(script, options.firstLine ?? 1));
  const known = new Set([...walker.functions, ...(options.functions ?? [])]);
  return { commands: walker.commands().filter((use) => !known.has(use.command)), functions: [...walker.functions] };
}

/** The external commands an argument vector runs when it is executed (no shell): the program, and what it wraps. */
export function commandsOfArgv(argv: readonly ArgvWord[], line: number): CommandUse[] {
  const walker = new Walker();
  for (const found of simpleCommand(argv, false, false)) walker.record(found, line);
  return walker.commands();
}

const BUILTINS = new Set(
  (
    ": . [ alias bg bind break builtin caller cd command compgen complete compopt continue declare dirs disown echo enable eval exec exit " +
    "export false fc fg getopts hash help history jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly return " +
    "set shift shopt source suspend test times trap true type typeset ulimit umask unalias unset wait"
  ).split(" "),
);
/** Reserved words after which a new command starts. */
const COMMAND_PREFIXES = new Set(["if", "then", "elif", "else", "do", "while", "until", "!", "time", "{"]);
/** Reserved words that end a compound command. */
const COMPOUND_ENDS = new Set(["fi", "done", "}"]);
const CASE_BRANCH_ENDS = new Set([";;", ";&", ";;&"]);
/** Builtins whose arguments may be assignments. */
const DECLARATIONS = new Set(["export", "local", "readonly", "declare", "typeset"]);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\+?=/;
const VARIABLE_ONLY = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;
const DEFAULT_VALUE = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(.*)\}$/;

type Found =
  | { readonly kind: "command"; readonly name: string; readonly inChroot: boolean }
  | { readonly kind: "variable"; readonly name: string; readonly inChroot: boolean }
  | { readonly kind: "script"; readonly text: string; readonly inChroot: boolean };

class Walker {
  readonly functions = new Set<string>();
  private readonly found: CommandUse[] = [];
  private readonly variableUses: Array<{ name: string; line: number; inChroot: boolean }> = [];
  private readonly assignments = new Map<string, string[]>();

  walk(lexed: Lexed): void {
    this.list(lexed.tokens);
    for (const substitution of lexed.substitutions) this.walk(substitution);
  }

  record(found: Found, line: number): void {
    if (found.kind === "command") this.found.push({ command: found.name, line, inChroot: found.inChroot });
    else if (found.kind === "variable") this.variableUses.push({ name: found.name, line, inChroot: found.inChroot });
    else this.walk(lexShell(found.text, line));
  }

  /** The commands found, with those of variables resolved by the values assigned to them. */
  commands(): CommandUse[] {
    const resolved = this.variableUses.flatMap(({ name, line, inChroot }) =>
      (this.assignments.get(name) ?? []).flatMap((value) => {
        const command = programOf(value);
        return command ? [{ command, line, inChroot }] : [];
      }),
    );
    return [...this.found, ...resolved].sort((a, b) => a.line - b.line);
  }

  private list(tokens: readonly Token[]): void {
    const cases: Array<"pattern" | "body"> = [];
    let atStart = true;
    let i = 0;
    while (i < tokens.length) {
      const token = tokens[i];
      if (cases[cases.length - 1] === "pattern") {
        if (isWord(token, "esac")) {
          cases.pop();
          atStart = false;
          i++;
        } else if (isOperator(token, "\n")) i++;
        else {
          while (i < tokens.length && !isOperator(tokens[i], ")")) i++;
          i++;
          cases[cases.length - 1] = "body";
          atStart = true;
        }
      } else if (token.kind === "operator") {
        if (cases.length > 0 && CASE_BRANCH_ENDS.has(token.text)) cases[cases.length - 1] = "pattern";
        atStart = true;
        i++;
      } else if (token.kind === "redirect") {
        i += tokens[i + 1]?.kind === "word" ? 2 : 1;
      } else if (!atStart) {
        i++;
      } else if (token.literal && (COMMAND_PREFIXES.has(token.text) || COMPOUND_ENDS.has(token.text))) {
        atStart = COMMAND_PREFIXES.has(token.text);
        i++;
      } else if (cases.length > 0 && isWord(token, "esac")) {
        cases.pop();
        atStart = false;
        i++;
      } else if (isWord(token, "case")) {
        i = indexAfterWord(tokens, i, "in");
        cases.push("pattern");
      } else if (isWord(token, "for") || isWord(token, "select")) {
        i = indexAfterWord(tokens, i, "do");
      } else if (isWord(token, "[[")) {
        i = indexAfterWord(tokens, i, "]]");
        atStart = false;
      } else if (isWord(token, "function") && tokens[i + 1]?.kind === "word") {
        this.functions.add(tokens[i + 1].text);
        i += isOperator(tokens[i + 2], "(") && isOperator(tokens[i + 3], ")") ? 4 : 2;
      } else if (token.literal && isOperator(tokens[i + 1], "(") && isOperator(tokens[i + 2], ")")) {
        this.functions.add(token.text);
        i += 3;
      } else {
        const words: WordToken[] = [];
        while (i < tokens.length && tokens[i].kind !== "operator") {
          const t = tokens[i];
          if (t.kind === "word") words.push(t);
          i += t.kind === "redirect" && tokens[i + 1]?.kind === "word" ? 2 : 1;
        }
        this.simpleCommand(words);
        atStart = false;
      }
    }
  }

  private simpleCommand(words: readonly WordToken[]): void {
    if (words.length === 0) return;
    const command = afterAssignments(words)[0];
    const declared = command && DECLARATIONS.has(command.text) ? words.slice(words.indexOf(command) + 1) : [];
    for (const word of [...words.slice(0, command ? words.indexOf(command) : words.length), ...declared]) {
      const name = ASSIGNMENT.exec(word.text)?.[1];
      if (name) this.assignments.set(name, [...(this.assignments.get(name) ?? []), word.text.slice(word.text.indexOf("=") + 1)]);
    }
    for (const found of simpleCommand(words, true, false)) this.record(found, words[0].line);
  }
}

function isWord(token: Token | undefined, text: string): boolean {
  return token?.kind === "word" && token.literal && token.text === text;
}

function isOperator(token: Token | undefined, text: string): boolean {
  return token?.kind === "operator" && token.text === text;
}

function indexAfterWord(tokens: readonly Token[], from: number, word: string): number {
  let i = from + 1;
  while (i < tokens.length && !isWord(tokens[i], word)) i++;
  return i + 1;
}

/** The program a variable's value names: its first word, or that of its `${X:-default}`; undefined when only known at run time. */
function programOf(value: string): string | undefined {
  const text = DEFAULT_VALUE.exec(value)?.[1] ?? value;
  return /[$`]/.test(text) ? undefined : commandName(text.trim().split(/\s+/)[0]);
}

/** A program's name: the base name of an absolute path; undefined for a path relative to somewhere. */
function commandName(text: string): string | undefined {
  if (text === "") return undefined;
  if (text.startsWith("/")) return basename(text);
  return text.includes("/") ? undefined : text;
}

/**
 * What one command line runs. `shell`: it is a shell's simple command (assignments first,
 * builtins and keywords are the shell's own); otherwise it is executed as it is, as wrappers do.
 */
function simpleCommand(words: readonly ArgvWord[], shell: boolean, inChroot: boolean): Found[] {
  const [word, ...args] = shell ? afterAssignments(words) : words;
  if (!word) return [];
  if (!word.literal) {
    const variable = VARIABLE_ONLY.exec(word.text)?.[1];
    return variable ? [{ kind: "variable", name: variable, inChroot }] : [];
  }
  const name = commandName(word.text);
  if (name === undefined) return [];
  if (shell) {
    if (name === "command") return commandBuiltin(args, inChroot);
    if (name === "exec") return simpleCommand(afterOptions(args, ["-a"]), true, inChroot);
    if (name === "trap") return args[0]?.literal && !args[0].text.startsWith("-") ? [{ kind: "script", text: args[0].text, inChroot }] : [];
    if (name === "eval") return args.every((a) => a.literal) ? [{ kind: "script", text: args.map((a) => a.text).join(" "), inChroot }] : [];
    if (BUILTINS.has(name)) return [];
  }
  const self: Found = { kind: "command", name, inChroot };
  const wrapped = (rest: readonly ArgvWord[], chroot = inChroot): Found[] => [self, ...simpleCommand(rest, false, chroot)];
  switch (name) {
    case "env":
      return wrapped(afterAssignments(afterOptions(args, ["-u", "-C", "-S"])));
    case "nice":
      return wrapped(afterOptions(args, ["-n"]));
    case "nohup":
      return wrapped(args);
    case "timeout":
      return wrapped(afterOptions(args, ["-s", "-k"]).slice(1));
    case "xargs":
      return wrapped(afterOptions(args, ["-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s"]));
    case "sudo":
      return wrapped(afterOptions(args, ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"]));
    case "chroot":
      return wrapped(afterOptions(args, []).slice(1), true);
    case "bash":
    case "sh":
      return [self, ...shellScriptArgument(args, inChroot)];
    default:
      return [self];
  }
}

/** `command -v NAME...` looks names up (the script uses them); `command NAME ...` runs NAME. */
function commandBuiltin(args: readonly ArgvWord[], inChroot: boolean): Found[] {
  if (args[0]?.literal && /^-[vV]$/.test(args[0].text)) {
    return args.slice(1).flatMap((word) => simpleCommand([word], true, inChroot));
  }
  return simpleCommand(afterOptions(args, []), true, inChroot);
}

/** The script of `bash -c SCRIPT` (or `sh -ec SCRIPT`...), when it is literal. */
function shellScriptArgument(args: readonly ArgvWord[], inChroot: boolean): Found[] {
  let i = 0;
  let takesScript = false;
  while (i < args.length && /^[-+]/.test(args[i].text) && args[i].text !== "--") {
    if (/^-[a-z]*c[a-z]*$/.test(args[i].text)) takesScript = true;
    i += /^[-+]o$/.test(args[i].text) ? 2 : 1;
  }
  const script = args[i];
  return takesScript && script?.literal ? [{ kind: "script", text: script.text, inChroot }] : [];
}

/** The words from the first one that is not an assignment. */
function afterAssignments<T extends ArgvWord>(words: readonly T[]): readonly T[] {
  const first = words.findIndex((word) => !ASSIGNMENT.test(word.text));
  return first === -1 ? [] : words.slice(first);
}

/** The words after a command's options (`--` ends them); `withValue` take the next word. */
function afterOptions(args: readonly ArgvWord[], withValue: readonly string[]): readonly ArgvWord[] {
  let i = 0;
  while (i < args.length && args[i].text.startsWith("-") && args[i].text !== "-") {
    if (args[i].text === "--") return args.slice(i + 1);
    i += withValue.includes(args[i].text) ? 2 : 1;
  }
  return args.slice(i);
}
