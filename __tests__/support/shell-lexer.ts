/**
 * A bash lexer for finding the commands a script runs: words, operators and redirections, with
 * comments, quotes and heredoc bodies taken apart as bash does. Every command substitution
 * (`$(...)`, backticks, `<(...)`, and those inside double quotes, `${...}`, `$((...))`, array
 * literals and unquoted heredoc bodies) comes back as a nested lexing of its own, since its
 * commands run too. It reads, it does not evaluate: expansions stay in a word's text as written.
 * Not supported, as no script here needs it: a `case` inside `$(...)` (its patterns' `)` would
 * end the substitution).
 */

/** A word: its text with quotes removed; `literal` is false when it holds an expansion. */
export interface WordToken {
  readonly kind: "word";
  readonly text: string;
  readonly literal: boolean;
  readonly line: number;
}

/** A control operator: `;`, `&&`, `|`, `(`, `;;`, newline... */
export interface OperatorToken {
  readonly kind: "operator";
  readonly text: string;
  readonly line: number;
}

/** A redirection operator (`>`, `2>&`, `<<`...); its file descriptor number is left out. */
export interface RedirectToken {
  readonly kind: "redirect";
  readonly text: string;
  readonly line: number;
}

export type Token = WordToken | OperatorToken | RedirectToken;

/** The tokens of one command list, and the command lists substituted into it. */
export interface Lexed {
  readonly tokens: readonly Token[];
  readonly substitutions: readonly Lexed[];
}

const OPERATORS = [";;&", ";;", ";&", "&&", "||", "|&", ";", "&", "|", "(", ")", "\n"];
const REDIRECTIONS = ["<<<", "<<-", "&>>", "<<", ">>", "<&", ">&", "<>", ">|", "&>", "<", ">"];
const WORD_END = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">"]);
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMETER = /[@*#?$!0-9-]/;
const ASSIGNMENT_BEFORE_ARRAY = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/;

interface PendingHeredoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  readonly expands: boolean;
}

/** Lexes a whole script. */
export function lexShell(source: string, firstLine = 1): Lexed {
  const lexer = new Lexer(source, firstLine);
  return lexer.list(false);
}

class Lexer {
  private pos = 0;
  private line: number;
  private readonly heredocs: PendingHeredoc[] = [];

  constructor(
    private readonly src: string,
    firstLine: number,
  ) {
    this.line = firstLine;
  }

