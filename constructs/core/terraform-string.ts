import { Token } from "./cdktf";

/**
 * Literal text in a Terraform string. Terraform reads `${` and `%{` in any string as the start
 * of a template, so text that is not meant as one (shell scripts, fio job files, cloud-init
 * YAML) must have them doubled. Text holding cdktf tokens must not go through here.
 */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** The inverse of escapeTerraformTemplate: what Terraform hands over. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

/**
 * Text a construct takes from its user as literal content (user-data, scripts): escaped for
 * Terraform, unless it holds cdktf tokens, in which case the user built an expression on purpose.
 */
export function terraformLiteral(text: string): string {
  return Token.isUnresolved(text) ? text : escapeTerraformTemplate(text);
}
