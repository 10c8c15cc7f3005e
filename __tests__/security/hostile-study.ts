/** A valid one-scenario study, and its errors once one line is replaced: the hostile tests' common ground. */
import { parseStudy, StudyError } from "../../study";

/** A valid one-scenario study with `overrides` replacing its lines (by key). */
export function study(overrides: Record<string, string> = {}): string {
  const lines: Record<string, string> = {
    version: "version: 1",
    name: "name: hostile",
    host: "host: { workdir: /srv/kvmbench }",
    devices: "devices: { ssd: /dev/disk/by-id/ata-SSD }",
    storage: "storage: { fs: { kind: image, format: qcow2, size: 1GiB, filesystem: { type: xfs, device: ssd } } }",
    guest: "guest: { os: linux, image: https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2 }",
    benchmark: "benchmark: { profile: quick, size: 32MiB }",
    baseline: "baseline: { device: ssd }",
    matrix: "matrix: { storage: [fs], cache: [none], bus: [virtio] }",
    ...overrides,
  };
  return Object.values(lines).join("\n") + "\n";
}

/** Every error of a study that must be refused. */
export function errorsOf(text: string): StudyError[] {
  const result = parseStudy(text, "hostile.yaml");
  expect(result.plan).toBeUndefined();
  return [...result.errors];
}

/** The one error at `path`, with its position. */
export function errorAt(text: string, path: string): StudyError {
  const found = errorsOf(text).filter((e) => e.path === path);
  expect(found).toHaveLength(1);
  expect(found[0].line).toBeGreaterThan(0);
  expect(found[0].column).toBeGreaterThan(0);
  return found[0];
}
