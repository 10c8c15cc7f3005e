import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ResultInputError } from "../../results/errors";
import { loadFioFiles } from "../../results/load-fio-files";
import { loadResultsDirectory } from "../../results/load-results-directory";
import { writeResultFile } from "../fixtures/results/fio-study";

function emptyDirectory(): string {
  return mkdtempSync(join(tmpdir(), "kvmbench-load-"));
}

describe("loading a results directory: clear errors", () => {
  test("an empty directory", () => {
    const directory = emptyDirectory();
    expect(() => loadResultsDirectory(directory)).toThrow(ResultInputError);
    expect(() => loadResultsDirectory(directory)).toThrow(`${directory}: no result files (*.json) in this directory; expected baseline.json and one <scenario>.json per scenario`);
  });

  test("a directory that does not exist", () => {
    expect(() => loadResultsDirectory("/nonexistent/kvmbench")).toThrow("/nonexistent/kvmbench: no such directory");
  });

  test("no baseline.json", () => {
    const directory = emptyDirectory();
    writeResultFile(directory, "zvol-none-virtio", "scenario", {}, [{ repeat: 1, tool: "fio", output: { "fio version": "fio-3.33", jobs: [] } }]);
    expect(() => loadResultsDirectory(directory)).toThrow(/no baseline\.json; the baseline \(host-side fio on the bare device\) is needed to weight the scores/);
  });

  test("a JSON file that is not a result file, and raw fio JSON with a hint", () => {
    const directory = emptyDirectory();
    writeResultFile(directory, "baseline", "baseline", {}, [{ repeat: 1, tool: "fio", output: { "fio version": "fio-3.33", jobs: [] } }]);
    writeFileSync(join(directory, "notes.json"), '{"hello": 1}');
    expect(() => loadResultsDirectory(directory)).toThrow(`${join(directory, "notes.json")}: not a kvmbench result file; expected a kvmbench result file`);
    writeFileSync(join(directory, "notes.json"), '{"fio version": "fio-3.33", "jobs": []}');
    expect(() => loadResultsDirectory(directory)).toThrow(/this is raw fio JSON: use `kvmbench report --baseline BASE\.json A\.json \.\.\.`/);
    writeFileSync(join(directory, "notes.json"), "{ broken");
    expect(() => loadResultsDirectory(directory)).toThrow(new RegExp(`notes\\.json: not JSON \\(`));
  });

  test("a run whose fio output is not fio JSON names the file and repeat", () => {
    const directory = emptyDirectory();
    writeResultFile(directory, "baseline", "baseline", {}, [{ repeat: 2, tool: "fio", output: { something: "else" } }]);
    writeResultFile(directory, "a", "scenario", {}, [{ repeat: 1, tool: "fio", output: { "fio version": "fio-3.33", jobs: [] } }]);
    expect(() => loadResultsDirectory(directory)).toThrow(`${join(directory, "baseline.json")} (repeat 2, fio): not fio JSON output; expected`);
  });
});

describe("loading raw fio files: clear errors", () => {
  test("a missing file, a directory in place of a file, and a file that is not fio JSON", () => {
    const directory = emptyDirectory();
    const text = join(directory, "a.json");
    writeFileSync(text, "this is not json");
    mkdirSync(join(directory, "dir.json"));
    expect(() => loadFioFiles(join(directory, "missing.json"), [text])).toThrow(`${join(directory, "missing.json")}: no such file (expected the output of \`fio --output-format=json\` (fio 3.x))`);
    expect(() => loadFioFiles(join(directory, "dir.json"), [text])).toThrow(`${join(directory, "dir.json")}: is a directory`);
    writeFileSync(join(directory, "base.json"), '{"fio version": "fio-3.33", "jobs": []}');
    expect(() => loadFioFiles(join(directory, "base.json"), [text])).toThrow(`${text}: not fio JSON output`);
  });

  test("scenario files must have distinct names", () => {
    expect(() => loadFioFiles("base.json", ["x/a.json", "y/a.json"])).toThrow('two scenario files are both named "a"');
  });
});
