import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The shared library every host script includes (locks, device guard, markers, logging). */
export const HOST_SCRIPT_LIBRARY = join(__dirname, "scripts", "lib.sh");

const INCLUDE = /^# @include (\S+)$/gm;

/**
 * The text of a host script as it runs on the host: the `.sh` file with each
 * `# @include <file>` line replaced by that file (`lib.sh` is the shared library; other
 * names are relative to the including file). Tests run exactly this text.
 */
export function renderHostScript(file: string): string {
  let rendered = renderedScripts.get(file);
  if (rendered === undefined) {
    const text = readFileSync(file, "utf8");
    rendered = text.replace(INCLUDE, (_line, name: string) => {
      const included = name === basename(HOST_SCRIPT_LIBRARY) ? HOST_SCRIPT_LIBRARY : join(dirname(file), name);
      return readFileSync(included, "utf8").trimEnd();
    });
    renderedScripts.set(file, rendered);
  }
  return rendered;
}

/**
 * Rendered scripts by path. Every stack of a study renders the same few scripts (each step
 * reads its script and lib.sh): a 1000-scenario sweep read them some 10,000 times. The
 * scripts ship with kvmbench and do not change while a synth runs (`cdktf watch` starts a
 * new process for each change), so one read per process is enough.
 */
const renderedScripts = new Map<string, string>();

/** Joins an argument vector for people and logs (quotes what the shell would split). */
export function shellJoin(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
