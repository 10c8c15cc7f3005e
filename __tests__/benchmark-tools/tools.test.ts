/**
 * Benchmark tools: the study chooses one (the guest's OS gives the default), the stack's guest
 * runs it, the collector keeps its runs and the report parses them, each through the tool's module.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BENCHMARK_TOOLS, TOOL_NAMES, defaultTool, studyTool, toolNamed } from "../../benchmark-tools/registry";
import { resolveBenchmark } from "../../domain/profiles";
import { parseBenchmarkRun } from "../../results/parse-run";
import { Testing } from "../../constructs/core/cdktf";
import { ScenarioStack } from "../../stacks/scenario-stack";
import { formatErrors, loadStudy, parseStudy } from "../../study";
import { DISKSPD_FIXTURE, freshDirectory, runFio } from "../fixtures/results/fio-study";
import { minimalStudy } from "../study/support";

const WINDOWS_GUEST = "guest: { os: windows, imageDirectory: /images, image: /images/win.qcow2, virtioWin: /images/virtio-win.iso }";

function withBenchmark(benchmark: string, guest?: string): string {
  const text = minimalStudy("matrix: { storage: [raw], cache: [none], bus: [virtio] }\n").replace("benchmark: { profile: quick, size: 1GiB }", `benchmark: ${benchmark}`);
  return guest ? text.replace(/^guest: .*$/m, guest) : text;
}

describe("the tool a study runs", () => {
  it("is the guest OS's own unless the study names one: fio on linux, DiskSpd on windows", () => {
    expect(TOOL_NAMES).toEqual(["fio", "diskspd"]);
    expect(defaultTool("linux").name).toBe("fio");
    expect(defaultTool("windows").name).toBe("diskspd");
    const linux = parseStudy(withBenchmark("{ profile: quick, size: 1GiB }"), "s.yaml");
    expect(linux.study?.benchmark.tool).toBeUndefined();
    expect(studyTool(linux.study!.guest, linux.study!.benchmark).name).toBe("fio");
    const named = parseStudy(withBenchmark("{ profile: quick, size: 1GiB, tool: fio }"), "s.yaml");
    expect(formatErrors(named.errors)).toBe("");
    expect(named.study?.benchmark).toMatchObject({ profile: "quick", tool: "fio" });
    const windows = parseStudy(withBenchmark("{ profile: quick, size: 1GiB, tool: diskspd }", WINDOWS_GUEST), "s.yaml");
    expect(formatErrors(windows.errors)).toBe("");
    expect(studyTool(windows.study!.guest, windows.study!.benchmark).name).toBe("diskspd");
  });

  it("must run on the guest's OS, and be one kvmbench has", () => {
    expect(formatErrors(parseStudy(withBenchmark("{ profile: quick, size: 1GiB, tool: diskspd }"), "s.yaml").errors)).toBe(
      's.yaml:8:48: benchmark.tool: diskspd runs on windows guests, and the guest is linux; expected a tool for linux guests: "fio" (or leave tool out)',
    );
    expect(formatErrors(parseStudy(withBenchmark("{ profile: quick, size: 1GiB, tool: fio }", WINDOWS_GUEST), "s.yaml").errors)).toContain(
      'benchmark.tool: fio runs on linux guests, and the guest is windows; expected a tool for windows guests: "diskspd" (or leave tool out)',
    );
    expect(formatErrors(parseStudy(withBenchmark("{ profile: quick, size: 1GiB, tool: iometer }"), "s.yaml").errors)).toContain(
      'benchmark.tool: invalid value "iometer"; expected one of "fio" or "diskspd"',
    );
  });
});

describe("each tool", () => {
  const benchmark = resolveBenchmark({ profile: "quick" });
  const guest = { os: "linux", image: { kind: "url", url: "https://example.com/d.qcow2" }, vcpus: 1, memory: { text: "1GiB", bytes: 1024 ** 3 }, firmware: "bios", network: "default" } as const;

  it("makes the guest's first-boot configuration for its OS, installing itself only when asked", () => {
    const linux = toolNamed("fio")!.userData({ benchmark, diskSerial: "kvmbench-dut", port: "/dev/ttyS1", install: true, guest });
    expect(linux).toMatch(/^#cloud-config\n/);
    expect(linux).toContain("packages:\n  - fio");
    expect(toolNamed("fio")!.userData({ benchmark, diskSerial: "kvmbench-dut", port: "/dev/ttyS1", install: false, guest })).not.toContain("packages:");
    const windows = toolNamed("diskspd")!.userData({ benchmark, diskSerial: "kvmbench-dut", port: "COM2", install: true, guest: { ...guest, os: "windows", diskspd: { path: "C:\\tools\\diskspd.exe" } } });
    expect(windows).toMatch(/^#ps1_sysnative\n/);
    expect(windows).toContain("'C:\\tools\\diskspd.exe'");
  });

  it("keeps fio's runs as fio's JSON document, read by the one fio reader, and parses them into figures", async () => {
    const dir = freshDirectory("tool-fio");
    const text = await runFio(join(dir, "out.json"));
    const fio = toolNamed("fio")!;
    const run = fio.runOf(1, undefined, `note: a line fio prints first\n${text}`, "frame 2 (run-1)");
    expect(run).toEqual({ repeat: 1, tool: "fio", output: JSON.parse(text) });
    expect([...fio.parse(run, "r").figures.keys()].length).toBeGreaterThan(0);
    expect(parseBenchmarkRun(run, "r").figures).toEqual(fio.parse(run, "r (repeat 1, fio)").figures);
    expect(() => fio.runOf(1, undefined, '{"hello": "world"}', "frame 2 (run-1)")).toThrow("frame 2 (run-1): not fio JSON output; expected the output of `fio --output-format=json`");
  });

  it("keeps DiskSpd's runs as its XML, one per test, and parses them into figures", () => {
    const xml = readFileSync(DISKSPD_FIXTURE, "utf8");
    const diskspd = toolNamed("diskspd")!;
    const run = diskspd.runOf(2, "rand-read-4k", xml, "frame 3 (run-2-rand-read-4k)");
    expect(run).toEqual({ repeat: 2, tool: "diskspd", output: xml, test: "rand-read-4k" });
    expect([...diskspd.parse(run, "r").figures.keys()]).toContain("rand-read-4k");
  });

  it("is one the result file and the report know: an unknown tool is named", () => {
    expect(BENCHMARK_TOOLS.map((tool) => tool.name)).toEqual(TOOL_NAMES);
    expect(() => parseBenchmarkRun({ repeat: 1, tool: "iometer" as "fio", output: "" }, "x.json")).toThrow('x.json: unknown tool "iometer"; expected "fio" or "diskspd"');
  });
});

describe("the stack's guest", () => {
  it("runs the study's tool: naming the OS's own tool changes nothing in the guest", () => {
    const seed = loadStudy("scenarios/seed.yaml").plan!;
    const scenario = seed.scenarios.find((s) => s.name === "raw-none-virtio")!;
    const userData = (benchmark: typeof scenario.benchmark): unknown => {
      const app = Testing.app();
      const stack = new ScenarioStack(app, { scenario: { ...scenario, benchmark }, studyName: "seed-study", devices: seed.study.devices, resultsDir: "/results/seed-study" });
      const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, { user_data?: string }>> };
      return Object.values(json.resource.libvirt_cloudinit_disk)[0].user_data;
    };
    expect(userData({ ...scenario.benchmark, tool: "fio" })).toEqual(userData(scenario.benchmark));
    expect(String(userData(scenario.benchmark))).toContain("packages:\n  - fio");
  });
});
