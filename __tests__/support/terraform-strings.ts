/**
 * Terraform's reading of the strings kvmbench synthesizes, for tests that run steps without
 * Terraform: `$${` and `%%{` are literal `${` and `%{`, and the only templates evaluated are
 * the ones kvmbench writes on purpose in host steps (`${self.input.NAME}` and
 * `${base64encode(self.input.NAME)}`). Any other template throws: in a real apply Terraform
 * would have evaluated it, so the string was not neutralised.
 */
const SEQUENCE = /\$\$\{|%%\{|\$\{([^}]*)\}|%\{([^}]*)\}?|\$\{/g;

export class StrayTemplateError extends Error {}

export function evaluateTerraformString(text: string, input: Readonly<Record<string, string>> = {}): string {
  return text.replace(SEQUENCE, (match: string, expression: string | undefined) => {
    if (match === "$${") return "${";
    if (match === "%%{") return "%{";
    const self = expression === undefined ? null : /^self\.input\.([A-Z0-9_]+)$/.exec(expression);
    if (self && self[1] in input) return input[self[1]];
    const encoded = expression === undefined ? null : /^base64encode\(self\.input\.([A-Z0-9_]+)\)$/.exec(expression);
    if (encoded && encoded[1] in input) return Buffer.from(input[encoded[1]], "utf8").toString("base64");
    throw new StrayTemplateError(`Terraform would evaluate ${JSON.stringify(match)} in ${JSON.stringify(text.slice(0, 200))}`);
  });
}

/** A step's `input` as Terraform stores it: each value read as a Terraform string (no references allowed). */
export function evaluateInput(input: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(input ?? {}).map(([name, value]) => [name, evaluateTerraformString(value)]));
}
