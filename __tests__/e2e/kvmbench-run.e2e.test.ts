/**
 * `kvmbench run` of the try-without-kvm study for real on this host (TCG): preflight (which finds
 * the provider in a mirror with no registry in reach, so deploys skip cdktf's lock step), the
 * baseline and every scenario deployed, collected and destroyed through cdktf, the report, a
 * --resume that skips what is complete, and an interrupt in the middle of a deploy. The run goes
 * through the CLI's own entry point and deploy engine; the test's Terraform CLI configuration
 * picks the provider (test-host/provider.ts), and the interrupt is delivered through the same
 * listener SIGINT reaches.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../cli";
import type { RunDependencies } from "../../cli/commands/run";
import { cdktfEngine, spawnCommandRunner, type DeployEngine, type DeployEngineOptions } from "../../orchestrate";
import { resultProblem } from "../../orchestrate/result-check";
import { expectEmptyPlan } from "../../test-host/deploy";
import { assertTestHost, leftovers, PROJECT_DIR, tryWithoutKvm, URI, type TryWithoutKvm } from "../../test-host/machine";
import { describeProvider, providerUnderTest } from "../../test-host/provider";

/** What each stack's cdktf log says went wrong, for a failure message (the test's folder is removed afterwards). */
function logTails(logs: string): string {
  if (!existsSync(logs)) return "";
  const telling = /Error|error:|ERROR|stand-in|kvmbench\[|kvmbench wait|│/;
  return readdirSync(logs)
    .map((name) => {
      const lines = readFileSync(join(logs, name), "utf8").split("\n");
      const told = lines.filter((line) => telling.test(line) && !line.includes("Executing:")).slice(-60);
      return `--- ${name} ---\n${told.join("\n")}`;
    })
    .join("\n");
}

/** The CLI's own engine, which also proves the plan empty right after each deploy (before kvmbench run destroys the stack). */
function engineCheckingPlans(options: DeployEngineOptions): DeployEngine {
  const engine = cdktfEngine(options);
  return {
    deploy: async (request) => {
      await engine.deploy(request);
      expectEmptyPlan(request.stack, { ...request.env }, request.outputDir);
    },
    destroy: (request) => engine.destroy(request),
  };
}

const STACKS = ["baseline", "raw-none-ide", "ext4-qcow2-writethrough-virtio", "xfs-qcow2-writeback-ide"];

describe(`kvmbench run of the try-without-kvm study on this host (${describeProvider(providerUnderTest())}, TCG)`, () => {
  let host: TryWithoutKvm;
  beforeAll(() => {
    assertTestHost();
    host = tryWithoutKvm("kvmbench-e2e-run");
    // what a user's shell would have: the Terraform CLI configuration naming the provider's mirror
    Object.assign(process.env, host.env);
  });
  afterAll(() => host?.cleanUp());

  let output = "";
  const streams = { stdout: (text: string) => void (output += text), stderr: (text: string) => void (output += text) };
  const dependencies = (onInterrupt: RunDependencies["onInterrupt"] = () => () => undefined): RunDependencies => ({
    engine: engineCheckingPlans,
    commandRunner: spawnCommandRunner,
    onInterrupt,
  });
  const kvmbench = (...args: string[]): Promise<number> => runCli(["node", "kvmbench", ...args], streams, dependencies());

  it("runs the baseline and each scenario (deploy, collect, destroy), leaving nothing behind", async () => {
    output = "";
    const code = await kvmbench("run", host.study, "--results", host.results);
    if (code !== 0) throw new Error(`kvmbench run exited ${code}:\n${output.slice(-8000)}\n${logTails(join(host.results, "logs"))}`);
    for (const stack of STACKS) {
      expect({ stack, problem: resultProblem(join(host.results, `${stack}.json`), stack === "baseline" ? "baseline" : "scenario") }).toEqual({ stack, problem: undefined });
      expect({ stack, left: leftovers(stack, { workdir: host.workdir, devices: host.disks }) }).toEqual({ stack, left: [] });
    }
  }, 40 * 60_000);

  it("reports the study: scores against the baseline, summary.md, figures.csv and report.html", () => {
    const bin = join(PROJECT_DIR, "bin", "kvmbench.js");
    const json = spawnSync(process.execPath, [bin, "report", host.results, "--json"], { encoding: "utf8" });
    expect(json.stderr).toContain("loaded baseline and 3 scenario(s)");
    expect(json.status).toBe(0);
    const scores = JSON.parse(json.stdout) as { baseline: { name: string }; scenarios: Array<{ name: string; weightedRead: number }> };
    expect(scores.baseline.name).toBe("baseline");
    expect(scores.scenarios.map((s) => s.name).sort()).toEqual(STACKS.slice(1).sort());
    for (const scenario of scores.scenarios) expect(scenario.weightedRead).toBeGreaterThan(0);
    expect(spawnSync(process.execPath, [bin, "report", host.results], { encoding: "utf8" }).status).toBe(0);
    for (const file of ["summary.md", "figures.csv", "report.html"]) expect(existsSync(join(host.results, "report", file))).toBe(true);
    // what measured the figures: kvmbench's own version, as the collector recorded it in every result file
    const { version } = JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as { version: string };
    expect(readFileSync(join(host.results, "report", "summary.md"), "utf8")).toContain(`_kvmbench ${version} · fio-3.`);
  });

  it("--resume skips every stack whose results are complete", async () => {
    output = "";
    expect(await kvmbench("run", host.study, "--results", host.results, "--resume")).toBe(0);
    for (const stack of STACKS) expect(output).toMatch(new RegExp(`${stack}.*skipped: complete result exists \\(--resume\\)`));
  }, 5 * 60_000);

  it("an interrupt in the middle of a deploy stops, destroys what it started and leaves nothing behind", async () => {
    output = "";
    const domain = "kvmbench-raw-none-ide";
    // Deliver the interrupt once the guest runs: the deploy is then half done.
    const whenGuestRuns: RunDependencies["onInterrupt"] = (listener) => {
      const timer = setInterval(() => {
        const state = spawnSync("virsh", ["-q", "-c", URI, "domstate", domain], { encoding: "utf8" });
        if (state.stdout.trim() === "running") {
          clearInterval(timer);
          listener();
        }
      }, 1000);
      return () => clearInterval(timer);
    };
    const interrupted = join(host.dir, "interrupted");
    const code = await runCli(["node", "kvmbench", "run", host.study, "--results", interrupted, "--only", "raw-none-ide"], streams, dependencies(whenGuestRuns));
    expect(output).toContain("interrupt: starting no new scenario; destroying the running ones");
    expect(code).toBe(130);
    const left = leftovers("raw-none-ide", { workdir: host.workdir, devices: host.disks });
    if (left.length > 0) throw new Error(`left behind: ${left.join(", ")}\n${output.slice(-4000)}\n${logTails(join(interrupted, "logs"))}`);
  }, 20 * 60_000);
});
