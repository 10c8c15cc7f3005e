import { estimateRemaining, formatDuration, progressLine } from "../../orchestrate";

test("durations read like 12s, 4m05s, 1h02m", () => {
  expect(formatDuration(12_400)).toBe("12s");
  expect(formatDuration(245_000)).toBe("4m05s");
  expect(formatDuration(3_720_000)).toBe("1h02m");
});

test("ETA is the mean duration so far times the remaining rounds", () => {
  expect(estimateRemaining({ durations: [], remaining: 3, parallelism: 1 })).toBeUndefined();
  expect(estimateRemaining({ durations: [60_000, 120_000], remaining: 3, parallelism: 1 })).toBe(270_000);
  expect(estimateRemaining({ durations: [60_000], remaining: 3, parallelism: 2 })).toBe(120_000);
});

test("progress line", () => {
  expect(progressLine(3, 43, "lvm-none-virtio", "deploying on host (/dev/sda)", 3_720_000, 8_400_000)).toBe(
    "[ 3/43] lvm-none-virtio deploying on host (/dev/sda) (elapsed 1h02m, ETA 2h20m)",
  );
});
