import { formatError, formatErrors, loadStudy, parseStudy } from "../../study";
import type { StudyError } from "../../study";
import { fixturePath, minimalStudy } from "./support";

const at = (e: StudyError) => [e.line, e.column, e.path];

describe("a broken study file", () => {
  const file = fixturePath("broken.yaml");
  const result = loadStudy(file);

  it("yields no study and no scenarios", () => {
    expect(result.study).toBeUndefined();
    expect(result.plan).toBeUndefined();
  });

  it("yields ALL its errors, in file order, with line, column and key path", () => {
    expect(result.errors.map(at)).toEqual([
      [1, 10, "version"],
      [2, 7, "name"],
      [5, 19, "host.openZfsVersion"],
      [6, 12, "host.workdir"],
      [9, 8, "devices.hdd"],
      [11, 33, "storage.raw.device"],
      [12, 42, "storage.lvm.size"],
      [13, 56, "storage.zvol.pool.ashift"],
      [13, 68, "storage.zvol.size"],
      [13, 89, "storage.zvol.volblocksize"],
      [14, 33, "storage.img.format"],
      [14, 73, "storage.img.filesystem.type"],
      [15, 46, "storage.ds.size"],
      [15, 87, "storage.ds.dataset.pool.compresion"],
      [16, 18, "storage.tape.kind"],
      [20, 10, "guest.vcpus"],
      [22, 3, "guest.machin"],
      [24, 12, "benchmark.profile"],
      [26, 12, "benchmark.repeats"],
      [27, 21, "baseline.device"],
      [29, 23, "matrix.storage[2]"],
      [30, 28, "matrix.cache[2]"],
      [31, 17, "matrix.bus[1]"],
      [32, 1, "extra"],
    ]);
  });

  it("says what is wrong and what is expected for each", () => {
    const byPath = new Map(result.errors.map((e) => [e.path, e]));
    const expectError = (path: string, message: string, expected: string) => expect(byPath.get(path)).toMatchObject({ message, expected });
    expectError("version", "2 is out of range", "1 (the only study format version)");
    expectError("host.openZfsVersion", "wrong type: got the number 2.3", expect.stringContaining('a quoted version string such as "2.3"'));
    expectError("host.workdir", 'workdir "var/lib/kvmbench" is not an absolute path', expect.stringContaining("an absolute, normalised path"));
    expectError("devices.hdd", '"sdb" is not under /dev/', expect.stringContaining("a block device under /dev"));
    expectError("storage.raw.device", 'undefined device "sdd" (did you mean "ssd"?)', 'a defined device: "ssd" or "hdd"');
    expectError("storage.lvm.size", "wrong type: got the number 100 (a size needs a unit)", expect.stringContaining('a size such as "100GiB"'));
    expectError("storage.zvol.pool.ashift", "20 is out of range", "a whole number from 9 to 16");
    expectError("storage.zvol.volblocksize", "3K is not allowed here", "a power of two from 512B to 128KiB");
    expectError("storage.img.format", 'invalid value "qcow3" (did you mean "qcow2"?)', 'one of "qcow2" or "raw"');
    expectError("storage.img.filesystem.type", 'invalid value "btrfs"', 'one of "ext4" or "xfs"');
    expectError(
      "storage.ds.size",
      'malformed size: "10GB" has an unknown unit "GB" (SI units are not accepted; write GiB for binary); use B, K/KiB, M/MiB, G/GiB, T/TiB or P/PiB',
      expect.stringContaining('a size such as "100GiB"'),
    );
    expectError("storage.ds.dataset.pool.compresion", 'unknown key "compresion" (did you mean "compression"?)', expect.stringContaining('"compression"'));
    expectError("storage.tape.kind", 'invalid value "tape"', 'one of "block", "lvm", "zvol", "image" or "file"');
    expectError("guest.vcpus", 'wrong type: got the string "two"', "a whole number from 1 to 256");
    expectError("guest.machin", 'unknown key "machin" (did you mean "machine"?)', expect.stringContaining('"machine"'));
    expectError("benchmark.profile", 'invalid value "crystal"', 'one of "hdtune" or "quick"');
    expectError("baseline.device", 'undefined device "nvme"', 'a defined device: "ssd" or "hdd"');
    expectError("matrix.storage[2]", 'undefined storage "missing"', 'a defined storage: "raw", "lvm", "zvol", "img", "ds" or "tape"');
    expectError("matrix.cache[2]", 'invalid value "fast"', 'one of "none", "writethrough", "writeback", "directsync" or "unsafe"');
    expectError("matrix.bus[1]", 'invalid value "scsi"', 'one of "virtio", "virtio-scsi", "sata" or "ide"');
    expectError("extra", 'unknown key "extra"', expect.stringContaining('"version"'));
  });

  it("formats each error as file:line:column: key.path: what is wrong; expected ...", () => {
    const ashift = result.errors.find((e) => e.path === "storage.zvol.pool.ashift")!;
    expect(formatError(ashift)).toBe(`${file}:13:56: storage.zvol.pool.ashift: 20 is out of range; expected a whole number from 9 to 16`);
    expect(formatErrors(result.errors).split("\n")).toHaveLength(result.errors.length);
  });
});

