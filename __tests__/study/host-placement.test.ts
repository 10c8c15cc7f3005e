/**
 * `hosts:` on the matrix and on a scenario (the hosts its scenarios may run on), and devices that
 * only some hosts have (`~` under `devices:`, a path in those hosts' `devices:`).
 */
import { expandStudy, formatErrors, parseStudy, type Study } from "../../study";

/** Two test hosts; `hdd` is only on kvm2. Lines: devices at 3, storage at 6, hosts at 9, `placement` (after any baseline) from 14. */
function study(placement: string, options: { hdd?: string; kvm2Devices?: string; baseline?: string } = {}): string {
  return `version: 1
name: placed
devices:
  ssd: /dev/disk/by-id/ata-TEST_SSD
  hdd: ${options.hdd ?? "~"}
storage:
  raw: { kind: block, device: ssd }
  spinning: { kind: block, device: hdd }
hosts:
  - { name: kvm1, workdir: /srv/kvm1 }
  - { name: kvm2, workdir: /srv/kvm2, devices: ${options.kvm2Devices ?? "{ hdd: /dev/disk/by-id/ata-TEST_HDD }"} }
guest: { os: linux, image: https://example.com/d.qcow2, vcpus: 1, memory: 1GiB }
benchmark: { profile: quick, size: 1GiB }
${options.baseline ?? ""}${placement}
`;
}

function plan(text: string) {
  const result = parseStudy(text, "t.yaml");
  if (!result.plan) throw new Error(formatErrors(result.errors));
  return result.plan;
}

const hostsOf = (text: string): [string, string[]][] => plan(text).scenarios.map((s) => [s.name, s.placements.map((p) => p.host.name)]);

