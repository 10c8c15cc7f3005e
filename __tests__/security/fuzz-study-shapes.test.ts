/**
 * Issue 20's resource blow-ups, fuzzed: studies of generated shapes (how many hosts, devices,
 * storages, matrix values, explicit scenarios, aliases of large anchors, names of every length)
 * with values drawn from hostile fragments. For each, `kvmbench validate`'s reader never crashes,
 * answers within a few seconds however large the study is made to expand, and either accepts it or
 * refuses it with positioned errors whose values are cut.
 *
 * Seeded like fuzz-study-values (KVMBENCH_FUZZ_SEED to try another seed).
 */
import { formatError, MAX_STUDY_BYTES } from "../../study";
import { generator, hostileFragments, Strings } from "./fuzz-strings";
import { validateInTime } from "./validate-in-time";

const SEED = Number(process.env.KVMBENCH_FUZZ_SEED ?? 20261130);
const STUDIES = 40;
const MAX_VALIDATE_MS = 5000;
const CACHES = ["none", "writethrough", "writeback", "directsync", "unsafe"];
const BUSES = ["virtio", "sata", "virtio-scsi", "ide"];

function shapedStudy(s: Strings): string {
  const name = (prefix: string, i: number) => (s.count(0, 9) === 0 ? JSON.stringify(s.next()) : `${prefix}${i}`);
  const devices = Array.from({ length: s.count(1, 40) }, (_, i) => `${name("d", i)}: /dev/disk/by-id/ata-${i}`);
  const storages = Array.from({ length: s.count(1, 300) }, (_, i) => `${name("s", i)}: { kind: block, device: d${s.count(0, devices.length - 1)} }`);
  const hosts = Array.from({ length: s.count(0, 2) === 0 ? s.count(1, 400) : s.count(1, 4) }, (_, i) => `{ name: ${name("h", i)}, workdir: /srv/kvmbench }`);
  const subset = (values: readonly string[]) => values.slice(0, s.count(1, values.length));
  const matrixStorage = Array.from({ length: s.count(1, storages.length) }, (_, i) => `s${i}`);
  const explicit = Array.from({ length: s.count(0, 3) === 0 ? s.count(0, 3000) : s.count(0, 5) }, (_, i) => `{ storage: s${i % storages.length}, cache: none, bus: virtio, name: e${i} }`);
  const anchor = s.count(0, 4) === 0 ? `&big { kind: block, device: d0, wipe: ${JSON.stringify(s.next())} }` : "{ kind: block, device: d0 }";
  const aliases = anchor.startsWith("&") ? Array.from({ length: s.count(0, 2000) }, (_, i) => `a${i}: *big`) : [];
  return [
    "version: 1",
    `name: ${s.count(0, 4) === 0 ? JSON.stringify(s.next()) : "shapes"}`,
    `hosts: [${hosts.join(", ")}]`,
    `devices: { ${devices.join(", ")} }`,
    `storage: { big: ${anchor}, ${[...storages, ...aliases].join(", ")} }`,
    "guest: { os: linux, image: https://example.org/guest.qcow2 }",
    `benchmark: { profile: ${s.pick(["quick", "hdtune"])}, size: 32MiB, repeats: ${s.count(1, 120)}, fio: { ${s.pick(["loops", "ramp_time", "iodepth"])}: ${JSON.stringify(s.next(["1", "2", "5s", "10"]))} } }`,
    `matrix: { storage: [${matrixStorage.join(", ")}], cache: [${subset(CACHES).join(", ")}], bus: [${subset(BUSES).join(", ")}], io: [native, threads, io_uring] }`,
    `scenarios: [${explicit.join(", ")}]`,
    "",
  ].join("\n");
}

it(`validate answers every generated shape in seconds, never crashes, positions every error (seed ${SEED})`, () => {
  const strings = new Strings(generator(SEED), hostileFragments("/nonexistent/canary"));
  for (let i = 0; i < STUDIES; i++) {
    const text = shapedStudy(strings);
    const what = `study ${i} (${text.length} bytes)`;
    const result = validateInTime(text, "shapes.yaml", what, MAX_VALIDATE_MS);
    if (Buffer.byteLength(text) > MAX_STUDY_BYTES) expect(result.errors[0].message).toContain("more than kvmbench reads");
    for (const error of result.errors) {
      const line = formatError(error);
      expect(line).toMatch(/^shapes\.yaml:\d+:\d+: /);
      expect(line.length).toBeLessThan(3000);
    }
    if (result.plan) expect(result.errors).toEqual([]);
    else expect(result.errors.length).toBeGreaterThan(0);
  }
});
