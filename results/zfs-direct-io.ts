/**
 * What ZFS did with O_DIRECT under scenarios whose disk is a file on a ZFS dataset and whose cache
 * mode opens it with O_DIRECT (cache=none, directsync). OpenZFS before 2.3 ignores O_DIRECT on a
 * dataset, and so does 2.3+ where the dataset's `direct` is `disabled`: every I/O goes through
 * the ARC. From 2.3 an O_DIRECT write bypasses the ARC only for the whole records it covers, so
 * writes smaller than the recordsize go through the ARC (reads have no such limit: zfsprops(7),
 * `direct`). A zvol is a block device, not a dataset: nothing to say here.
 *
 * Read from the result file's `host.zfsDataset` and `host.zfs`; for older result files, from the
 * study's storage facts and declared OpenZFS version in its configuration; nothing when neither
 * says.
 */
import { CACHE_BEHAVIOUR } from "../domain/cache-modes";
import { zfsDatasetDirectIo } from "../domain/direct-io";
import { CACHE_MODES, type CacheMode } from "../domain/disk-settings";
import { getProfile, PROFILE_NAMES, type Profile } from "../domain/profiles";
import { testDefinition, type TestId } from "./benchmark-tests";
import type { ScenarioResults } from "./scenario-results";
import type { StudyResults } from "./study-results";

/** The dataset holding a scenario's image, as far as its result file tells. */
export interface DatasetUnderDisk {
  /** pool/name, when the host recorded it. */
  readonly name?: string;
  /** Absent when neither the host nor the study tells it. */
  readonly recordsizeBytes?: number;
  /** The dataset's `direct` property, when the host recorded it (OpenZFS 2.3+ has it). */
  readonly direct?: string;
  /** The host's OpenZFS version as it recorded it, else as the study declared it. */
  readonly openZfs?: string;
  /** Where the dataset's facts come from: the host's record, or the study's (older result files). */
  readonly source: "host" | "study";
}

export type ODirectOutcome =
  /** Every read and write went through the ARC. */
  | { readonly kind: "ignored"; readonly because: "openzfs-before-2.3" | "direct-disabled" }
  /** These write tests' blocks are smaller than the recordsize: they went through the ARC. */
  | { readonly kind: "whole-records-only"; readonly bufferedTests: readonly TestId[] };

/** A scenario whose O_DIRECT did not keep its I/O out of the ARC. */
export interface ZfsODirectFinding {
  readonly scenario: string;
  readonly cache: CacheMode;
  readonly dataset: DatasetUnderDisk;
  readonly outcome: ODirectOutcome;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field(record: unknown, key: string): unknown {
  return isRecord(record) ? record[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function directCache(cache: string | undefined): CacheMode | undefined {
  const mode = CACHE_MODES.find((m) => m === cache);
  return mode !== undefined && CACHE_BEHAVIOUR[mode].direct ? mode : undefined;
}

/** The recordsize the study's storage facts judged O_DIRECT by (absent unless OpenZFS 2.3+ was declared). */
function studyRecordsize(configuration: Readonly<Record<string, unknown>>): number | undefined {
  const alignment = field(field(configuration["facts"], "directIo"), "alignmentBytes");
  return typeof alignment === "number" ? alignment : undefined;
}

function datasetUnderDisk(scenario: ScenarioResults): DatasetUnderDisk | undefined {
  const { configuration } = scenario;
  const openZfs = scenario.provenance.zfs ?? text(field(configuration["host"], "openZfsVersion"));
  const recorded = scenario.zfs?.dataset;
  if (recorded) {
    const isFilesystem = recorded.type === "filesystem" || (recorded.type === undefined && recorded.recordsize !== undefined);
    if (!isFilesystem) return undefined;
    const recordsizeBytes = recorded.recordsize ?? studyRecordsize(configuration);
    return { name: recorded.name, ...(recordsizeBytes !== undefined ? { recordsizeBytes } : {}), ...(recorded.direct ? { direct: recorded.direct } : {}), ...(openZfs ? { openZfs } : {}), source: "host" };
  }
  const facts = configuration["facts"];
  if (field(facts, "medium") !== "file" || field(facts, "filesystem") !== "zfs") return undefined;
  const recordsizeBytes = studyRecordsize(configuration);
  return { ...(recordsizeBytes !== undefined ? { recordsizeBytes } : {}), ...(openZfs ? { openZfs } : {}), source: "study" };
}

/** Whether the dataset's OpenZFS has Direct I/O: the `direct` property exists only from 2.3. */
function directIoSupport(dataset: DatasetUnderDisk): "ignored" | "aligned" | undefined {
  if (dataset.direct !== undefined) return "aligned";
  if (dataset.openZfs === undefined || !/\d+\.\d+/.test(dataset.openZfs)) return undefined;
  const { support } = zfsDatasetDirectIo(dataset.openZfs);
  return support === "ignored" || support === "aligned" ? support : undefined;
}

function profileOf(configuration: Readonly<Record<string, unknown>>): Profile | undefined {
  const name = PROFILE_NAMES.find((p) => p === field(configuration["benchmark"], "profile"));
  return name === undefined ? undefined : getProfile(name);
}

/** A test's block size: the random tests' is in their id, the sequential tests' in the study's profile. */
function blockSizeOf(test: TestId, profile: Profile | undefined): number | undefined {
  const definition = testDefinition(test);
  if (definition.blockSizeBytes !== undefined) return definition.blockSizeBytes;
  return profile?.tests.find((t) => t.rw === definition.direction)?.blockSize;
}

function outcomeOf(scenario: ScenarioResults, dataset: DatasetUnderDisk): ODirectOutcome | undefined {
  const support = directIoSupport(dataset);
  if (support === "ignored") return { kind: "ignored", because: "openzfs-before-2.3" };
  if (support !== "aligned") return undefined;
  if (dataset.direct === "disabled") return { kind: "ignored", because: "direct-disabled" };
  const { recordsizeBytes } = dataset;
  if (recordsizeBytes === undefined) return undefined;
  const profile = profileOf(scenario.configuration);
  const bufferedTests = [...scenario.tests.keys()].filter((test) => {
    const bytes = blockSizeOf(test, profile);
    return testDefinition(test).direction === "write" && bytes !== undefined && bytes < recordsizeBytes;
  });
  return bufferedTests.length > 0 ? { kind: "whole-records-only", bufferedTests } : undefined;
}

/** The scenarios whose O_DIRECT on a ZFS dataset let I/O through the ARC, in report order. */
export function zfsODirectFindings(study: StudyResults): ZfsODirectFinding[] {
  return study.scenarios.flatMap((scenario) => {
    const cache = directCache(scenario.settings.cache);
    const dataset = cache === undefined ? undefined : datasetUnderDisk(scenario);
    const outcome = dataset === undefined ? undefined : outcomeOf(scenario, dataset);
    return cache !== undefined && dataset !== undefined && outcome !== undefined ? [{ scenario: scenario.name, cache, dataset, outcome }] : [];
  });
}