describe("hosts: on a scenario and on the matrix", () => {
  it("keeps a scenario to the hosts it names; without it, every host that has its devices", () => {
    const text = study(`scenarios:
  - { storage: raw, cache: none, bus: virtio, hosts: [kvm2] }
  - { storage: raw, cache: writeback, bus: virtio }
  - { storage: spinning, cache: none, bus: virtio }`);
    expect(hostsOf(text)).toEqual([
      ["raw-none-virtio", ["kvm2"]],
      ["raw-writeback-virtio", ["kvm1", "kvm2"]],
      ["spinning-none-virtio", ["kvm2"]],
    ]);
    expect(parseStudy(text, "t.yaml").study!.scenarios.map((s) => s.hosts)).toEqual([["kvm2"], undefined, undefined]);
  });

  it("keeps every scenario of the matrix to the hosts it names, which are not an axis: one stack each, named as before", () => {
    const result = plan(study("matrix: { storage: [raw], cache: [none, writeback], bus: [virtio], hosts: [kvm2] }"));
    expect(result.study.matrix!.hosts).toEqual(["kvm2"]);
    expect(result.scenarios.map((s) => [s.name, s.host.name, s.placements.map((p) => p.host.name)])).toEqual([
      ["raw-none-virtio", "kvm2", ["kvm2"]],
      ["raw-writeback-virtio", "kvm2", ["kvm2"]],
    ]);
  });

  it("places on the named hosts in study order, the first of them being the scenario's host", () => {
    const [scenario] = plan(study("scenarios: [{ storage: raw, cache: none, bus: virtio, hosts: [kvm2, kvm1] }]")).scenarios;
    expect(scenario.placements.map((p) => p.host.name)).toEqual(["kvm1", "kvm2"]);
    expect(scenario.host.name).toBe("kvm1");
  });

  it("leaves a named host out where the rules forbid the scenario, and excludes a combination none of its hosts allows", () => {
    const text = (hosts: string) =>
      study(`matrix: { storage: [zfs], cache: [none], bus: [virtio], hosts: ${hosts} }`)
        .replace("  spinning: { kind: block, device: hdd }", "  spinning: { kind: block, device: hdd }\n  zfs: { kind: image, format: raw, size: 1GiB, dataset: { pool: { devices: [ssd] } } }")
        .replace("{ name: kvm1, workdir: /srv/kvm1 }", '{ name: kvm1, workdir: /srv/kvm1, openZfsVersion: "0.7" }');
    expect(hostsOf(text("[kvm1, kvm2]"))).toEqual([["zfs-none-virtio", ["kvm2"]]]);
    const onKvm1 = plan(text("[kvm1]"));
    expect(onKvm1.scenarios).toEqual([]);
    expect(onKvm1.excluded).toMatchObject([{ name: "zfs-none-virtio", reasons: [{ rule: "cache-needs-direct-io" }] }]);
  });

  it("names an undefined host at its line and column, with the closest name, the study's hosts and where they are defined", () => {
    const errors = parseStudy(
      study(`matrix: { storage: [raw], cache: [none], bus: [virtio], hosts: [kvm] }
scenarios:
  - { storage: raw, cache: writeback, bus: virtio, hosts: [kvm1, kmv2] }`),
      "t.yaml",
    ).errors;
    expect(errors).toEqual([
      { file: "t.yaml", line: 14, column: 65, path: "matrix.hosts[0]", message: 'undefined host "kvm" (did you mean "kvm1"?)', expected: 'a defined host: "kvm1" or "kvm2" (the names under hosts:)' },
      { file: "t.yaml", line: 16, column: 66, path: "scenarios[0].hosts[1]", message: 'undefined host "kmv2" (did you mean "kvm2"?)', expected: 'a defined host: "kvm1" or "kvm2" (the names under hosts:)' },
    ]);
    expect(formatErrors(errors).split("\n")[1]).toBe(
      't.yaml:16:66: scenarios[0].hosts[1]: undefined host "kmv2" (did you mean "kvm2"?); expected a defined host: "kvm1" or "kvm2" (the names under hosts:)',
    );
  });

  it("in a study of one host, knows it as \"host\" and says so", () => {
    const one = (hosts: string) => `version: 1
name: one
host: { workdir: /srv/kvm1 }
devices: { ssd: /dev/disk/by-id/ata-TEST_SSD }
storage: { raw: { kind: block, device: ssd } }
guest: { os: linux, image: https://example.com/d.qcow2, vcpus: 1, memory: 1GiB }
benchmark: { profile: quick, size: 1GiB }
scenarios: [{ storage: raw, cache: none, bus: virtio, hosts: ${hosts} }]
`;
    expect(hostsOf(one("[host]"))).toEqual([["raw-none-virtio", ["host"]]]);
    expect(parseStudy(one("[kvm1]"), "t.yaml").errors).toMatchObject([
      { line: 8, column: 63, path: "scenarios[0].hosts[0]", message: 'undefined host "kvm1"', expected: expect.stringContaining('a defined host: "host" (a study with one host: calls it "host"') },
    ]);
  });

  it("refuses an empty list, a host listed twice and a list of something else", () => {
    const errors = parseStudy(
      study(`matrix: { storage: [raw], cache: [none], bus: [virtio], hosts: [] }
scenarios:
  - { storage: raw, cache: writeback, bus: virtio, hosts: [kvm1, kvm1] }
  - { storage: raw, cache: none, bus: virtio, hosts: kvm1 }`),
      "t.yaml",
    ).errors;
    expect(errors.map((e) => [e.line, e.column, e.path, e.message])).toEqual([
      [14, 64, "matrix.hosts", "the list is empty"],
      [16, 66, "scenarios[0].hosts[1]", '"kvm1" is listed twice'],
      [17, 54, "scenarios[1].hosts", 'wrong type: got the string "kvm1"'],
    ]);
  });
});