describe("error details", () => {
  const errorsOf = (text: string) => parseStudy(text, "t.yaml").errors;

  it("reports a missing required key at its mapping", () => {
    const errors = errorsOf(minimalStudy("matrix: { storage: [raw], cache: [none] }"));
    expect(errors).toEqual([
      { file: "t.yaml", line: 9, column: 9, path: "matrix.bus", message: 'required key "bus" is missing', expected: '"bus" in matrix' },
    ]);
  });

  it("reports a wrong type for a section", () => {
    const errors = errorsOf(minimalStudy("matrix: [raw]"));
    expect(errors).toMatchObject([{ line: 9, column: 9, path: "matrix", message: "wrong type: got a list", expected: expect.stringContaining("a matrix mapping") }]);
  });

  it("suggests the closest key for a misspelt one, and none for a far one", () => {
    expect(errorsOf(minimalStudy("matrx: { storage: [raw], cache: [none], bus: [virtio] }"))).toMatchObject([
      { line: 1, column: 1, path: "matrix", message: "the study has neither a matrix nor scenarios" },
      { line: 9, column: 1, path: "matrx", message: 'unknown key "matrx" (did you mean "matrix"?)' },
    ]);
    expect(errorsOf(minimalStudy("matrix: { storage: [raw], cache: [none], bus: [virtio], zzzzzz: 1 }"))[0].message).toBe('unknown key "zzzzzz"');
  });

  it("reports undefined device and storage names with suggestions", () => {
    const text = minimalStudy(`baseline: { device: sdd }
scenarios:
  - { storage: rwa, cache: none, bus: virtio }`).replace("{ kind: block, device: ssd }", "{ kind: block, device: nvme0 }");
    expect(errorsOf(text)).toMatchObject([
      { line: 6, column: 31, path: "storage.raw.device", message: 'undefined device "nvme0"', expected: 'a defined device: "ssd"' },
      { line: 9, column: 21, path: "baseline.device", message: 'undefined device "sdd" (did you mean "ssd"?)' },
      { line: 11, column: 16, path: "scenarios[0].storage", message: 'undefined storage "rwa" (did you mean "raw"?)', expected: 'a defined storage: "raw"' },
    ]);
  });

  it.each([
    ["100", "wrong type: got the number 100 (a size needs a unit)"],
    ["100G B", 'malformed size: "100G B" is not a size; write e.g. 100GiB, 16K or 512'],
    ["100XB", 'malformed size: "100XB" has an unknown unit "XB"; use B, K/KiB, M/MiB, G/GiB, T/TiB or P/PiB'],
    ["5GB", expect.stringContaining('malformed size: "5GB" has an unknown unit "GB" (SI units are not accepted')],
    ["GiB", 'malformed size: "GiB" is not a size; write e.g. 100GiB, 16K or 512'],
    ["0GiB", 'malformed size: "0GiB" is zero'],
    ["-5GiB", 'malformed size: "-5GiB" is not a size; write e.g. 100GiB, 16K or 512'],
    ["1.3B", 'malformed size: "1.3B" is not a whole number of bytes'],
    ["[1]", "wrong type: got a list"],
  ])("rejects the size %s", (size, message) => {
    const text = minimalStudy("scenarios: [{ storage: raw, cache: none, bus: virtio }]").replace("size: 1GiB", `size: ${size}`);
    expect(errorsOf(text)).toMatchObject([{ line: 8, column: 36, path: "benchmark.size", message, expected: expect.stringContaining('a size such as "100GiB"') }]);
  });

  it("reports YAML syntax errors with their position", () => {
    const errors = errorsOf("version: 1\nname: a\nguest: { os: linux\n");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ file: "t.yaml", line: 4, column: 1, path: "", message: expect.stringContaining("YAML syntax"), expected: "well-formed YAML" });
  });

  it("reports duplicate keys", () => {
    const errors = errorsOf(minimalStudy("name: again\nscenarios: [{ storage: raw, cache: none, bus: virtio }]"));
    expect(errors).toMatchObject([{ line: 9, column: 1, path: "name", message: 'key "name" is given twice' }]);
  });

  it("reports an empty study", () => {
    expect(errorsOf("")).toMatchObject([{ line: 1, column: 1, message: "the study is empty" }]);
  });

  it("rejects host and hosts together, and a remote uri without ssh", () => {
    const both = errorsOf(minimalStudy("host: {}\nhosts: [{ name: a }]\nscenarios: [{ storage: raw, cache: none, bus: virtio }]"));
    expect(both).toMatchObject([{ line: 10, column: 1, path: "hosts", message: 'both "host" and "hosts" are given' }]);
    const remote = errorsOf(minimalStudy("host: { uri: qemu+ssh://root@kvm1/system }\nscenarios: [{ storage: raw, cache: none, bus: virtio }]"));
    expect(remote).toMatchObject([{ line: 9, column: 14, path: "host.uri", message: expect.stringContaining("names the remote host kvm1 but no ssh settings are given") }]);
  });

  it("reports a file that cannot be read", () => {
    const result = loadStudy(fixturePath("does-not-exist.yaml"));
    expect(result.errors).toMatchObject([{ line: 1, column: 1, message: expect.stringContaining("cannot read the study file") }]);
  });
});
