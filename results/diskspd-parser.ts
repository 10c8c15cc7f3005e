import { describeBlockSize, identifyTest, type Direction, type TestId } from "./benchmark-tests";
import { combineFigures, type WeightedFigures } from "./combine-figures";
import { ResultInputError } from "./errors";
import type { ParsedRun, PointFigures } from "./figures";
import { loadPointKey, type LoadPoint } from "./load-points";
import { parsedRun } from "./parsed-run";
import { childAt, childrenNamed, numberAt, parseXmlElements, type XmlElement } from "./xml-elements";

const EXPECTED =
  "expected DiskSpd's -Rxml output: a <Results> document with <Profile><TimeSpans><TimeSpan><Targets> and result <TimeSpan> elements";

/** The test a profile target runs, from BlockSize, Random/StrideSize and WriteRatio, and its load. */
interface ProfileTarget {
  readonly path: string;
  readonly test: TestId;
  readonly direction: Direction;
  readonly point: LoadPoint;
}

/** DiskSpd's defaults: -o2 (outstanding I/Os per thread), -t1 (threads per target). */
const DISKSPD_DEFAULT_LOAD: LoadPoint = { iodepth: 2, numjobs: 1 };

/** Per-path totals of a result TimeSpan's Thread/Target elements. */
interface TargetTotals {
  bytes: Record<Direction, number>;
  count: Record<Direction, number>;
  latencyParts: Record<Direction, WeightedFigures["weight"][]>;
  latencyValues: Record<Direction, number[]>;
}

function profileTargets(profileTimeSpan: XmlElement, where: string, warnings: string[]): ProfileTarget[] {
  const targets: ProfileTarget[] = [];
  for (const target of childrenNamed(childAt(profileTimeSpan, "Targets") ?? profileTimeSpan, "Target")) {
    const path = childAt(target, "Path")?.text ?? "";
    const blockSize = numberAt(target, "BlockSize") ?? 64 * 1024; // DiskSpd's default block size
    const writeRatio = numberAt(target, "WriteRatio") ?? 0;
    if (writeRatio !== 0 && writeRatio !== 100) {
      warnings.push(`${where}: target ${path} mixes reads and writes (WriteRatio ${writeRatio}); skipped`);
      continue;
    }
    const direction: Direction = writeRatio === 100 ? "write" : "read";
    const pattern = childAt(target, "Random") ? "random" : "sequential";
    const test = identifyTest(direction, pattern, blockSize);
    if (test === undefined) {
      warnings.push(`${where}: target ${path} is a random ${direction} at ${describeBlockSize(blockSize)}, not a profile test; skipped`);
      continue;
    }
    const point = {
      iodepth: numberAt(target, "RequestCount") ?? DISKSPD_DEFAULT_LOAD.iodepth,
      numjobs: numberAt(target, "ThreadsPerFile") ?? DISKSPD_DEFAULT_LOAD.numjobs,
    };
    targets.push({ path, test, direction, point });
  }
  return targets;
}

function targetTotals(resultTimeSpan: XmlElement): Map<string, TargetTotals> {
  const totals = new Map<string, TargetTotals>();
  for (const thread of childrenNamed(resultTimeSpan, "Thread")) {
    for (const target of childrenNamed(thread, "Target")) {
      const path = childAt(target, "Path")?.text ?? "";
      const entry = totals.get(path) ?? {
        bytes: { read: 0, write: 0 },
        count: { read: 0, write: 0 },
        latencyParts: { read: [], write: [] },
        latencyValues: { read: [], write: [] },
      };
      entry.bytes.read += numberAt(target, "ReadBytes") ?? 0;
      entry.bytes.write += numberAt(target, "WriteBytes") ?? 0;
      const readCount = numberAt(target, "ReadCount") ?? 0;
      const writeCount = numberAt(target, "WriteCount") ?? 0;
      entry.count.read += readCount;
      entry.count.write += writeCount;
      const readLatency = numberAt(target, "AverageReadLatencyMilliseconds");
      const writeLatency = numberAt(target, "AverageWriteLatencyMilliseconds");
      if (readLatency !== undefined) {
        entry.latencyValues.read.push(readLatency);
        entry.latencyParts.read.push(readCount);
      }
      if (writeLatency !== undefined) {
        entry.latencyValues.write.push(writeLatency);
        entry.latencyParts.write.push(writeCount);
      }
      totals.set(path, entry);
    }
  }
  return totals;
}

function weightedMean(values: readonly number[], weights: readonly number[]): number | undefined {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (values.length === 0 || total === 0) return undefined;
  return values.reduce((sum, value, index) => sum + value * (weights[index] ?? 0), 0) / total;
}

/** The Latency/Bucket value for a percentile and direction, in ms. */
function latencyPercentile(resultTimeSpan: XmlElement, percentile: number, direction: Direction): number | undefined {
  const latency = childAt(resultTimeSpan, "Latency");
  if (!latency) return undefined;
  const bucket = childrenNamed(latency, "Bucket").find((candidate) => numberAt(candidate, "Percentile") === percentile);
  return bucket ? numberAt(bucket, direction === "read" ? "ReadMilliseconds" : "WriteMilliseconds") : undefined;
}

