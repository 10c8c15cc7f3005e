/** The study-file layer's public API (see docs/study.md). */
export { loadStudy, parseStudy, MAX_STUDY_BYTES } from "./parse";
export type { StudyLoadResult, StudyLimits } from "./parse";
export { formatError, formatErrors, sortErrors } from "./errors";
export type { StudyError } from "./errors";
export { expandStudy, scenarioName, studyMachine, BASELINE_NAME, MAX_HOSTS, MAX_PLACEMENTS, MAX_SCENARIOS } from "./scenarios";
export type { Scenario, Placement, ExcludedCombination, BaselinePlan, StudyPlan } from "./scenarios";
export { storageFacts, storageSummary, storageDeviceNames, storageWarnings, zfsPoolOf } from "./storage-facts";
export { formatListing, formatScenario, formatExcluded, formatAttachment } from "./listing";
export { parseSize, formatBytes } from "./size";
export { parseDuration } from "./duration";
export * from "./model";
export { likeForLikeDifferences, formatDifference } from "./like-for-like";
export type { SettingDifference, SettingValue } from "./like-for-like";
export { groupByRule, planWarnings, describeScenarioSet, formatRuleGroup, formatRuleGroupDetails } from "./rule-groups";
export type { RuleGroup, ScenarioFinding } from "./rule-groups";
export { STORAGE_KINDS } from "../backends/registry";
