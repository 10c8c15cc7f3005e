/** The run's prepare step names the zvol or dataset under the disk, so the host's facts record its properties. */
import { resourcesAt, seedApp, stackJson, stepInput } from "./support";

const { stacks } = seedApp();

function zfsDatasetOf(name: string): string | undefined {
  const stack = stacks.find((s) => s.node.id === name);
  if (!stack) throw new Error(`no stack ${name}`);
  const [prepare] = resourcesAt(stackJson(stack), "terraform_data", name === "baseline" ? "baseline/prepare" : "runner/prepare");
  return stepInput(prepare)["ZFS_DATASET"];
}

describe("the ZFS dataset the host's facts record", () => {
  it.each([
    ["zvol-none-virtio", "kvmbench-zvol/vm"],
    ["zvol-ext4-qcow2-writeback-virtio", "kvmbench-zvol-ext4-qcow2/vm"],
    ["zfs-qcow2-none-virtio", "kvmbench-zfs-qcow2/images"],
  ])("%s: %s", (stack, dataset) => {
    expect(zfsDatasetOf(stack)).toBe(dataset);
  });

  it.each(["raw-none-virtio", "lvm-none-virtio", "xfs-qcow2-none-virtio", "baseline"])("%s: none (not on ZFS)", (stack) => {
    expect(zfsDatasetOf(stack)).toBeUndefined();
  });
});
