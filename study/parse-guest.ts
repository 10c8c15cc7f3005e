/** Readers for `guest:`, `benchmark:` and `baseline:`. */
import * as nodePath from "node:path";
import { Node, isScalar } from "yaml";
import { MACHINES } from "../domain/disk-settings";
import { DEFAULT_STEADY_STATE, getProfile, STEADY_STATE_CRITERION } from "../domain/profiles";
import {
  BENCHMARK_MODES,
  BENCHMARK_PROFILES,
  BaselineSpec,
  BenchmarkProfile,
  BenchmarkSpec,
  DirectKernelBootSpec,
  DiskspdSpec,
  FIRMWARES,
  FioOptionValue,
  GUEST_OSES,
  GuestImage,
  GuestOs,
  GuestSpec,
  SteadyStateSpec,
} from "./model";
import { DURATION_EXPECTATION, parseDuration } from "./duration";
import { LOAD_SWEEP_KEYS, readLoadSweep } from "./parse-load-sweep";
import { StudyReader, childPath } from "./yaml-reader";
import type { Duration } from "./model";
import { FIO_OPTION_EXPECTATION, fioOptionNameProblem, fioOptionValueProblem } from "../runner/fio-allowlist";
import { MAX_BENCHMARK_SECONDS, MAX_TIMEOUT_SECONDS, worstCaseSeconds } from "../domain/run-time";
import { IMAGE_DIRECTORY_EXPECTATION, imageDirectoryProblem, mediaExpectation, mediaFileProblem, type GuestMediaKind } from "../domain/guest-media";
import { TOOL_NAMES, defaultTool, toolNamed, type ToolName } from "../benchmark-tools/registry";

