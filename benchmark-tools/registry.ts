/** Every benchmark tool kvmbench runs in a guest, one module each (see benchmark-tool.ts). */
import type { ToolName } from "../results/result-file";
import type { GuestOs } from "../study/model";
import type { BenchmarkTool } from "./benchmark-tool";
import { diskspd } from "./diskspd";
import { fio } from "./fio";

export const BENCHMARK_TOOLS: readonly BenchmarkTool[] = [fio, diskspd];

/** A tool's name (`benchmark.tool`, and a result file run's `tool`). */
export type { ToolName };

export const TOOL_NAMES: readonly ToolName[] = BENCHMARK_TOOLS.map((tool) => tool.name);

/** The tool of that name, or undefined. */
export function toolNamed(name: string): BenchmarkTool | undefined {
  return BENCHMARK_TOOLS.find((tool) => tool.name === name);
}

/** The tool a guest of this OS runs when the study names none. */
export function defaultTool(os: GuestOs): BenchmarkTool {
  const tool = BENCHMARK_TOOLS.find((candidate) => candidate.os === os);
  if (!tool) throw new Error(`no benchmark tool runs on ${os} guests (benchmark-tools/registry.ts)`);
  return tool;
}

/** The tool a study's scenarios run: its `benchmark.tool`, else its guest OS's default. */
export function studyTool(guest: { readonly os: GuestOs }, benchmark: { readonly tool?: ToolName }): BenchmarkTool {
  return (benchmark.tool !== undefined ? toolNamed(benchmark.tool) : undefined) ?? defaultTool(guest.os);
}
