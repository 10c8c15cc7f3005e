/**
 * Finding 9 of issue 12: names and settings from result files reach the report as text. In
 * figures.csv a cell that a spreadsheet would read as a formula gets a leading `'`; in
 * summary.md every character Markdown reads as markup is escaped.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadResultsDirectory } from "../../results/load-results-directory";
import { spreadsheetText } from "../../report/figures-csv";
import { escapeMarkdownText } from "../../report/summary-markdown";
import { writeReport } from "../../report/write-report";
import { makeResultsDirectory, SCENARIO_NAMES, writeResultFile } from "../fixtures/results/fio-study";

describe("spreadsheet cells", () => {
  it.each(["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1", "\r=1", "=HYPERLINK(\"http://example.org\")"])("%j is text", (cell) => {
    expect(spreadsheetText(cell)).toBe(`'${cell}`);
  });

  it.each(["-1.5", "-3", "12.25", "1e-3", "xfs-qcow2", "median", ""])("%j is left as it is", (cell) => {
    expect(spreadsheetText(cell)).toBe(cell);
  });
});

describe("Markdown text", () => {
  it("escapes emphasis, code, links, HTML, entities and cell boundaries", () => {
    expect(escapeMarkdownText("*a* _b_ `c` [d](http://x) <img src=x> &amp; a|b ~~s~~ !x #h")).toBe(
      "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](http://x) \\<img src=x\\> \\&amp; a\\|b \\~\\~s\\~\\~ \\!x \\#h",
    );
    expect(escapeMarkdownText("two\nlines\r\nhere")).toBe("two lines here");
    expect(escapeMarkdownText("a\\*")).toBe("a\\\\\\*");
  });
});

describe("a report of result files with hostile names", () => {
  it("writes the names as text in figures.csv and summary.md", async () => {
    const directory = await makeResultsDirectory(1);
    const original = JSON.parse(readFileSync(join(directory, `${SCENARIO_NAMES[0]}.json`), "utf8")) as { runs: Parameters<typeof writeResultFile>[4] };
    writeResultFile(directory, "=cmd-x", "scenario", { storage: "@SUM(A1)", cache: "<b>none</b>", bus: "*virtio*" }, original.runs);
    const written = writeReport(loadResultsDirectory(directory), join(directory, "report"));
    const csv = readFileSync(written.files.figures, "utf8").split("\n");
    const row = csv.find((line) => line.includes("cmd-x"))!;
    expect(row.split(",").slice(0, 5)).toEqual(["'=cmd-x", "scenario", "'@SUM(A1)", "<b>none</b>", "*virtio*"]);
    expect(csv.every((line) => !/(^|,)[=+@]/.test(line))).toBe(true);
    const markdown = readFileSync(written.files.summary, "utf8");
    expect(markdown).toContain("| =cmd-x | @SUM(A1) | \\<b\\>none\\</b\\> | \\*virtio\\* |");
    expect(markdown).not.toContain("<b>");
  });
});
