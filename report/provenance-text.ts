import type { StudyProvenance } from "../results/provenance";

function values(label: string, list: readonly string[]): string {
  return list.length === 0 ? `${label} unknown` : `${label} ${list.join(", ")}`;
}

/**
 * One line saying what measured the figures: "kvmbench 0.1.0 · fio-3.33 · QEMU 7.2.11 · host kvm1 ·
 * 2026-11-24 · KVM". Unknown parts say so; a study that mixes versions or hosts lists them all.
 */
export function provenanceLine(provenance: StudyProvenance): string {
  const dates = provenance.from === undefined ? "date unknown" : provenance.to === undefined || provenance.to === provenance.from ? provenance.from : `${provenance.from} to ${provenance.to}`;
  return [
    values("kvmbench", provenance.kvmbench),
    provenance.tools.length === 0 ? "benchmark tool unknown" : provenance.tools.join(", "),
    values("QEMU", provenance.qemu),
    values("host", provenance.hosts),
    dates,
    provenance.accelerators.map((accelerator) => accelerator.toUpperCase()).join(", "),
  ].join(" · ");
}
