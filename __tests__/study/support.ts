import * as path from "node:path";
import { readFileSync } from "node:fs";

export const SEED_PATH = path.join(__dirname, "..", "..", "scenarios", "seed.yaml");
export const FIXTURES = path.join(__dirname, "..", "fixtures", "studies");

export function fixturePath(name: string): string {
  return path.join(FIXTURES, name);
}

export function seedText(): string {
  return readFileSync(SEED_PATH, "utf8");
}

/** A minimal valid study; `extra` is appended (YAML text at top level). */
export function minimalStudy(extra = ""): string {
  return `version: 1
name: mini
devices:
  ssd: /dev/disk/by-id/ata-TEST_SSD
storage:
  raw: { kind: block, device: ssd }
guest: { os: linux, image: https://example.com/d.qcow2, vcpus: 1, memory: 1GiB }
benchmark: { profile: quick, size: 1GiB }
${extra}`;
}
