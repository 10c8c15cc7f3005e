/**
 * Matrix expansion: the cross product storage x cache x bus (x io) plus the explicit
 * `scenarios:`, judged by the disk rules (domain/disk-rules.ts) on each host they may be placed
 * on (study/placement.ts). Forbidden matrix combinations are left out with their reason; an
 * explicit scenario that breaks a rule is an error; stack names are checked to be unique.
 */
import type { DiskSettings, Machine } from "../domain/disk-settings";
import { BASELINE_NAME, scenarioName } from "../domain/scenario-names";
import { checkDiskSettings, checkIdeCount } from "../domain/disk-rules";
import { ownValue } from "../domain/own-value";
import type { RuleFinding } from "../domain/rules";
import type { StorageFacts } from "../domain/storage-facts";
import type { StudyError } from "./errors";
import type { BenchmarkSpec, ExplicitScenarioSpec, GuestSpec, HostSpec, MatrixSpec, SourcePosition, StorageSpec, Study } from "./model";
import { type HasStudyPath, hostsWithDevices, namedHosts, noHostProblem, placementExpectation } from "./placement";
import { devicePath, storageFacts, storageWarnings } from "./storage-facts";

export { BASELINE_NAME, scenarioName };

/** A host a scenario may run on, with the facts and warnings it has there. */
export interface Placement {
  readonly host: HostSpec;
  readonly facts: StorageFacts;
  /** Warning findings of the rules on this host (errors exclude the host). */
  readonly warnings: readonly RuleFinding[];
}

/** One scenario (one stack) with its full resolved configuration. */
export interface Scenario {
  /** Stack id, e.g. "xfs-qcow2-writeback-virtio". */
  readonly name: string;
  readonly origin: "matrix" | "explicit";
  /** Key of the storage spec in the study. */
  readonly storageName: string;
  readonly storage: StorageSpec;
  /** Bus, cache, io (absent: hypervisor default) and the machine they need. */
  readonly attachment: DiskSettings;
  readonly guest: GuestSpec;
  readonly benchmark: BenchmarkSpec;
  /** The first host the scenario may run on (the only one for a `host:` study). */
  readonly host: HostSpec;
  /** Facts of the storage on `host`. */
  readonly facts: StorageFacts;
  /** Warnings of the rules on `host` (e.g. writeback and power loss), for annotations and reports. */
  readonly warnings: readonly RuleFinding[];
  /** Every host the rules allow it on, `host` first. */
  readonly placements: readonly Placement[];
  /** Where it was declared (the `matrix` key, or the scenario's list item). */
  readonly at?: SourcePosition;
}

/** A matrix combination the rules forbid on every host. */
export interface ExcludedCombination {
  /** The name it would have had. */
  readonly name: string;
  readonly storageName: string;
  readonly attachment: DiskSettings;
  /** The error findings (the reasons), without repeats across hosts. */
  readonly reasons: readonly RuleFinding[];
}

/** The host-side measurement of the bare device. */
export interface BaselinePlan {
  /** Stack id. */
  readonly name: typeof BASELINE_NAME;
  readonly device: string;
  /** The device's path on `host`. */
  readonly devicePath: string;
  readonly host: HostSpec;
  readonly benchmark: BenchmarkSpec;
  readonly wipe: boolean;
}

/** What a study expands to. */
export interface StudyPlan {
  readonly study: Study;
  readonly scenarios: readonly Scenario[];
  readonly excluded: readonly ExcludedCombination[];
  /** @default - no baseline */
  readonly baseline?: BaselinePlan;
}

/** The most scenarios (stacks) a study may have: a 1000-scenario sweep synthesizes in about 15 s. */
export const MAX_SCENARIOS = 5000;
/** The most hosts a study may list. */
export const MAX_HOSTS = 32;
/** The most (scenario, host) pairs the rules judge: each scenario is judged on every host. */
export const MAX_PLACEMENTS = 20000;

/**
 * The one machine type every scenario of a study runs on, so that a bus comparison does not
 * also compare two machines (and, with UEFI, two firmware builds): the guest's `machine` when
 * the study pins it, else pc when any scenario uses IDE (only pc has it), else q35.
 */
