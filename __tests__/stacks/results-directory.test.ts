/**
 * Where results go when the study says nowhere: the XDG data home, outside any checkout of
 * kvmbench (whose `results/` folder is its own code), with a note for results left where they
 * went before.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { dataHome, formerResultsNote, resolveResultsDirectory } from "../../stacks/results-directory";
import { freshDirectory } from "../fixtures/results/fio-study";

describe("the default results directory", () => {
  it("is $XDG_DATA_HOME/kvmbench/results/<study>, ~/.local/share when XDG_DATA_HOME is unset or relative", () => {
    expect(resolveResultsDirectory(undefined, "seed-study", { XDG_DATA_HOME: "/srv/data" })).toEqual({ path: "/srv/data/kvmbench/results/seed-study" });
    expect(resolveResultsDirectory(undefined, "seed-study", {})).toEqual({ path: join(homedir(), ".local", "share", "kvmbench", "results", "seed-study") });
    expect(dataHome({ XDG_DATA_HOME: "relative/data" })).toBe(join(homedir(), ".local", "share"));
  });

  it("gives way to a directory given, resolved against the current directory", () => {
    expect(resolveResultsDirectory("/srv/kvmbench/results", "seed-study", { XDG_DATA_HOME: "/srv/data" })).toEqual({ path: "/srv/kvmbench/results" });
    expect(resolveResultsDirectory("mine", "seed-study")).toEqual({ path: join(process.cwd(), "mine") });
  });

  it("comes with a note when the current directory has results where they went by default before", () => {
    const cwd = freshDirectory("former-results");
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      expect(formerResultsNote("seed-study", "/srv/data/kvmbench/results/seed-study")).toBeUndefined();
      mkdirSync(join(cwd, "results", "seed-study"), { recursive: true });
      expect(formerResultsNote("seed-study", "/srv/data/kvmbench/results/seed-study")).toBeUndefined(); // empty: nothing to go on with
      writeFileSync(join(cwd, "results", "seed-study", "baseline.json"), "{}");
      expect(formerResultsNote("seed-study", "/srv/data/kvmbench/results/seed-study")).toBe(
        `${join(cwd, "results", "seed-study")} holds results (and the Terraform state of their stacks) from before results moved to /srv/data/kvmbench/results/seed-study; ` +
          `to go on with them, give --results ${join(cwd, "results", "seed-study")} (KVMBENCH_RESULTS for cdktf)`,
      );
      expect(formerResultsNote("seed-study", join(cwd, "results", "seed-study"))).toBeUndefined(); // that is where they go
    } finally {
      process.chdir(previous);
    }
  });
});
