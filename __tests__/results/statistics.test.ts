import { summarize } from "../../results/statistics";
import { settingsFromConfiguration, settingsFromName } from "../../results/scenario-settings";

test("median, min, max, quartiles, mean, sample standard deviation and coefficient of variation", () => {
  expect(summarize([3, 1, 2])).toEqual({ count: 3, median: 2, min: 1, max: 3, q1: 1.5, q3: 2.5, mean: 2, stdev: 1, cv: 0.5 });
  expect(summarize([100])).toMatchObject({ mean: 100, stdev: 0, cv: 0 });
  expect(summarize([0, 0])).toMatchObject({ mean: 0, cv: 0 });
  // 90, 100, 110: stdev 10 around a mean of 100
  expect(summarize([110, 90, 100])?.cv).toBeCloseTo(0.1, 12);
  expect(summarize([4, 1, 3, 2])?.median).toBe(2.5);
  expect(summarize([])).toBeUndefined();
});

test("settings from stack names", () => {
  expect(settingsFromName("zvol-ext4-qcow2-writeback-virtio-scsi-io_uring")).toEqual({
    storage: "zvol-ext4-qcow2",
    cache: "writeback",
    bus: "virtio-scsi",
    io: "io_uring",
  });
  expect(settingsFromName("raw-none-ide")).toEqual({ storage: "raw", cache: "none", bus: "ide" });
  expect(settingsFromName("my-test")).toEqual({});
});

test("settings from the runner's configuration (the study's resolved Scenario)", () => {
  const configuration = {
    name: "zvol-ext4-qcow2-writeback-virtio",
    storageName: "zvol-ext4-qcow2",
    storage: { kind: "image", format: "qcow2" },
    attachment: { bus: "virtio", cache: "writeback", machine: "q35" },
  };
  expect(settingsFromConfiguration(configuration)).toEqual({ storage: "zvol-ext4-qcow2", cache: "writeback", bus: "virtio", io: undefined });
});