describe("devices only some hosts have", () => {
  it("are reached only on the hosts that give their path", () => {
    const result = plan(study("matrix: { storage: [raw, spinning], cache: [none], bus: [virtio] }"));
    expect(result.scenarios.map((s) => [s.name, s.placements.map((p) => [p.host.name, p.facts.hostDevices])])).toEqual([
      ["raw-none-virtio", [["kvm1", ["/dev/disk/by-id/ata-TEST_SSD"]], ["kvm2", ["/dev/disk/by-id/ata-TEST_SSD"]]]],
      ["spinning-none-virtio", [["kvm2", ["/dev/disk/by-id/ata-TEST_HDD"]]]],
    ]);
    expect(result.study.devices).toEqual({ ssd: "/dev/disk/by-id/ata-TEST_SSD" });
  });

  it("refuse a scenario on a host without their path, at that host's name, naming the hosts that have them", () => {
    const errors = parseStudy(study("scenarios: [{ storage: spinning, cache: none, bus: virtio, hosts: [kvm1, kvm2] }]"), "t.yaml").errors;
    expect(errors).toEqual([
      {
        file: "t.yaml",
        line: 14,
        column: 68,
        path: "scenarios[0].hosts[0]",
        message: 'host "kvm1" has no path for device "hdd" of storage "spinning"',
        expected: 'a host with a path for each device of the storage ("kvm2"), or those paths under the host\'s devices:',
      },
    ]);
  });

  it("refuse a matrix storage none of the matrix's hosts has, at the storage", () => {
    const errors = parseStudy(study("matrix: { storage: [raw, spinning], cache: [none], bus: [virtio], hosts: [kvm1] }"), "t.yaml").errors;
    expect(errors).toMatchObject([{ line: 14, column: 26, path: "matrix.storage[1]", message: 'host "kvm1" has no path for device "hdd" of storage "spinning"' }]);
  });

  it("must get a path from some host", () => {
    const errors = parseStudy(study("scenarios: [{ storage: raw, cache: none, bus: virtio }]", { kvm2Devices: "{}" }), "t.yaml").errors;
    expect(errors).toMatchObject([
      { line: 5, column: 3, path: "devices.hdd", message: 'device "hdd" has no path: none here, and no host gives one', expected: expect.stringContaining("hosts[].devices") },
    ]);
  });

  it("can be the baseline's only on the first host", () => {
    const errors = parseStudy(study("scenarios: [{ storage: raw, cache: none, bus: virtio }]", { baseline: "baseline: { device: hdd }\n" }), "t.yaml").errors;
    expect(errors).toMatchObject([{ line: 14, column: 21, path: "baseline.device", message: 'device "hdd" has no path on the first host "kvm1", where the baseline runs' }]);
  });

  it("are written ~ or with nothing; a host's own device without a path is still an error", () => {
    expect(hostsOf(study("scenarios: [{ storage: spinning, cache: none, bus: virtio }]", { hdd: "" }))).toEqual([["spinning-none-virtio", ["kvm2"]]]);
    const errors = parseStudy(study("scenarios: [{ storage: raw, cache: none, bus: virtio }]", { kvm2Devices: "{ hdd: }" }), "t.yaml").errors;
    // A host with errors is not judged further: hdd is not also reported as on no host.
    expect(errors.map((e) => [e.path, e.message])).toEqual([["hosts[1].devices.hdd", "wrong type: got nothing (null)"]]);
  });
});

describe("expandStudy on a study built in code", () => {
  const base = (): Study => parseStudy(study("scenarios: [{ storage: raw, cache: none, bus: virtio }]", { baseline: "baseline: { device: ssd }\n" }), "t.yaml").study!;

  it("places nothing where a device has no path, and says so when nothing is left", () => {
    const studyOf = base();
    const broken: Study = { ...studyOf, scenarios: [{ storage: "spinning", cache: "none", bus: "virtio", hosts: ["kvm1"] }, { storage: "raw", cache: "none", bus: "virtio", hosts: ["kvm3"] }] };
    expect(expandStudy(broken).errors.map((e) => [e.path, e.message])).toEqual([
      ["scenarios[0].hosts", 'host "kvm1" has no path for device "hdd" of storage "spinning"'],
      ["scenarios[1].hosts", 'no host of the study is named "kvm3"'],
    ]);
    const placed: Study = { ...studyOf, scenarios: [{ storage: "spinning", cache: "none", bus: "virtio" }] };
    expect(expandStudy(placed).plan!.scenarios[0].placements.map((p) => p.host.name)).toEqual(["kvm2"]);
  });

  it("refuses a baseline device the first host has no path for", () => {
    const studyOf: Study = { ...base(), baseline: { device: "hdd", wipe: false } };
    expect(expandStudy(studyOf).errors).toMatchObject([{ path: "baseline.device", message: 'device "hdd" has no path on the first host "kvm1", where the baseline runs' }]);
  });
});