function timeSpanFigures(
  profileTimeSpan: XmlElement,
  resultTimeSpan: XmlElement,
  where: string,
  warnings: string[],
): PointFigures[] {
  const figures: PointFigures[] = [];
  const error = childAt(resultTimeSpan, "Error");
  if (error) {
    warnings.push(`${where}: DiskSpd reported "${error.text}"; skipped`);
    return figures;
  }
  const seconds = numberAt(resultTimeSpan, "TestTimeSeconds");
  if (!seconds) {
    warnings.push(`${where}: no TestTimeSeconds; skipped`);
    return figures;
  }
  const targets = profileTargets(profileTimeSpan, where, warnings);
  const totals = targetTotals(resultTimeSpan);
  const tests = new Set(targets.map((target) => target.test));
  const parts = new Map<string, { test: TestId; point: LoadPoint; parts: WeightedFigures[] }>();
  for (const target of targets) {
    const total = totals.get(target.path);
    const direction = target.direction;
    if (!total || total.count[direction] === 0) {
      warnings.push(`${where}: target ${target.path} (${target.test}) did no ${direction} I/O; skipped`);
      continue;
    }
    const meanLatency =
      weightedMean(total.latencyValues[direction], total.latencyParts[direction]) ??
      numberAt(resultTimeSpan, "Latency", direction === "read" ? "AverageReadMilliseconds" : "AverageWriteMilliseconds") ??
      0;
    // Latency percentiles are per TimeSpan: they describe a test only when the TimeSpan ran one test.
    const single = tests.size === 1;
    const entry: WeightedFigures = {
      weight: total.count[direction],
      figures: {
        mbPerSecond: total.bytes[direction] / seconds / 1e6,
        iops: total.count[direction] / seconds,
        meanLatencyMs: meanLatency,
        p50LatencyMs: single ? latencyPercentile(resultTimeSpan, 50, direction) : undefined,
        p99LatencyMs: single ? latencyPercentile(resultTimeSpan, 99, direction) : undefined,
        p999LatencyMs: single ? latencyPercentile(resultTimeSpan, 99.9, direction) : undefined,
        maxLatencyMs: single ? latencyPercentile(resultTimeSpan, 100, direction) : undefined,
      },
    };
    const key = `${target.test} ${loadPointKey(target.point)}`;
    const part = parts.get(key) ?? { test: target.test, point: target.point, parts: [] };
    part.parts.push(entry);
    parts.set(key, part);
  }
  for (const { test, point, parts: testParts } of parts.values()) figures.push({ test, point, figures: combineFigures(testParts) });
  return figures;
}

/**
 * Parses DiskSpd's XML output (`diskspd -Rxml`): one or more `<Results>` documents. The test of
 * each target comes from its profile (`Profile/TimeSpans/TimeSpan/Targets/Target`: BlockSize,
 * `<Random>` for random access or `<StrideSize>` for sequential, WriteRatio 0 or 100); its figures
 * from the matching result TimeSpan (`Thread/Target` ReadBytes/ReadCount/WriteBytes/WriteCount
 * summed over threads, divided by TestTimeSeconds), latency percentiles (50, 99, 99.9) and the
 * maximum (percentile 100) from `Latency/Bucket`, and the load point from the target's
 * RequestCount (queue depth per thread) and ThreadsPerFile.
 */
export function parseDiskSpdXml(xml: string, source: string): ParsedRun {
  let roots: XmlElement[];
  try {
    roots = parseXmlElements(xml);
  } catch (error) {
    throw new ResultInputError(`${source}: not DiskSpd XML output (${(error as Error).message}); ${EXPECTED}`);
  }
  const documents = roots.filter((root) => root.name === "Results");
  if (documents.length === 0) throw new ResultInputError(`${source}: not DiskSpd XML output; ${EXPECTED}`);
  const warnings: string[] = [];
  const points: PointFigures[] = [];
  const seen = new Set<string>();
  documents.forEach((document, documentIndex) => {
    const profileTimeSpans = childrenNamed(childAt(document, "Profile", "TimeSpans") ?? document, "TimeSpan");
    const resultTimeSpans = childrenNamed(document, "TimeSpan");
    if (profileTimeSpans.length === 0 || resultTimeSpans.length === 0) {
      throw new ResultInputError(`${source}: DiskSpd document ${documentIndex + 1} has no profile or no result TimeSpan; ${EXPECTED}`);
    }
    resultTimeSpans.forEach((resultTimeSpan, index) => {
      const profileTimeSpan = profileTimeSpans[index] ?? profileTimeSpans[0] as XmlElement;
      const where = `${source}: document ${documentIndex + 1} timespan ${index + 1}`;
      for (const measured of timeSpanFigures(profileTimeSpan, resultTimeSpan, where, warnings)) {
        const key = `${measured.test} ${loadPointKey(measured.point)}`;
        if (seen.has(key)) {
          warnings.push(`${where}: ${measured.test} was already measured in this run; the first measurement is kept`);
          continue;
        }
        seen.add(key);
        points.push(measured);
      }
    });
  });
  return parsedRun(points, warnings);
}
