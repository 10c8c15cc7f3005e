import { BUSES, CACHE_MODES, IO_MODES, type IoMode } from "../../domain/disk-settings";
import { parseScenarioName, scenarioName } from "../../domain/scenario-names";
import { settingsFromName } from "../../results/scenario-settings";

describe("scenario names, both ways", () => {
  const storages = ["raw", "xfs-qcow2", "zvol-ext4-qcow2", "a_b-c", "none", "my-none-disk", "disk-virtio", "s-none-virtio-native"];

  it("decodes every name the study encodes into the settings it was made of", () => {
    for (const storage of storages) {
      for (const cache of CACHE_MODES) {
        for (const bus of BUSES) {
          for (const io of [undefined, ...IO_MODES] as (IoMode | undefined)[]) {
            const name = scenarioName(storage, cache, bus, io);
            expect({ name, parts: parseScenarioName(name) }).toEqual({ name, parts: { storage, cache, bus, ...(io ? { io } : {}) } });
          }
        }
      }
    }
  });

  it("reads virtio-scsi as one bus, with or without an io mode", () => {
    expect(parseScenarioName("zvol-ext4-qcow2-writeback-virtio-scsi-io_uring")).toEqual({ storage: "zvol-ext4-qcow2", cache: "writeback", bus: "virtio-scsi", io: "io_uring" });
    expect(parseScenarioName("raw-none-virtio-scsi")).toEqual({ storage: "raw", cache: "none", bus: "virtio-scsi" });
  });

  it("decodes nothing from names of another shape, or with a bus or io mode kvmbench does not have", () => {
    for (const name of ["my-test", "baseline", "none-virtio", "raw-none", "raw-none-usb", "raw-none-scsi", "raw-none-virtio-aio", "raw-fast-virtio"]) {
      expect({ name, parts: parseScenarioName(name) }).toEqual({ name, parts: undefined });
      expect(settingsFromName(name)).toEqual({});
    }
  });
});
