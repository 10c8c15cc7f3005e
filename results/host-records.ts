/**
 * Checks of what a result file records about the host (`host`, `caches`): what the host steps
 * wrote (runner/host/host-facts.sh, drop-caches.sh), read by the collector and by the report.
 * Each problem names the field and what was expected.
 */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isBytes = (value: unknown): boolean => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

function fieldProblems(record: Record<string, unknown>, at: string, kinds: Readonly<Record<string, "string" | "bytes" | "boolean">>): string[] {
  return Object.entries(kinds).flatMap(([key, kind]) => {
    const value = record[key];
    if (value === undefined) return [];
    const ok = kind === "bytes" ? isBytes(value) : typeof value === kind;
    return ok ? [] : [`${at}.${key} must be ${kind === "bytes" ? "a whole number of bytes" : `a ${kind}`}, not ${JSON.stringify(value)}`];
  });
}

/** What is wrong with a result file's `host` (empty when nothing is). */
export function hostFactsProblems(host: unknown): string[] {
  if (!isRecord(host)) return [`host must be an object, not ${JSON.stringify(host)}`];
  const problems = fieldProblems(host, "host", { hostname: "string", kernel: "string", qemu: "string", libvirt: "string", zfs: "string", cpu: "string", memoryBytes: "bytes" });
  const dataset = host["zfsDataset"];
  if (dataset === undefined) return problems;
  if (!isRecord(dataset) || typeof dataset["name"] !== "string") return [...problems, `host.zfsDataset must be an object with a name (pool/name), not ${JSON.stringify(dataset)}`];
  problems.push(...fieldProblems(dataset, "host.zfsDataset", { direct: "string", recordsize: "bytes", volblocksize: "bytes", compression: "string", sync: "string" }));
  if (dataset["type"] !== undefined && dataset["type"] !== "filesystem" && dataset["type"] !== "volume") {
    problems.push(`host.zfsDataset.type must be "filesystem" or "volume", not ${JSON.stringify(dataset["type"])}`);
  }
  return problems;
}

/** What is wrong with a result file's `caches` (empty when nothing is). */
export function cacheRecordProblems(caches: unknown): string[] {
  if (!isRecord(caches) || typeof caches["pageCacheDropped"] !== "boolean") return [`caches must be an object with pageCacheDropped (a boolean), not ${JSON.stringify(caches)}`];
  const problems = fieldProblems(caches, "caches", { zfsArc: "string" });
  const bytes = caches["zfsArcBytes"];
  if (bytes !== undefined && (!isRecord(bytes) || !isBytes(bytes["before"]) || !isBytes(bytes["after"]))) {
    problems.push(`caches.zfsArcBytes must be { before, after } in whole bytes, not ${JSON.stringify(bytes)}`);
  }
  return problems;
}
