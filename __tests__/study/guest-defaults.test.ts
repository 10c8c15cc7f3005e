import { parseStudy } from "../../study";
import { minimalStudy } from "./support";

const MATRIX = "matrix: { storage: [raw], cache: [none], bus: [virtio] }\n";

describe("guest defaults", () => {
  it("gives a guest without vcpus and memory the Guest construct's defaults: 2 vCPUs, 2GiB", () => {
    const text = minimalStudy(MATRIX).replace("vcpus: 1, memory: 1GiB", "");
    const { study, errors } = parseStudy(text.replace("d.qcow2, }", "d.qcow2 }"), "mini.yaml");
    expect(errors).toEqual([]);
    expect(study?.guest).toMatchObject({ vcpus: 2, memory: { text: "2GiB", bytes: 2 * 1024 ** 3 } });
  });

  it("still refuses a memory size too small to boot", () => {
    const { errors } = parseStudy(minimalStudy(MATRIX).replace("memory: 1GiB", "memory: 128MiB"), "mini.yaml");
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual(["guest.memory: 128MiB is too little to boot a guest"]);
  });
});
