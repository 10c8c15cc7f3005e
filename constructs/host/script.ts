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
  const text = readFileSync(file, "utf8");
  return text.replace(INCLUDE, (_line, name: string) => {
    const included = name === basename(HOST_SCRIPT_LIBRARY) ? HOST_SCRIPT_LIBRARY : join(dirname(file), name);
    return readFileSync(included, "utf8").trimEnd();
  });
}

/** Escapes text for a Terraform string, where `${` and `%{` start templates. */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** The inverse of escapeTerraformTemplate: what Terraform hands to the shell. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

/** Joins an argument vector for people and logs (quotes what the shell would split). */
export function shellJoin(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