  /** Tokens up to the end, or (nested) up to the `)` that closes the list. */
  list(nested: boolean): Lexed {
    const tokens: Token[] = [];
    const substitutions: Lexed[] = [];
    let depth = 0;
    let expectDelimiter: "<<" | "<<-" | undefined;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === " " || c === "\t") {
        this.pos++;
      } else if (c === "\\" && this.src[this.pos + 1] === "\n") {
        this.pos += 2;
        this.line++;
      } else if (c === "#") {
        while (this.pos < this.src.length && this.src[this.pos] !== "\n") this.pos++;
      } else if ((c === "<" || c === ">") && this.src[this.pos + 1] === "(") {
        this.pos += 2;
        substitutions.push(this.list(true));
        tokens.push({ kind: "word", text: "<(...)", literal: false, line: this.line });
      } else if (c === "(" && this.src[this.pos + 1] === "(") {
        const line = this.line;
        this.pos += 2;
        this.arithmetic(substitutions);
        tokens.push({ kind: "word", text: "((...))", literal: false, line });
      } else if (this.startsRedirection()) {
        const text = REDIRECTIONS.find((r) => this.src.startsWith(r, this.pos)) as string;
        this.pos += text.length;
        tokens.push({ kind: "redirect", text, line: this.line });
        if (text === "<<" || text === "<<-") expectDelimiter = text;
      } else if (OPERATORS.some((o) => this.src.startsWith(o, this.pos))) {
        const text = OPERATORS.find((o) => this.src.startsWith(o, this.pos)) as string;
        if (text === ")" && nested && depth === 0) {
          this.pos++;
          return { tokens, substitutions };
        }
        if (text === "(") depth++;
        if (text === ")") depth--;
        tokens.push({ kind: "operator", text, line: this.line });
        this.pos += text.length;
        if (text === "\n") {
          this.line++;
          this.heredocBodies(substitutions);
        }
      } else {
        const word = this.word(substitutions);
        if (expectDelimiter) {
          this.heredocs.push({ delimiter: word.text, stripTabs: expectDelimiter === "<<-", expands: !word.quoted });
          expectDelimiter = undefined;
        }
        tokens.push({ kind: "word", text: word.text, literal: word.literal, line: word.line });
      }
    }
    return { tokens, substitutions };
  }

  /** A redirection operator here, with an optional file descriptor number before it. */
  private startsRedirection(): boolean {
    let p = this.pos;
    while (/[0-9]/.test(this.src[p] ?? "")) p++;
    if (p > this.pos && this.src[p] !== "<" && this.src[p] !== ">") return false;
    if (!REDIRECTIONS.some((r) => this.src.startsWith(r, p))) return false;
    this.pos = p;
    return true;
  }

  private word(substitutions: Lexed[]): { text: string; literal: boolean; quoted: boolean; line: number } {
    const line = this.line;
    let text = "";
    let literal = true;
    let quoted = false;
    const arrayFollows = (): boolean => this.src[this.pos] === "(" && !quoted && literal && ASSIGNMENT_BEFORE_ARRAY.test(text);
    while (this.pos < this.src.length && (!WORD_END.has(this.src[this.pos]) || arrayFollows())) {
      const c = this.src[this.pos];
      if (c === "\\") {
        const next = this.src[this.pos + 1] ?? "";
        this.pos += 2;
        if (next === "\n") this.line++;
        else text += next;
        quoted = true;
      } else if (c === "'") {
        text += this.until("'");
        quoted = true;
      } else if (c === '"') {
        this.pos++;
        text += this.doubleQuoted(substitutions, () => (literal = false));
        quoted = true;
      } else if (c === "$" && this.src[this.pos + 1] === "'") {
        this.pos++;
        text += this.until("'");
        quoted = true;
      } else if (c === "$" || c === "`") {
        const expansion = this.expansion(substitutions);
        text += expansion;
        if (expansion !== "$") literal = false;
      } else if (arrayFollows()) {
        // name=( ... ): the words are values, only the substitutions among them run
        this.pos++;
        substitutions.push(...this.list(true).substitutions);
        literal = false;
      } else {
        text += c;
        this.pos++;
      }
    }
    return { text, literal, quoted, line };
  }

  /** From an opening quote: the text up to the closing one (no escapes: single quotes). */
  private until(quote: string): string {
    const start = ++this.pos;
    while (this.pos < this.src.length && this.src[this.pos] !== quote) {
      if (this.src[this.pos] === "\n") this.line++;
      this.pos++;
    }
    return this.src.slice(start, this.pos++);
  }

  /** Lexes the substitutions of the whole text, as if it were inside double quotes. */
  expansionsToEnd(substitutions: Lexed[]): void {
    this.doubleQuoted(substitutions, () => undefined, undefined);
  }

  /** After an opening `"`: its text up to the closing `"`; expansions are lexed for substitutions. */
  private doubleQuoted(substitutions: Lexed[], onExpansion: () => void, closing: string | undefined = '"'): string {
    let text = "";
    while (this.pos < this.src.length && this.src[this.pos] !== closing) {
      const c = this.src[this.pos];
      if (c === "\\" && '$`"\\\n'.includes(this.src[this.pos + 1] ?? "")) {
        if (this.src[this.pos + 1] === "\n") this.line++;
        else text += this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === "$" || c === "`") {
        const expansion = this.expansion(substitutions);
        text += expansion;
        if (expansion !== "$") onExpansion();
      } else {
        if (c === "\n") this.line++;
        text += c;
        this.pos++;
      }
    }
    this.pos++;
    return text;
  }

  /** At `$` or a backtick: the expansion as written ("$" alone when it is a literal dollar). */
  private expansion(substitutions: Lexed[]): string {
    const start = this.pos;
    const c = this.src[this.pos];
    const next = this.src[this.pos + 1] ?? "";
    if (c === "`") {
      let end = this.pos + 1;
      while (end < this.src.length && this.src[end] !== "`") end += this.src[end] === "\\" ? 2 : 1;
      const body = this.src.slice(this.pos + 1, end).replace(/\\([`$\\])/g, "$1");
      substitutions.push(lexShell(body, this.line));
      this.countLines(this.pos, end + 1);
      this.pos = end + 1;
    } else if (next === "(" && this.src[this.pos + 2] === "(") {
      this.pos += 3;
      this.arithmetic(substitutions);
    } else if (next === "(") {
      this.pos += 2;
      substitutions.push(this.list(true));
    } else if (next === "{") {
      this.pos += 2;
      this.parameter(substitutions);
    } else if (NAME_CHAR.test(next)) {
      this.pos++;
      while (NAME_CHAR.test(this.src[this.pos] ?? "")) this.pos++;
    } else if (SPECIAL_PARAMETER.test(next) && next !== "") {
      this.pos += 2;
    } else {
      this.pos++;
      return "$";
    }
    return this.src.slice(start, this.pos);
  }

  /** After `${`: up to its `}`; quotes, nested `${` and substitutions inside are honoured. */
  private parameter(substitutions: Lexed[]): void {
    while (this.pos < this.src.length && this.src[this.pos] !== "}") {
      const c = this.src[this.pos];
      if (c === "\\") this.pos += 2;
      else if (c === "'") this.until("'");
      else if (c === '"') {
        this.pos++;
        this.doubleQuoted(substitutions, () => undefined);
      } else if (c === "$" || c === "`") this.expansion(substitutions);
      else {
        if (c === "\n") this.line++;
        this.pos++;
      }
    }
    this.pos++;
  }

  /** After `((` or `$((`: up to the matching `))`; substitutions inside are lexed. */
  private arithmetic(substitutions: Lexed[]): void {
    let depth = 2;
    while (this.pos < this.src.length && depth > 0) {
      const c = this.src[this.pos];
      if (c === "$" || c === "`") this.expansion(substitutions);
      else {
        if (c === "(") depth++;
        if (c === ")") depth--;
        if (c === "\n") this.line++;
        this.pos++;
      }
    }
  }

  /** After a newline: the bodies of the heredocs started on the line just ended. */
  private heredocBodies(substitutions: Lexed[]): void {
    for (const heredoc of this.heredocs.splice(0)) {
      const bodyStart = this.pos;
      const bodyLine = this.line;
      let bodyEnd = this.src.length;
      while (this.pos < this.src.length) {
        const lineEnd = this.src.indexOf("\n", this.pos);
        const end = lineEnd === -1 ? this.src.length : lineEnd;
        const text = this.src.slice(this.pos, end);
        const isDelimiter = (heredoc.stripTabs ? text.replace(/^\t+/, "") : text) === heredoc.delimiter;
        if (isDelimiter) bodyEnd = this.pos;
        this.pos = Math.min(end + 1, this.src.length);
        this.line++;
        if (isDelimiter) break;
      }
      if (heredoc.expands) substitutions.push(...expansionsIn(this.src.slice(bodyStart, bodyEnd), bodyLine));
    }
  }

  private countLines(from: number, to: number): void {
    for (let p = from; p < to; p++) if (this.src[p] === "\n") this.line++;
  }
}

/** The substitutions in text where quotes are plain characters (an unquoted heredoc's body). */
function expansionsIn(body: string, firstLine: number): Lexed[] {
  const substitutions: Lexed[] = [];
  new Lexer(body, firstLine).expansionsToEnd(substitutions);
  return substitutions;
}
