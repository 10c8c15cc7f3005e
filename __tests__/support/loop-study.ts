import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "../../constructs/core/cdktf";
import { buildStudyApp } from "../../stacks/app";
import type { BenchmarkMode } from "../../study";
import type { SynthesizedJson } from "../host/support/steps";
import { synthConforming } from "./synth";

/**
 * A one-device study for tests that run steps for real: a raw-disk scenario and the baseline
 * on `device` (a loop device), the quick profile, host files under `<dir>/host` and results
 * in `<dir>/results`; `mode` is its benchmark.mode. Returns each stack's synthesized JSON by name.
 */
export function synthLoopStudy(dir: string, device: string, mode?: BenchmarkMode): (stack: string) => SynthesizedJson {
  const study = join(dir, "study.yaml");
  writeFileSync(
    study,
    [
      "version: 1",
      "name: loop-study",
      `host: { workdir: ${dir}/host }`,
      `devices: { disk: ${device} }`,
      "storage: { raw: { kind: block, device: disk } }",
      "guest: { os: linux, image: https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2 }",
      `benchmark: { profile: quick, size: 32MiB, repeats: 1${mode ? `, mode: ${mode}` : ""} }`,
      "baseline: { device: disk }",
      "matrix: { storage: [raw], cache: [none], bus: [virtio] }",
      "",
    ].join("\n"),
  );
  const { stacks } = buildStudyApp(Testing.app(), { KVMBENCH_STUDY: study, KVMBENCH_RESULTS: join(dir, "results") });
  return (name) => synthConforming(stacks.find((s) => s.node.id === name) as TerraformStack) as unknown as SynthesizedJson;
}
