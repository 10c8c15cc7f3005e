/**
 * Finding 6 of issue 12: PowerShell ends a single-quoted string at U+0027 and at the typographic
 * quotes U+2018 to U+201B, and reads any of them written twice as one literal quote (the
 * PowerShell language specification, 2.3.5.2 "verbatim-string-literal"). `psString` must give a
 * string that such a reader turns back into the value, whole.
 */
import { psString, windowsUserData } from "../../runner/windows-user-data";
import { resolveBenchmark } from "../../domain/profiles";

const SINGLE_QUOTES = new Set(["'", "\u2018", "\u2019", "\u201a", "\u201b"]);

/** Reads one verbatim string literal at the start of `text`: its value, and what follows it. */
function readVerbatimString(text: string): { value: string; rest: string } {
  if (!SINGLE_QUOTES.has(text[0])) throw new Error("not a verbatim string");
  let value = "";
  let i = 1;
  for (;;) {
    if (i >= text.length) throw new Error("unterminated string");
    const c = text[i];
    if (SINGLE_QUOTES.has(c)) {
      if (SINGLE_QUOTES.has(text[i + 1] ?? "")) {
        value += c;
        i += 2;
        continue;
      }
      return { value, rest: text.slice(i + 1) };
    }
    value += c;
    i += 1;
  }
}

describe("psString", () => {
  it.each([
    ["plain", "C:\\kvmbench\\diskspd.exe"],
    ["an apostrophe", "it's"],
    ["every single quote PowerShell knows", "a'b\u2018c\u2019d\u201ae\u201bf"],
    ["a quote that ends the string, then a command", "x\u2019; Remove-Item C:\\ -Recurse; \u2018"],
    ["quotes doubled already", "''\u2019\u2019"],
    ["$ and backticks, which single quotes keep literal", "$env:TEMP `n $(whoami)"],
  ])("%s: read back whole, nothing after it", (_what, value) => {
    const { value: read, rest } = readVerbatimString(psString(value));
    expect(read).toBe(value);
    expect(rest).toBe("");
  });

  it("quotes the Windows runner's settings", () => {
    const userData = windowsUserData({
      benchmark: resolveBenchmark({ profile: "quick" }),
      diskSerial: "kvmbench-dut",
      diskspdPath: "C:\\x\u2019; calc; \u2018.exe",
    });
    const line = userData.split("\n").find((l) => l.startsWith("$DiskspdPath = "))!;
    expect(readVerbatimString(line.slice("$DiskspdPath = ".length))).toEqual({ value: "C:\\x\u2019; calc; \u2018.exe", rest: "" });
  });
});
