import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_STUDY_FILE } from "../../cli/study-argument";
import { DEFAULT_STUDY } from "../../stacks/app";
import { kvmbench } from "./run-bin";

const BROKEN = resolve(__dirname, "../fixtures/studies/broken.yaml");
const MIXED = resolve(__dirname, "../fixtures/studies/mixed-compression.yaml");

test("the CLI's default study is the stacks' DEFAULT_STUDY", () => {
  expect(DEFAULT_STUDY_FILE).toBe(DEFAULT_STUDY);
});

describe("kvmbench list", () => {
  it("prints the seed study's 44 scenarios plus baseline, with their hosts", async () => {
    const outcome = await kvmbench("list");
    expect(outcome.code).toBe(0);
    const lines = outcome.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^study seed-study \(.*scenarios\/seed\.yaml\): 44 scenarios plus baseline, 0 combinations excluded$/);
    expect(lines[1]).toMatch(/^baseline +host-side fio on ssd \(\/dev\/disk\/by-id\/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000\)$/);
    const scenarios = lines.slice(2, 46);
    expect(scenarios[0]).toMatch(/^raw-none-virtio +raw on ssd; bus=virtio cache=none machine=pc hosts=test-system$/);
    expect(scenarios).toContainEqual(expect.stringMatching(/^xfs-qcow2-writeback-virtio +qcow2 on xfs on ssd; bus=virtio cache=writeback machine=pc hosts=test-system \(warning: volatile-cache\)$/));
    expect(scenarios[43]).toMatch(/^raidz1-zfs-qcow2-writeback-virtio +qcow2 on zfs on raidz1 of joker1\+joker2\+joker3\+joker4; bus=virtio cache=writeback machine=pc hosts=jokers /);
    expect(lines[46]).toBe("");
    expect(lines[47]).toBe("warnings (3 rules):");
    expect(outcome.stdout).not.toContain("not like-for-like");
  });

  it("names the settings that differ beyond the axes", async () => {
    const outcome = await kvmbench("list", MIXED);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/\nnot like-for-like \(1 setting\):\nnot like-for-like: ZFS compression differs: "lz4" \(default\) for storage zvol \(2 scenarios\); "off" for storage zfs-qcow2/);
  });

  it("--json gives the same plan for scripts", async () => {
    const outcome = await kvmbench("list", "--json");
    expect(outcome.code).toBe(0);
    const document = JSON.parse(outcome.stdout) as {
      study: string;
      baseline: { name: string };
      scenarios: { name: string; hosts: string[] }[];
      excluded: unknown[];
      warnings: { rule: string; scenarios: string[] }[];
      notLikeForLike: unknown[];
    };
    expect(document.study).toBe("seed-study");
    expect(document.baseline.name).toBe("baseline");
    expect(document.scenarios).toHaveLength(44);
    expect(document.scenarios[0]).toMatchObject({ name: "raw-none-virtio", hosts: ["test-system"] });
    expect(document.scenarios[43]).toMatchObject({ name: "raidz1-zfs-qcow2-writeback-virtio", hosts: ["jokers"] });
    expect(document.excluded).toEqual([]);
    expect(document.warnings.map((group) => [group.rule, group.scenarios.length])).toEqual([
      ["direct-io-aligned-only", 2],
      ["volatile-cache", 16],
      ["preallocation-on-zfs", 7],
    ]);
    expect(document.notLikeForLike).toEqual([]);
  });

  it("shows excluded combinations with their reasons", async () => {
    const outcome = await kvmbench("list", resolve(__dirname, "../fixtures/studies/old-zfs.yaml"));
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/\nexcluded \(\d+\):\n/);
    expect(outcome.stdout).toMatch(/Fix: /);
  });

  it("refuses a broken study with its errors (exit 1)", async () => {
    const outcome = await kvmbench("list", BROKEN);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toContain("broken.yaml:1:10: version: 2 is out of range");
  });
});