export function studyMachine(input: Pick<ExpansionInput, "guestMachine" | "matrix" | "scenarios">): Machine {
  if (input.guestMachine) return input.guestMachine;
  const buses = [...(input.matrix?.bus ?? []), ...input.scenarios.flatMap((s) => (s ? [s.bus] : []))];
  return buses.includes("ide") ? "pc" : "q35";
}

/** What the expansion needs; parts may be missing while a broken study is checked. */
export interface ExpansionInput {
  readonly file: string;
  readonly hosts: readonly HostSpec[];
  readonly devices: Readonly<Record<string, string>>;
  readonly storage: ReadonlyMap<string, StorageSpec>;
  readonly guestMachine?: Machine;
  readonly matrix?: MatrixSpec;
  /** undefined entries are scenarios that failed to read (kept so indexes match the file). */
  readonly scenarios: readonly (ExplicitScenarioSpec | undefined)[];
  readonly hasBaseline: boolean;
  /**
   * Devices the study gives no path (written `~`): only hosts whose `devices` give one have them.
   * @default - every device without a path in `devices`
   */
  readonly hostOnlyDevices?: ReadonlySet<string>;
}

/** A scenario before guest and benchmark are attached. */
export type ScenarioCore = Omit<Scenario, "guest" | "benchmark">;

export interface Expansion {
  readonly scenarios: readonly ScenarioCore[];
  readonly excluded: readonly ExcludedCombination[];
  readonly errors: readonly StudyError[];
}

interface Judgement {
  readonly placements: Placement[];
  /** Error findings, without repeats across hosts. */
  readonly reasons: RuleFinding[];
}

function judge(spec: StorageSpec, settings: DiskSettings, hosts: readonly HostSpec[], input: ExpansionInput): Judgement {
  const placements: Placement[] = [];
  const reasons: RuleFinding[] = [];
  for (const host of hosts) {
    const facts = storageFacts(spec, host, input.devices);
    const findings = [...checkDiskSettings(settings, facts), ...checkIdeCount(settings.bus === "ide" ? 1 : 0), ...storageWarnings(spec)];
    const errors = findings.filter((f) => f.level === "error");
    if (errors.length === 0) placements.push({ host, facts, warnings: findings.filter((f) => f.level === "warning") });
    for (const error of errors) if (!reasons.some((r) => r.message === error.message)) reasons.push(error);
  }
  return { placements, reasons };
}

function core(name: string, origin: Scenario["origin"], storageName: string, storage: StorageSpec, attachment: DiskSettings, placements: Placement[], at?: SourcePosition): ScenarioCore {
  const [first] = placements;
  return { name, origin, storageName, storage, attachment, host: first.host, facts: first.facts, warnings: first.warnings, placements, ...(at ? { at } : {}) };
}

/**
 * Where in the study an earlier scenario is: line and column only. The error itself names the
 * file, and a path in its message would be cut as a long value where the study's path is long.
 */
function where(at: SourcePosition | undefined): string {
  return at ? `line ${at.line}, column ${at.column}` : "an unknown position";
}

function studyPaths(input: ExpansionInput): HasStudyPath {
  const { hostOnlyDevices } = input;
  return hostOnlyDevices ? (device) => !hostOnlyDevices.has(device) : (device) => ownValue(input.devices, device) !== undefined;
}

/**
 * The hosts a storage may be placed on for an entry (`hosts`: its `hosts:` list), or an error
 * when none is left. The study reader reports such an entry with the position of what leaves
 * none, and drops it; this error is for studies built in code.
 */
function hostsFor(
  storageName: string,
  spec: StorageSpec,
  names: readonly string[] | undefined,
  input: ExpansionInput,
  at: SourcePosition,
  path: string,
): { readonly hosts: HostSpec[] } | { readonly error: StudyError } {
  const hasStudyPath = studyPaths(input);
  const named = namedHosts(input.hosts, names);
  const hosts = hostsWithDevices(spec, named, hasStudyPath);
  if (hosts.length > 0) return { hosts };
  const message = noHostProblem(storageName, spec, named, names, hasStudyPath);
  return { error: { ...at, path, message, expected: placementExpectation(spec, input.hosts, hasStudyPath) } };
}

