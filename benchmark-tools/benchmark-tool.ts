/**
 * A benchmark tool: what runs in the guest and measures its disk (fio, DiskSpd). Each tool is one
 * module that makes the guest's first-boot configuration (installing the tool unless the image
 * carries it, its job or command lines from the profile, the runner that finds the disk by serial
 * and reports on the results port), turns the frames it reports into the result file's runs, and
 * parses them into figures. The study chooses the tool (`benchmark.tool`); the guest's OS gives
 * the default. benchmark-tools/registry.ts lists them.
 */
import type { ResolvedBenchmark } from "../domain/profiles";
import type { ParsedRun } from "../results/figures";
import type { BenchmarkRun } from "../results/result-file";
import type { GuestSpec } from "../study/model";

/** What a tool's guest configuration needs. */
export interface GuestRunOptions {
  readonly benchmark: ResolvedBenchmark;
  /** The serial the disk under test carries: the runner finds the disk by it. */
  readonly diskSerial: string;
  /** The results serial port, as the guest's OS names it (/dev/ttyS1, COM2). */
  readonly port: string;
  /** Install the tool at first boot (needs the guest's network); false when the image carries it. */
  readonly install: boolean;
  /** The study's guest (where a Windows guest gets DiskSpd, say). */
  readonly guest: GuestSpec;
}

export interface BenchmarkTool {
  /** The study's `benchmark.tool` value, and the `tool` of the result file's runs. */
  readonly name: BenchmarkRun["tool"];
  /** The guest OS it runs on; the first tool of an OS in the registry is that OS's default. */
  readonly os: GuestSpec["os"];
  /** The guest's first-boot configuration (cloud-init or cloudbase-init user-data). */
  userData(options: GuestRunOptions): string;
  /**
   * A run frame as the result file keeps it: `repeat`, and `test` for a tool that runs one test
   * per invocation. @throws when the payload is not the tool's output
   */
  runOf(repeat: number, test: string | undefined, payload: string, source: string): BenchmarkRun;
  /** The figures of one run, by test. */
  parse(run: BenchmarkRun, source: string): ParsedRun;
}
