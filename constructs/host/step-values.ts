/**
 * The one place where settings leave kvmbench for Terraform and the host's shells. A study's
 * values are validated with their positions in study/; whatever a construct hands over here is
 * neutralised, whatever it holds:
 *
 * - in a Terraform attribute (a step's `input` and `triggers_replace`, the collector's
 *   environment) `${` and `%{` are escaped, so Terraform stores the text as written instead of
 *   evaluating it as a template;
 * - local-exec reads each setting from `self.input` into the script's environment (no shell
 *   parses it);
 * - remote-exec has no environment: each setting travels as Terraform's `base64encode()` of
 *   `self.input`, which has no character a shell or a quote reads, and is decoded on the host;
 * - the script text itself is literal (escaped for Terraform).
 *
 * Scripts then quote every setting ("$NAME"); command lines travel one argument per line.
 */
import { escapeTerraformTemplate } from "../core/terraform-string";

/** A setting's value as a Terraform attribute: stored as written, never evaluated. */
export function terraformValues(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, escapeTerraformTemplate(value)]));
}

/** local-exec's environment: each setting read back from the step's `input`. */
export function localExecEnvironment(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, `\${self.input.${name}}`]));
}

/** Defines `kb_setting NAME BASE64` in the remote script: decodes a value into an exported variable. */
const DECODER = escapeTerraformTemplate(
  `kb_setting() { local value; value=$(printf '%s' "$2" | base64 -d && printf .) || exit 1; export "$1=\${value%.}"; }`,
);

/**
 * remote-exec's lines that set the script's environment: each value base64-encoded by
 * Terraform from `self.input` and decoded by the host, so no quote, `$`, backtick or newline in
 * a value reaches the shell's parser.
 */
export function remoteExecExports(names: readonly string[]): string[] {
  return [DECODER, ...names.map((name) => `kb_setting ${name} '\${base64encode(self.input.${name})}'`)];
}

const VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** Variables the scripts take from the machine they run on, never from a step. */
export const RESERVED_VARIABLES: readonly string[] = ["KB_ACTION", "KVMBENCH_LOCK_DIR", "KVMBENCH_ALLOW_REGULAR_FILE", "PATH", "HOME", "IFS", "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS"];

/** What is wrong with one setting of a step, for the construct's validation. */
export function stepValueProblems(name: string, value: string): string[] {
  const problems: string[] = [];
  if (!VARIABLE_NAME.test(name)) problems.push(`host step setting "${name}" is not an environment variable name`);
  else if (RESERVED_VARIABLES.includes(name)) problems.push(`host step setting ${name} is reserved for the host's own environment`);
  if (value.includes("\0")) problems.push(`host step setting ${name} contains a NUL character, which no environment variable can hold`);
  return problems;
}