/** Expands matrix and explicit scenarios; errors for explicit rule breaks and repeated names. */
export function expandScenarios(input: ExpansionInput): Expansion {
  const scenarios: ScenarioCore[] = [];
  const explicitIndex = new Map<ScenarioCore, number>();
  const excluded: ExcludedCombination[] = [];
  const errors: StudyError[] = [];
  const canJudge = input.hosts.length > 0;
  const machine = studyMachine(input);

  const { matrix } = input;
  const combinations = matrix ? matrix.storage.length * matrix.cache.length * matrix.bus.length * (matrix.io?.length ?? 1) : 0;
  const explicitCount = input.scenarios.length;
  if (combinations + explicitCount > MAX_SCENARIOS) {
    const at = matrix?.at ?? input.scenarios.find((s) => s?.at)?.at ?? { file: input.file, line: 1, column: 1 };
    errors.push({
      ...at,
      path: matrix ? "matrix" : "scenarios",
      message: `the study has ${combinations} matrix combinations and ${explicitCount} explicit scenarios, more than kvmbench builds (${MAX_SCENARIOS} stacks)`,
      expected: `at most ${MAX_SCENARIOS} scenarios (docs/study.md, "Limits"); split the sweep into several studies`,
    });
    return { scenarios, excluded, errors };
  }
  const placements = (combinations + explicitCount) * input.hosts.length;
  if (placements > MAX_PLACEMENTS) {
    const at = matrix?.at ?? input.scenarios.find((s) => s?.at)?.at ?? { file: input.file, line: 1, column: 1 };
    errors.push({
      ...at,
      path: matrix ? "matrix" : "scenarios",
      message: `${combinations + explicitCount} scenarios on ${input.hosts.length} hosts are ${placements} placements for the rules to judge, more than kvmbench judges (${MAX_PLACEMENTS})`,
      expected: `scenarios x hosts of at most ${MAX_PLACEMENTS}; split the sweep or the hosts into several studies`,
    });
    return { scenarios, excluded, errors };
  }
  if (matrix && canJudge) {
    matrix.storage.forEach((storageName, storageIndex) => {
      const spec = input.storage.get(storageName);
      if (!spec) return;
      const at = matrix.at ?? { file: input.file, line: 1, column: 1 };
      const choice = hostsFor(storageName, spec, matrix.hosts, input, at, `matrix.storage[${storageIndex}]`);
      if ("error" in choice) {
        errors.push(choice.error);
        return;
      }
      for (const cache of matrix.cache) {
        for (const bus of matrix.bus) {
          for (const io of matrix.io ?? [undefined]) {
            const attachment: DiskSettings = { bus, cache, ...(io ? { io } : {}), machine };
            const name = scenarioName(storageName, cache, bus, io);
            const { placements, reasons } = judge(spec, attachment, choice.hosts, input);
            if (placements.length === 0) excluded.push({ name, storageName, attachment, reasons });
            else scenarios.push(core(name, "matrix", storageName, spec, attachment, placements, matrix.at));
          }
        }
      }
    });
  }

  input.scenarios.forEach((explicit, index) => {
    if (!explicit || !canJudge) return;
    const spec = input.storage.get(explicit.storage);
    if (!spec) return;
    const path = `scenarios[${index}]`;
    const attachment: DiskSettings = {
      bus: explicit.bus,
      cache: explicit.cache,
      ...(explicit.io ? { io: explicit.io } : {}),
      machine: explicit.machine ?? machine,
    };
    const name = explicit.name ?? scenarioName(explicit.storage, explicit.cache, explicit.bus, explicit.io);
    const at = explicit.at ?? { file: input.file, line: 1, column: 1 };
    const choice = hostsFor(explicit.storage, spec, explicit.hosts, input, at, explicit.hosts ? `${path}.hosts` : `${path}.storage`);
    if ("error" in choice) {
      errors.push(choice.error);
      return;
    }
    const { placements, reasons } = judge(spec, attachment, choice.hosts, input);
    if (placements.length === 0) {
      for (const reason of reasons) {
        errors.push({ ...at, path, message: `${reason.message} (rule ${reason.rule})`, expected: `a combination the rules allow: ${reason.fix}` });
      }
      return;
    }
    const scenario = core(name, "explicit", explicit.storage, spec, attachment, placements, explicit.at);
    explicitIndex.set(scenario, index);
    scenarios.push(scenario);
  });

  errors.push(...duplicateNameErrors(scenarios, explicitIndex, input));
  return { scenarios, excluded, errors };
}

