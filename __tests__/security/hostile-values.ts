/**
 * Values that try to run a command through each layer a study value passes: Terraform's
 * templates, a single-quoted shell word, command substitution, PowerShell's typographic
 * quotes, line breaks. Each payload would create the canary file.
 */
export function hostileValues(canary: string): Record<string, string> {
  const touch = `touch ${canary}`;
  return {
    TEMPLATE_QUOTE: `/x\${"\\u0027"};${touch};#`, // finding 1: Terraform turns it into a ' that ends remote-exec's quoting
    TEMPLATE_MODULE: "/x/${path.module}/y", // evaluated by local-exec's Terraform before
    TEMPLATE_DIRECTIVE: "%{ if true }on%{ else }off%{ endif }",
    TEMPLATE_ESCAPED: "$${already} %%{escaped} $$$${four}",
    QUOTE: `'; ${touch}; '`,
    DOUBLE_QUOTE: `"; ${touch}; "`,
    SUBSTITUTION: `$(${touch})`,
    BACKTICKS: `\`${touch}\``,
    TYPOGRAPHIC: `\u2018\u2019\u201a\u201b; ${touch}`,
    NEWLINE: `a\n${touch}\n`,
    TRAILING_NEWLINES: "ends with line breaks\n\n",
    BACKSLASHES: "\\'\\\\\\n\\u0027",
    DASH: "-oProxyCommand=sh -c 'x'",
    UNICODE: "éß∑😀",
    EMPTY: "",
  };
}
