/**
 * The tests of the `hdtune` profile (after the seed's HD Tune Pro runs): random read and write
 * at 512 B, 4 KiB, 64 KiB and 1 MiB, and sequential read and write.
 */

/** Whether a test reads or writes. */
export type Direction = "read" | "write";

/** Whether a test walks the disk in order or jumps around. */
export type AccessPattern = "random" | "sequential";

/** Block sizes of the random tests, in bytes. */
export const RANDOM_BLOCK_SIZES = [512, 4096, 65536, 1048576] as const;

/** Every test the report knows, in report order. */
export const TEST_IDS = [
  "seq-read",
  "seq-write",
  "rand-read-4k",
  "rand-write-4k",
  "rand-read-512",
  "rand-write-512",
  "rand-read-64k",
  "rand-write-64k",
  "rand-read-1m",
  "rand-write-1m",
] as const;

/** Identifier of one test, e.g. `rand-read-4k`. */
export type TestId = (typeof TEST_IDS)[number];

/** What a test does. */
export interface TestDefinition {
  readonly id: TestId;
  readonly direction: Direction;
  readonly pattern: AccessPattern;
  /** Block size for random tests; sequential tests accept any block size. */
  readonly blockSizeBytes?: number;
  /** Human-readable name, e.g. "Random read 4 KiB". */
  readonly label: string;
}

const SIZE_SUFFIX: Readonly<Record<number, string>> = {
  512: "512",
  4096: "4k",
  65536: "64k",
  1048576: "1m",
};

const SIZE_LABEL: Readonly<Record<number, string>> = {
  512: "512 B",
  4096: "4 KiB",
  65536: "64 KiB",
  1048576: "1 MiB",
};

/** The definition of a test. */
export function testDefinition(id: TestId): TestDefinition {
  const [kind, direction, size] = id.split("-") as [string, Direction, string | undefined];
  const verb = direction === "read" ? "read" : "write";
  if (kind === "seq") {
    return { id, direction, pattern: "sequential", label: `Sequential ${verb}` };
  }
  const blockSizeBytes = RANDOM_BLOCK_SIZES.find((bytes) => SIZE_SUFFIX[bytes] === size);
  if (blockSizeBytes === undefined) throw new Error(`unknown test id ${id}`);
  return { id, direction, pattern: "random", blockSizeBytes, label: `Random ${verb} ${SIZE_LABEL[blockSizeBytes]}` };
}

/** Human-readable name of a test, e.g. "Random read 4 KiB". */
export function testLabel(id: TestId): string {
  return testDefinition(id).label;
}

/**
 * The test that an I/O pattern measures, or undefined when it is none of the profile's tests
 * (a random test at another block size).
 */
export function identifyTest(direction: Direction, pattern: AccessPattern, blockSizeBytes: number): TestId | undefined {
  if (pattern === "sequential") return direction === "read" ? "seq-read" : "seq-write";
  const suffix = SIZE_SUFFIX[blockSizeBytes];
  if (suffix === undefined) return undefined;
  return `rand-${direction}-${suffix}` as TestId;
}

/** Describes a block size for messages, e.g. "4 KiB" or "8192 B". */
export function describeBlockSize(bytes: number): string {
  return SIZE_LABEL[bytes] ?? `${bytes} B`;
}
