/**
 * The classes of issue 20 ("untrusted studies, round 2"): each is refused by `kvmbench validate`
 * with `file:line:column: key.path: ...; expected ...`, in seconds, never with a crash.
 */
import { formatError, parseStudy } from "../../study";
import { errorAt, errorsOf, study } from "./hostile-study";

const IMAGE = "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2";

describe("names of Object's own members are options like any other", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])("fio option %s", (option) => {
    const error = errorAt(study({ benchmark: `benchmark: { profile: quick, size: 32MiB, fio: { ${option}: 1 } }` }), `benchmark.fio.${option}`);
    expect(error.message).toMatch(/is not (a fio option name|one kvmbench passes)/);
  });

  it.each(["constructor", "toString", "__proto__", "constructor=1"])("mount option %s", (option) => {
    const text = study({ storage: `storage: { fs: { kind: image, format: qcow2, size: 1GiB, filesystem: { type: xfs, device: ssd, mountOptions: ["${option}"] } } }` });
    expect(errorAt(text, "storage.fs.filesystem.mountOptions[0]").message).toMatch(/is not an allowed xfs mount option/);
  });

  it.each([
    ['["constructor"]', "mkfsOptions[0]", /is not an allowed mkfs.ext4 option/],
    ['["-E", "constructor"]', "mkfsOptions[1]", /-E sub-option "constructor" is not allowed/],
    ['["-E", "__proto__=1"]', "mkfsOptions[1]", /-E sub-option "__proto__" is not allowed/],
  ])("mkfs options %s", (options, at, message) => {
    const text = study({ storage: `storage: { fs: { kind: image, format: qcow2, size: 1GiB, filesystem: { type: ext4, device: ssd, mkfsOptions: ${options} } } }` });
    expect(errorAt(text, `storage.fs.filesystem.${at}`).message).toMatch(message);
  });

  it("a device named constructor is that device, not Object's constructor", () => {
    const result = parseStudy(study({ devices: "devices: { constructor: /dev/disk/by-id/ata-SSD }", storage: "storage: { fs: { kind: block, device: constructor } }", baseline: "baseline: { device: constructor }" }), "hostile.yaml");
    expect(result.errors).toEqual([]);
    expect(result.plan?.scenarios[0].facts.hostDevices).toEqual(["/dev/disk/by-id/ata-SSD"]);
    expect(result.plan?.baseline?.devicePath).toBe("/dev/disk/by-id/ata-SSD");
  });
});

describe("YAML merge keys are refused by name", () => {
  it.each([
    ["YAML 1.2 (a plain << key)", ""],
    ["YAML 1.1 (<< resolves to a merge)", "%YAML 1.1\n---\n"],
  ])("%s", (_what, header) => {
    const text = header + study({ guest: `guest: { os: linux, image: ${IMAGE}, <<: { vcpus: 4 } }`, devices: "devices: { ssd: /dev/disk/by-id/ata-SSD, <<: { x: /dev/sdc } }" });
    const errors = errorsOf(text).map(formatError);
    expect(errors).toEqual([
      expect.stringMatching(/^hostile\.yaml:\d+:\d+: devices: a YAML merge key \("<<"\) is not read; expected the keys written out/),
      expect.stringMatching(/^hostile\.yaml:\d+:\d+: guest: a YAML merge key \("<<"\) is not read; expected the keys written out/),
    ]);
    expect(errors.join("\n")).not.toContain("Symbol");
  });
});

describe("errors cut long values", () => {
  it("a huge value is shown by its first 80 characters and an ellipsis", () => {
    const huge = `net-${"x".repeat(5000)}`;
    const { message } = errorAt(study({ guest: `guest: { os: linux, image: ${IMAGE}, network: "${huge}" }` }), "guest.network");
    expect(message).toContain(`"${huge.slice(0, 80)}\u2026"`);
    expect(message.length).toBeLessThan(300);
  });

  it("a huge unknown key is cut in the key path and the message", () => {
    const key = "k".repeat(3000);
    const [error] = errorsOf(study({ guest: `guest: { os: linux, image: ${IMAGE}, ${key}: 1 }` }));
    expect(error.path).toBe(`guest.${"k".repeat(74)}\u2026`);
    expect(formatError(error).length).toBeLessThan(600);
  });
});
