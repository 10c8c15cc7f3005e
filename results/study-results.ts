import type { ScenarioResults } from "./scenario-results";

/** A study's results: the baseline and the scenarios, as loaded for a report. */
export interface StudyResults {
  readonly baseline: ScenarioResults;
  readonly scenarios: readonly ScenarioResults[];
  /** Notes from parsing (skipped jobs and similar), each naming its file. */
  readonly warnings: readonly string[];
}