/** RFC 3986 URL characters, without `$`, `{` and `}`. */
const URL_PATTERN = /^https?:\/\/[A-Za-z0-9._~:/?#[\]@!&'()*+,;=%-]+$/;
const WINDOWS_PATH = /^[A-Za-z]:\\[A-Za-z0-9 ._()\\-]+$/;
const WINDOWS_PATH_EXPECTATION = "a Windows path of diskspd.exe such as C:\\kvmbench\\diskspd.exe (letters, digits, spaces and . _ ( ) - \\)";
const MIN_MEMORY_BYTES = 256 * 1024 * 1024;
/** The Guest construct's own defaults: enough for a cloud image running fio. */
const DEFAULT_VCPUS = 2;
const DEFAULT_MEMORY = { text: "2GiB", bytes: 2 * 1024 ** 3 } as const;

export function readGuest(reader: StudyReader, node: Node | null | undefined, studyFile: string, fallback?: Node): GuestSpec | undefined {
  const fields = reader.map(
    node,
    "guest",
    { required: ["os", "image"], optional: ["imageDirectory", "vcpus", "memory", "machine", "firmware", "virtioWin", "diskspd", "network", "directKernelBoot"] },
    "a guest mapping such as { os: linux, image: https://..., vcpus: 2, memory: 4GiB }",
    fallback,
  );
  if (!fields) return undefined;
  const os = fields.has("os") ? reader.enumValue(fields.value("os"), fields.pathOf("os"), GUEST_OSES) : undefined;
  const imageDirectory = fields.has("imageDirectory") ? readImageDirectory(reader, fields.value("imageDirectory"), fields.pathOf("imageDirectory")) : undefined;
  const media: MediaPlace = { studyFile, directory: imageDirectory, directoryBroken: fields.has("imageDirectory") && imageDirectory === undefined };
  const image = fields.has("image") ? readImage(reader, fields.value("image"), fields.pathOf("image"), media, "image") : undefined;
  const vcpus = fields.has("vcpus") ? reader.integer(fields.value("vcpus"), fields.pathOf("vcpus"), 1, 256) : DEFAULT_VCPUS;
  let memory = fields.has("memory") ? reader.size(fields.value("memory"), fields.pathOf("memory")) : DEFAULT_MEMORY;
  if (memory && memory.bytes < MIN_MEMORY_BYTES) {
    reader.error(fields.value("memory"), fields.pathOf("memory"), `${memory.text} is too little to boot a guest`, "at least 256MiB");
    memory = undefined;
  }
  const machine = fields.has("machine") ? reader.enumValue(fields.value("machine"), fields.pathOf("machine"), MACHINES) : undefined;
  const firmware = fields.has("firmware") ? reader.enumValue(fields.value("firmware"), fields.pathOf("firmware"), FIRMWARES) : "bios";
  const virtioWin = fields.has("virtioWin") ? readImage(reader, fields.value("virtioWin"), fields.pathOf("virtioWin"), media, "iso") : undefined;
  const diskspd = fields.has("diskspd") ? readDiskspd(reader, fields.value("diskspd"), fields.pathOf("diskspd")) : undefined;
  const network = fields.has("network") ? readNetwork(reader, fields.value("network"), fields.pathOf("network")) : "default";
  const directKernelBoot = fields.has("directKernelBoot")
    ? readDirectKernelBoot(reader, fields.value("directKernelBoot"), fields.pathOf("directKernelBoot"), media)
    : undefined;
  if (os === "windows" && !fields.has("virtioWin")) {
    reader.error(
      node,
      "guest.virtioWin",
      "a Windows guest needs the virtio-win driver ISO to see virtio disks and network cards",
      "virtioWin: a path or http(s) URL of virtio-win.iso",
      fallback,
    );
    return undefined;
  }
  if (os === "linux") {
    for (const key of ["virtioWin", "diskspd"] as const) {
      if (fields.has(key)) reader.error(fields.value(key), fields.pathOf(key), `${key} applies to Windows guests only`, "no such key for os: linux");
    }
  }
  if (os === "windows" && fields.has("directKernelBoot")) {
    reader.error(fields.value("directKernelBoot"), fields.pathOf("directKernelBoot"), "directKernelBoot applies to Linux guests only", "no such key for os: windows");
    return undefined;
  }
  if (!os || !image || vcpus === undefined || !memory || !firmware || (fields.has("machine") && !machine)) return undefined;
  if ((fields.has("virtioWin") && !virtioWin) || (fields.has("diskspd") && !diskspd)) return undefined;
  if (network === undefined || (fields.has("directKernelBoot") && !directKernelBoot) || media.directoryBroken) return undefined;
  return {
    os,
    image,
    ...(imageDirectory !== undefined ? { imageDirectory } : {}),
    vcpus,
    memory,
    ...(machine ? { machine } : {}),
    firmware,
    network,
    ...(directKernelBoot ? { directKernelBoot } : {}),
    ...(virtioWin ? { virtioWin } : {}),
    ...(diskspd ? { diskspd } : {}),
  };
}

const NETWORK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const NETWORK_EXPECTATION = "the name of a libvirt network (virsh net-list), or none for no network card";

/** `network:` a libvirt network's name, or `none` (false). */
function readNetwork(reader: StudyReader, node: Node | null | undefined, path: string): string | false | undefined {
  const value = reader.string(node, path, NETWORK_EXPECTATION);
  if (value === undefined) return undefined;
  if (value === "none") return false;
  if (!NETWORK_NAME.test(value)) {
    reader.error(node, path, `"${value}" is not a libvirt network name`, NETWORK_EXPECTATION);
    return undefined;
  }
  return value;
}

const KERNEL_CMDLINE = /^[A-Za-z0-9._,:=\/+ -]{0,1024}$/;
const KERNEL_CMDLINE_EXPECTATION = "kernel parameters of letters, digits, spaces and . _ , : = / + - such as root=LABEL=root console=ttyS0";

function readDirectKernelBoot(reader: StudyReader, node: Node | null | undefined, path: string, media: MediaPlace): DirectKernelBootSpec | undefined {
  const fields = reader.map(
    node,
    path,
    { required: ["kernel"], optional: ["initrd", "cmdline"] },
    "a mapping such as { kernel: /var/lib/kvmbench/images/vmlinuz, initrd: /var/lib/kvmbench/images/initrd.img, cmdline: root=LABEL=root console=ttyS0 }",
  );
  if (!fields) return undefined;
  // Files on the KVM host, which QEMU reads: absolute paths only (the study file is on this machine).
  const hostFile = (key: "kernel" | "initrd"): string | undefined => {
    const value = reader.string(fields.value(key), fields.pathOf(key), mediaExpectation(key));
    if (value === undefined) return undefined;
    return mediaPath(reader, fields.value(key), fields.pathOf(key), value, key, media);
  };
  const kernel = fields.has("kernel") ? hostFile("kernel") : undefined;
  const initrd = fields.has("initrd") ? hostFile("initrd") : undefined;
  let cmdline: string | undefined;
  if (fields.has("cmdline")) {
    cmdline = reader.string(fields.value("cmdline"), fields.pathOf("cmdline"), KERNEL_CMDLINE_EXPECTATION);
    if (cmdline !== undefined && !KERNEL_CMDLINE.test(cmdline)) {
      reader.error(fields.value("cmdline"), fields.pathOf("cmdline"), `kernel command line "${cmdline}" has characters kvmbench does not pass`, KERNEL_CMDLINE_EXPECTATION);
      cmdline = undefined;
    }
  }
  if (kernel === undefined || (fields.has("initrd") && initrd === undefined) || (fields.has("cmdline") && cmdline === undefined)) return undefined;
  return { kernel, ...(initrd !== undefined ? { initrd } : {}), ...(cmdline !== undefined ? { cmdline } : {}) };
}

function readDiskspd(reader: StudyReader, node: Node | null | undefined, path: string): DiskspdSpec | undefined {
  const fields = reader.map(
    node,
    path,
    { required: [], optional: ["path", "downloadUrl"] },
    "a mapping such as { path: 'C:\\kvmbench\\diskspd.exe', downloadUrl: https://... }",
  );
  if (!fields) return undefined;
  let exe = fields.has("path") ? reader.string(fields.value("path"), fields.pathOf("path"), WINDOWS_PATH_EXPECTATION) : undefined;
  if (exe !== undefined && !WINDOWS_PATH.test(exe)) {
    reader.error(fields.value("path"), fields.pathOf("path"), `"${exe}" is not a Windows path of safe characters`, WINDOWS_PATH_EXPECTATION);
    exe = undefined;
  }
  const url = fields.has("downloadUrl")
    ? reader.string(fields.value("downloadUrl"), fields.pathOf("downloadUrl"), "an https URL of the DiskSpd release zip")
    : undefined;
  if (url !== undefined && !(url.startsWith("https://") && URL_PATTERN.test(url))) {
    reader.error(fields.value("downloadUrl"), fields.pathOf("downloadUrl"), `"${url}" is not an https URL of URL characters`, "an https URL of the DiskSpd release zip");
    return undefined;
  }
  if ((fields.has("path") && exe === undefined) || (fields.has("downloadUrl") && url === undefined)) return undefined;
  return { ...(exe !== undefined ? { path: exe } : {}), ...(url !== undefined ? { downloadUrl: url } : {}) };
}

/** Where the guest's files may be: the study's image directory (relative paths are relative to the study file). */
interface MediaPlace {
  readonly studyFile: string;
  readonly directory: string | undefined;
  /** The study gives an image directory the reader refused (reported once, not again for each file). */
  readonly directoryBroken: boolean;
}

function readImageDirectory(reader: StudyReader, node: Node | null | undefined, path: string): string | undefined {
  const value = reader.string(node, path, IMAGE_DIRECTORY_EXPECTATION);
  const problem = value === undefined ? undefined : imageDirectoryProblem(value);
  if (problem) reader.error(node, path, problem, IMAGE_DIRECTORY_EXPECTATION);
  return problem ? undefined : value;
}

/** A file of the guest's: in the image directory, named like its kind, reached without `.` or `..`. */
function mediaPath(reader: StudyReader, node: Node | null | undefined, path: string, value: string, kind: GuestMediaKind, media: MediaPlace, relativeTo?: string): string | undefined {
  if (value.split("/").includes("..")) {
    reader.error(node, path, `"${value}" climbs out of its folder (a .. segment)`, mediaExpectation(kind));
    return undefined;
  }
  const resolved = relativeTo === undefined || nodePath.isAbsolute(value) ? value : nodePath.resolve(relativeTo, value);
  if (media.directoryBroken) return undefined;
  const problem = mediaFileProblem(resolved, kind, media.directory);
  if (problem) {
    reader.error(node, path, problem, mediaExpectation(kind));
    return undefined;
  }
  return resolved;
}

/** The boot image or virtio-win ISO: an http(s) URL, or a file on this machine (relative to the study file). */
function readImage(reader: StudyReader, node: Node | null | undefined, path: string, media: MediaPlace, kind: "image" | "iso"): GuestImage | undefined {
  const expected = `an http(s) URL, or ${mediaExpectation(kind)}`;
  const value = reader.string(node, path, expected);
  if (value === undefined) return undefined;
  if (/^https?:\/\//.test(value)) {
    if (URL_PATTERN.test(value)) return { kind: "url", url: value };
    reader.error(node, path, `"${value}" has characters a URL does not have`, "an http(s) URL of letters, digits and the URL punctuation of RFC 3986 (no spaces, quotes, $, { or })");
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    reader.error(node, path, `unsupported URL scheme in "${value}"`, expected);
    return undefined;
  }
  const file = mediaPath(reader, node, path, value, kind, media, nodePath.dirname(media.studyFile));
  return file === undefined ? undefined : { kind: "file", path: file };
}

const LOAD_SWEEP_KEY_NAMES = Object.keys(LOAD_SWEEP_KEYS);

/** `guestOs`: the guest's OS, when it was read (the tool must run on it). */
export function readBenchmark(reader: StudyReader, node: Node | null | undefined, guestOs: GuestOs | undefined, fallback?: Node): BenchmarkSpec | undefined {
  const fields = reader.map(
    node,
    "benchmark",
    { required: ["profile", "size"], optional: ["mode", "tool", "repeats", "timeout", "fio", "install", "steadyState", ...LOAD_SWEEP_KEY_NAMES] },
    "a benchmark mapping such as { profile: hdtune, size: 5GiB, repeats: 3 }",
    fallback,
  );
  if (!fields) return undefined;
  const profile = fields.has("profile") ? reader.enumValue(fields.value("profile"), fields.pathOf("profile"), BENCHMARK_PROFILES) : undefined;
  const mode = fields.has("mode") ? reader.enumValue(fields.value("mode"), fields.pathOf("mode"), BENCHMARK_MODES) : undefined;
  const tool = fields.has("tool") ? readTool(reader, fields.value("tool"), fields.pathOf("tool"), guestOs) : undefined;
  const size = fields.has("size") ? reader.size(fields.value("size"), fields.pathOf("size")) : undefined;
  const repeats = fields.has("repeats") ? reader.integer(fields.value("repeats"), fields.pathOf("repeats"), 1, 100) : 3;
  const timeout = fields.has("timeout") ? readDuration(reader, fields.value("timeout"), fields.pathOf("timeout"), MAX_TIMEOUT_SECONDS) : undefined;
  const fio = fields.has("fio") ? readFioOptions(reader, fields.value("fio"), fields.pathOf("fio")) : {};
  const install = fields.has("install") ? reader.boolean(fields.value("install"), fields.pathOf("install")) : true;
  const steadyState = fields.has("steadyState") && profile ? readSteadyState(reader, fields.value("steadyState"), fields.pathOf("steadyState"), profile) : undefined;
  const loadSweep = readLoadSweep(reader, fields, fio);
  if (!profile || !size || repeats === undefined || !fio || install === undefined || !loadSweep || (fields.has("mode") && !mode) || (fields.has("tool") && !tool) || (fields.has("timeout") && !timeout) || (fields.has("steadyState") && steadyState === undefined)) {
    return undefined;
  }
  const { tests, defaultRuntimeSeconds } = getProfile(profile);
  const loadPoints = (loadSweep.iodepth?.length ?? 1) * (loadSweep.numjobs?.length ?? 1);
  const seconds = worstCaseSeconds({ tests: tests.length * loadPoints, runtimeSeconds: defaultRuntimeSeconds, repeats, fioOptions: fio });
  if (seconds > MAX_BENCHMARK_SECONDS) {
    const counted = `${tests.length} tests${loadPoints > 1 ? ` x ${loadPoints} load points` : ""} x ${repeats} repeats x fio loops x ramp and runtime`;
    reader.error(fields.node, fields.path, `the tests could run ${Math.round(seconds / 3600)} hours (${counted})`, `at most ${MAX_BENCHMARK_SECONDS / 3600} hours: fewer repeats, load points or loops, or a shorter ramp_time`);
    return undefined;
  }
  return { profile, ...(mode ? { mode } : {}), ...(tool ? { tool } : {}), size, repeats, ...(timeout ? { timeout } : {}), fio, install, ...(steadyState !== undefined ? { steadyState } : {}), ...loadSweep };
}

/** A tool of the registry that runs on the guest's OS. */
function readTool(reader: StudyReader, node: Node | null | undefined, path: string, guestOs: GuestOs | undefined): ToolName | undefined {
  const name = reader.enumValue(node, path, TOOL_NAMES);
  const tool = name === undefined ? undefined : toolNamed(name);
  if (!tool) return undefined;
  if (guestOs !== undefined && tool.os !== guestOs) {
    reader.error(node, path, `${tool.name} runs on ${tool.os} guests, and the guest is ${guestOs}`, `a tool for ${guestOs} guests: "${defaultTool(guestOs).name}" (or leave tool out)`);
    return undefined;
  }
  return tool.name;
}

const STEADY_STATE_EXPECTATION = 'true, false, or a mapping such as { criterion: "bw_slope:1%", window: 10s, ramp: 5s }';

function readSteadyState(reader: StudyReader, node: Node | null | undefined, path: string, profile: BenchmarkProfile): SteadyStateSpec | undefined {
  const resolved = reader.resolve(node);
  if (resolved && isScalar(resolved) && typeof resolved.value === "boolean") {
    return resolved.value && !fitsRuntime(reader, node, path, profile, DEFAULT_STEADY_STATE.rampSeconds + DEFAULT_STEADY_STATE.windowSeconds) ? undefined : resolved.value;
  }
  const fields = reader.map(node, path, { required: [], optional: ["criterion", "window", "ramp"] }, STEADY_STATE_EXPECTATION);
  if (!fields) return undefined;
  const criterion = fields.has("criterion") ? reader.string(fields.value("criterion"), fields.pathOf("criterion"), "fio's criterion, e.g. \"bw_slope:1%\"") : undefined;
  if (criterion !== undefined && !STEADY_STATE_CRITERION.test(criterion)) {
    reader.error(fields.value("criterion"), fields.pathOf("criterion"), `"${criterion}" is not a fio steady-state criterion`, 'iops, iops_slope, bw or bw_slope with a limit, e.g. "bw_slope:1%" or "iops:5%"');
    return undefined;
  }
  const window = fields.has("window") ? readDuration(reader, fields.value("window"), fields.pathOf("window")) : undefined;
  const ramp = fields.has("ramp") ? readDuration(reader, fields.value("ramp"), fields.pathOf("ramp")) : undefined;
  if ((fields.has("criterion") && criterion === undefined) || (fields.has("window") && !window) || (fields.has("ramp") && !ramp)) return undefined;
  const total = (ramp?.seconds ?? DEFAULT_STEADY_STATE.rampSeconds) + (window?.seconds ?? DEFAULT_STEADY_STATE.windowSeconds);
  if (!fitsRuntime(reader, node, path, profile, total)) return undefined;
  return { ...(criterion !== undefined ? { criterion } : {}), ...(window ? { window } : {}), ...(ramp ? { ramp } : {}) };
}

/** Ramp and window must fit in the profile's runtime, or fio could never judge the test steady. */
function fitsRuntime(reader: StudyReader, node: Node | null | undefined, path: string, profile: BenchmarkProfile, seconds: number): boolean {
  const runtime = getProfile(profile).defaultRuntimeSeconds;
  if (seconds <= runtime) return true;
  reader.error(node, path, `ramp and window (${seconds} s) do not fit in a ${profile} test's ${runtime} s`, `a ramp and window that together fit in ${runtime} s, or steadyState: false`);
  return false;
}

function readDuration(reader: StudyReader, node: Node | null | undefined, path: string, maxSeconds = MAX_TIMEOUT_SECONDS): Duration | undefined {
  const value = reader.string(node, path, DURATION_EXPECTATION);
  if (value === undefined) return undefined;
  const duration = parseDuration(value);
  if (!duration) reader.error(node, path, `malformed duration "${value}"`, DURATION_EXPECTATION);
  else if (duration.seconds > maxSeconds) {
    reader.error(node, path, `${value} is longer than kvmbench waits`, `a duration of at most ${maxSeconds / 86400} days`);
    return undefined;
  }
  return duration;
}

function readFioOptions(reader: StudyReader, node: Node | null | undefined, path: string): Record<string, FioOptionValue> | undefined {
  const options: Record<string, FioOptionValue> = {};
  let ok = true;
  for (const entry of reader.namedEntries(node, path, "a mapping of fio options such as { iodepth: 32, numjobs: 1 }")) {
    const optionPath = childPath(path, entry.name);
    const nameProblem = fioOptionNameProblem(entry.name);
    if (nameProblem) {
      reader.error(entry.key, optionPath, nameProblem, FIO_OPTION_EXPECTATION);
      ok = false;
      continue;
    }
    const value = entry.value && isScalar(entry.value) ? entry.value.value : undefined;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      reader.error(entry.value, optionPath, "wrong type: not a single value", "a string, number or boolean", entry.key);
      ok = false;
      continue;
    }
    const valueProblem = fioOptionValueProblem(entry.name, value);
    if (valueProblem) {
      reader.error(entry.value, optionPath, valueProblem, "a value of the form fio documents for this option", entry.key);
      ok = false;
      continue;
    }
    options[entry.name] = value;
  }
  return ok ? options : undefined;
}