function duplicateNameErrors(scenarios: readonly ScenarioCore[], explicitIndex: ReadonlyMap<ScenarioCore, number>, input: ExpansionInput): StudyError[] {
  const errors: StudyError[] = [];
  const first = new Map<string, ScenarioCore>();
  for (const scenario of scenarios) {
    const earlier = first.get(scenario.name);
    const clashesWithBaseline = input.hasBaseline && scenario.name === BASELINE_NAME;
    if (!earlier && !clashesWithBaseline) {
      first.set(scenario.name, scenario);
      continue;
    }
    const index = explicitIndex.get(scenario);
    const named = index !== undefined && input.scenarios[index]?.name !== undefined;
    const path = index !== undefined ? `scenarios[${index}]${named ? ".name" : ""}` : "matrix";
    const at = scenario.at ?? { file: input.file, line: 1, column: 1 };
    const other = clashesWithBaseline
      ? "the baseline stack"
      : earlier?.origin === "matrix"
        ? `the matrix (at ${where(earlier.at)})`
        : `the scenario at ${where(earlier?.at)}`;
    errors.push({
      ...at,
      path,
      message: `stack name "${scenario.name}" is already used by ${other}`,
      expected: named ? "a unique name" : 'a unique stack name (add a distinct "name:" to this scenario)',
    });
  }
  return errors;
}

/** Attaches guest and benchmark to expanded scenarios. */
export function completeScenarios(cores: readonly ScenarioCore[], guest: GuestSpec, benchmark: BenchmarkSpec): Scenario[] {
  return cores.map((c) => ({ ...c, guest, benchmark }));
}

/** The baseline stack of a study, on its first host. */
export function planBaseline(study: Study): BaselinePlan | undefined {
  if (!study.baseline) return undefined;
  const host = study.hosts[0];
  return {
    name: BASELINE_NAME,
    device: study.baseline.device,
    devicePath: devicePath(study.baseline.device, host, study.devices),
    host,
    benchmark: study.benchmark,
    wipe: study.baseline.wipe,
  };
}

/**
 * Expands a validated study (e.g. one built in code); errors for explicit rule breaks, repeated
 * names, and storage or a baseline device on no host that has a path for its devices.
 */
export function expandStudy(study: Study): { plan?: StudyPlan; errors: readonly StudyError[] } {
  const expansion = expandScenarios({
    file: study.file,
    hosts: study.hosts,
    devices: study.devices,
    storage: new Map(Object.entries(study.storage)),
    ...(study.guest.machine ? { guestMachine: study.guest.machine } : {}),
    ...(study.matrix ? { matrix: study.matrix } : {}),
    scenarios: study.scenarios,
    hasBaseline: study.baseline !== undefined,
  });
  const baseline = planBaseline(study);
  const errors = [...expansion.errors];
  if (baseline && baseline.devicePath === "") {
    const message = `device "${baseline.device}" has no path on the first host "${baseline.host.name}", where the baseline runs`;
    errors.push({ file: study.file, line: 1, column: 1, path: "baseline.device", message, expected: "a device of the first host, or its path in that host's devices" });
  }
  if (errors.length > 0) return { errors };
  return {
    plan: {
      study,
      scenarios: completeScenarios(expansion.scenarios, study.guest, study.benchmark),
      excluded: expansion.excluded,
      ...(baseline ? { baseline } : {}),
    },
    errors: [],
  };
}
