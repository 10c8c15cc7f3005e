/**
 * Terraform reads `${...}` and `%{...}` in every string as templates. Literal text (scripts, job
 * files, user-data) must carry them escaped (`$${`, `%%{`); what remains unescaped must be a
 * reference kvmbench makes on purpose. Returns the template sequences that are neither.
 */
const INTENDED = [
  /^\$\{self\.input\.[A-Z0-9_]+\}$/, // host steps read their settings back
  /^\$\{base64encode\(self\.input\.[A-Z0-9_]+\)\}$/, // ... and send them to remote shells as base64
  /^\$\{(libvirt_[a-z_]+|terraform_data)\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_*]+)+\}$/, // resource attributes
  /^\$\{file\(pathexpand\("[^"]+"\)\)\}$/, // an SSH key read at apply time
];

export function strayTemplates(value: unknown, path = ""): string[] {
  if (typeof value === "string") {
    const found: string[] = [];
    // `${` or `%{` not preceded by the same sigil (an escape doubles it)
    for (const match of value.matchAll(/(?<![$%])([$%])\{[^}]*\}?/g)) {
      if (!INTENDED.some((pattern) => pattern.test(match[0]))) found.push(`${path}: ${match[0]}`);
    }
    return found;
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => strayTemplates(item, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => strayTemplates(item, path ? `${path}.${key}` : key));
  }
  return [];
}