/** The devices the first host has (the baseline runs there). */
export interface FirstHostDevices {
  readonly name: string;
  has(device: string): boolean;
}

/** `baseline:`; its device must be on the first host (`firstHost` undefined: not judged). */
export function readBaseline(reader: StudyReader, node: Node | null | undefined, deviceNames: readonly string[], firstHost: FirstHostDevices | undefined, fallback?: Node): BaselineSpec | undefined {
  const fields = reader.map(node, "baseline", { required: ["device"], optional: ["wipe"] }, "a baseline mapping such as { device: ssd }", fallback);
  if (!fields) return undefined;
  let device = fields.has("device") ? reader.reference(fields.value("device"), fields.pathOf("device"), "device", deviceNames) : undefined;
  if (device !== undefined && firstHost && !firstHost.has(device)) {
    const message = `device "${device}" has no path on the first host "${firstHost.name}", where the baseline runs`;
    reader.error(fields.value("device"), fields.pathOf("device"), message, `a device of the first host, or its path under that host's devices: (hosts[0].devices)`);
    device = undefined;
  }
  const wipe = fields.has("wipe") ? reader.boolean(fields.value("wipe"), fields.pathOf("wipe")) : false;
  return device !== undefined && wipe !== undefined ? { device, wipe } : undefined;
}
