import { Fn, Token } from "../../constructs/core/cdktf";
import { escapeTerraformTemplate, terraformLiteral, unescapeTerraformTemplate } from "../../constructs/core/terraform-string";

describe("literal text in Terraform strings", () => {
  const script = 'echo "${HOME}" %{not a directive} $${already}';

  it("doubles the template sigils, and undoes it as Terraform does", () => {
    expect(escapeTerraformTemplate(script)).toBe('echo "$${HOME}" %%{not a directive} $$${already}');
    expect(unescapeTerraformTemplate(escapeTerraformTemplate(script))).toBe(script);
  });

  it("escapes plain text but leaves an expression built from cdktf tokens alone", () => {
    expect(terraformLiteral(script)).toBe(escapeTerraformTemplate(script));
    const expression = Fn.file("/etc/kvmbench/user-data.yaml");
    expect(Token.isUnresolved(expression)).toBe(true);
    expect(terraformLiteral(expression)).toBe(expression);
  });
});