describe("kvmbench validate", () => {
  it("prints every error of a broken study with file:line:column and exits 1", async () => {
    const outcome = await kvmbench("validate", BROKEN);
    expect(outcome.code).toBe(1);
    const lines = outcome.stderr.trimEnd().split("\n");
    const errors = lines.slice(0, -1);
    expect(lines[lines.length - 1]).toBe(`${BROKEN}: ${errors.length} errors`);
    expect(errors.length).toBeGreaterThanOrEqual(20);
    for (const line of errors) expect(line).toMatch(new RegExp(`^${BROKEN.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+: .+; expected .+`));
    // one error on each broken line of the fixture, in file order
    const errorLines = errors.map((l) => Number(/:(\d+):\d+: /.exec(l)![1]));
    expect(errorLines).toEqual([...errorLines].sort((a, b) => a - b));
    expect(new Set(errorLines)).toEqual(new Set([1, 2, 5, 6, 9, 11, 12, 13, 14, 15, 16, 20, 22, 24, 26, 27, 29, 30, 31, 32]));
    expect(readFileSync(BROKEN, "utf8").split("\n")[22 - 1]).toBe("  machin: pc"); // the guest.machin error points at it
    expect(errors).toContainEqual(expect.stringContaining("broken.yaml:22:3: guest.machin: unknown key"));
  });

  it("prints a one-line summary for a good study and exits 0; the seed is like-for-like, so nothing else", async () => {
    const outcome = await kvmbench("validate");
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^.*scenarios\/seed\.yaml: OK: study seed-study: 44 scenarios plus baseline, 0 combinations excluded, hosts test-system, jokers\n$/);
    expect(outcome.stderr).toBe("");
  });

  it("warns on stderr when scenarios differ beyond their axes (still exit 0)", async () => {
    const outcome = await kvmbench("validate", MIXED);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(`${MIXED}: OK: study mixed-compression: 4 scenarios`);
    expect(outcome.stderr).toBe(
      `${MIXED}: warning: not like-for-like: ZFS compression differs: "lz4" (default) for storage zvol (2 scenarios); "off" for storage zfs-qcow2 (2 scenarios). ` +
        "The report ranks them side by side: give every scenario the same value, or compare this setting in a study of its own\n",
    );
    const json = JSON.parse((await kvmbench("validate", MIXED, "--json")).stdout) as { ok: boolean; warnings: string[] };
    expect(json).toMatchObject({ ok: true, warnings: [expect.stringContaining("ZFS compression differs")] });
  });

  it("--json", async () => {
    const bad = await kvmbench("validate", BROKEN, "--json");
    expect(bad.code).toBe(1);
    const document = JSON.parse(bad.stdout) as { ok: boolean; errors: { line: number; column: number; path: string }[] };
    expect(document.ok).toBe(false);
    expect(document.errors[0]).toMatchObject({ line: 1, column: 10, path: "version" });
    const good = await kvmbench("validate", "--json");
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, study: "seed-study", scenarios: 44, baseline: true, warnings: [], errors: [] });
  });
});

describe("help", () => {
  it("kvmbench --help lists every command", async () => {
    const outcome = await kvmbench("--help");
    expect(outcome.code).toBe(0);
    for (const command of ["validate [options] [study]", "list [options] [study]", "run [options] [study]", "report [options] [inputs...]"]) {
      expect(outcome.stdout).toContain(command);
    }
  });

  it.each([
    ["validate", ["Usage: kvmbench validate [options] [study]", "--json", "Examples:"]],
    ["list", ["Usage: kvmbench list [options] [study]", "--json", "Examples:"]],
    ["run", ["Usage: kvmbench run [options] [study]", "--only <glob>", "--resume", "--keep", "--results <dir>", "--dry-run", "Exit codes: 0 all stacks complete"]],
  ])("kvmbench %s --help", async (command, expected) => {
    const outcome = await kvmbench(command, "--help");
    expect(outcome.code).toBe(0);
    for (const text of expected) expect(outcome.stdout).toContain(text);
  });
});

describe("kvmbench run through the bin", () => {
  it("--dry-run prints the run order, baseline first, and deploys nothing", async () => {
    const outcome = await kvmbench("run", "--dry-run", "--only", "{baseline,zvol-none-*,raidz1-zfs-*}", "--results", "/tmp/kvmbench-dry-run");
    expect(outcome.code).toBe(0);
    const wd = [1, 2, 3, 4].map((i) => `/dev/disk/by-id/ata-WDC_WD1001FAEX-00Z3A0_WD-WCATR000000${i}`).join(", ");
    expect(outcome.stdout.split("\n")).toEqual([
      "study seed-study: run order (results in /tmp/kvmbench-dry-run):",
      "1. baseline                           on test-system  /dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000",
      "2. zvol-none-virtio                   on test-system  /dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000",
      "3. zvol-none-ide                      on test-system  /dev/disk/by-id/ata-Samsung_SSD_840_PRO_Series_S1ATNSAD000000",
      `4. raidz1-zfs-qcow2-writeback-virtio  on jokers  ${wd}`,
      "4 stacks: 3 on test-system, 1 on jokers",
      "",
    ]);
  });

  it("refuses a broken study (exit 2) and an --only that matches nothing (exit 2)", async () => {
    const broken = await kvmbench("run", BROKEN);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("the study has errors; nothing was deployed");
    const none = await kvmbench("run", "--only", "nothing-*");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^kvmbench run: --only nothing-\* matches no stack of study seed-study; the stacks are: baseline, raw-none-virtio, /);
  });
});
