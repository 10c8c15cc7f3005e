/**
 * The external commands Go code runs or looks up: the program of each `exec.Command`,
 * `exec.CommandContext` and `exec.LookPath` call given as a string literal. A program chosen at
 * run time is left out, and so is a call on a line that is a `//` comment.
 */
import { basename } from "node:path";
import type { CommandUse } from "./shell-commands";

const PROGRAM = /\bexec\.(?:Command|LookPath)\(\s*"([^"\\]+)"|\bexec\.CommandContext\(\s*[^,()]+,\s*"([^"\\]+)"/g;

/** Every program named by a literal in `text` (Go source), with its line. */
export function scanGo(text: string): CommandUse[] {
  const code = text.replace(/^[ \t]*\/\/.*$/gm, "");
  return [...code.matchAll(PROGRAM)].map((match) => ({
    command: basename(match[1] ?? match[2]),
    line: code.slice(0, match.index).split("\n").length,
    inChroot: false,
  }));
}
