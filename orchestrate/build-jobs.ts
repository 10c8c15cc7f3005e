/**
 * Turns a study plan into the ordered job list: --only filtering, host assignment, baseline
 * first. Pure: no files, no commands.
 */
import picomatch from "picomatch";
import { storageClaims } from "../backends/registry";
import type { Placement, Scenario, StudyPlan } from "../study";
import { deviceKey, type Job } from "./jobs";

/** What narrows the plan. */
export interface JobSelection {
  /** picomatch glob on stack names (the baseline is named "baseline"). @default - every stack */
  readonly only?: string;
}

/** The jobs, and the stacks --only left out (for messages). */
export interface JobList {
  readonly jobs: readonly Job[];
  readonly unselected: readonly string[];
}

/** What a scenario holds on a host, by its storage's backend. */
function claimsOf(scenario: Scenario, placement: Placement): readonly string[] {
  return storageClaims(scenario.storage, placement.facts.hostDevices);
}

function choosePlacement(scenario: Scenario, load: Map<string, number>): Placement {
  let best = scenario.placements[0];
  let bestLoad = Number.POSITIVE_INFINITY;
  for (const placement of scenario.placements) {
    const claims = claimsOf(scenario, placement);
    const placementLoad = Math.max(0, ...claims.map((path) => load.get(deviceKey(placement.host, path)) ?? 0));
    if (placementLoad < bestLoad) {
      best = placement;
      bestLoad = placementLoad;
    }
  }
  return best;
}

function addLoad(load: Map<string, number>, job: Job): void {
  for (const path of job.claims) {
    const key = deviceKey(job.host, path);
    load.set(key, (load.get(key) ?? 0) + 1);
  }
}

/**
 * Builds the jobs in run order: the baseline first (on the study's first host, with its device),
 * then the selected scenarios in study order (disk checks in a check-mode study). Each scenario goes to the allowed host
 * (`placements`) whose claims for it (its devices, and what else its storage's backend holds) have
 * the fewest jobs so far (the largest count over the claims); ties go to the host listed first in the study. So a one-host study keeps
 * every scenario on that host, and a study whose hosts all allow every scenario alternates them.
 */
export function buildJobs(plan: StudyPlan, selection: JobSelection = {}): JobList {
  const matches = selection.only === undefined ? () => true : picomatch(selection.only);
  const jobs: Job[] = [];
  const unselected: string[] = [];
  const load = new Map<string, number>();
  const { baseline } = plan;
  const scenarioKind = plan.study.benchmark.mode === "check" ? "check" : "scenario";
  if (baseline) {
    if (matches(baseline.name)) {
      const job: Job = { name: baseline.name, kind: "baseline", host: baseline.host, devices: [baseline.devicePath], claims: [baseline.devicePath], onDefaultHost: true };
      jobs.push(job);
      addLoad(load, job);
    } else unselected.push(baseline.name);
  }
  for (const scenario of plan.scenarios) {
    if (!matches(scenario.name)) {
      unselected.push(scenario.name);
      continue;
    }
    const placement = choosePlacement(scenario, load);
    const job: Job = {
      name: scenario.name,
      kind: scenarioKind,
      host: placement.host,
      devices: [...placement.facts.hostDevices],
      claims: [...claimsOf(scenario, placement)],
      onDefaultHost: placement.host.name === scenario.host.name,
    };
    jobs.push(job);
    addLoad(load, job);
  }
  return { jobs, unselected };
}
