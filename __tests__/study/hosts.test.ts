import { parseStudy } from "../../study";
import { minimalStudy } from "./support";

const TWO_HOSTS = `hosts:
  - name: kvm1
    uri: qemu+ssh://root@kvm1/system
    ssh: { host: kvm1, privateKeyFile: ~/.ssh/id_ed25519 }
    openZfsVersion: "2.3"
  - name: kvm2
    uri: qemu+ssh://admin@kvm2:2222/system
    ssh: { host: kvm2, user: admin, privateKeyFile: ~/.ssh/id_ed25519, port: 2222 }
    openZfsVersion: "0.7"
    devices: { ssd: /dev/disk/by-id/ata-OTHER_SSD }
matrix: { storage: [raw, zfs], cache: [none, writeback], bus: [virtio] }
`;

function twoHostStudy(): string {
  return minimalStudy(TWO_HOSTS).replace(
    "  raw: { kind: block, device: ssd }",
    "  raw: { kind: block, device: ssd }\n  zfs: { kind: image, format: raw, size: 10GiB, dataset: { pool: { devices: [ssd] } } }",
  );
}

describe("hosts: (several hosts)", () => {
  const result = parseStudy(twoHostStudy(), "t.yaml");

  it("reads each host with its defaults", () => {
    expect(result.errors).toEqual([]);
    expect(result.study!.hosts).toEqual([
      { name: "kvm1", uri: "qemu+ssh://root@kvm1/system", ssh: { host: "kvm1", user: "root", privateKeyFile: "~/.ssh/id_ed25519", port: 22 }, workdir: "/var/lib/kvmbench", openZfsVersion: "2.3", accelerator: "kvm", devices: {} },
      { name: "kvm2", uri: "qemu+ssh://admin@kvm2:2222/system", ssh: { host: "kvm2", user: "admin", privateKeyFile: "~/.ssh/id_ed25519", port: 2222 }, workdir: "/var/lib/kvmbench", openZfsVersion: "0.7", accelerator: "kvm", devices: { ssd: "/dev/disk/by-id/ata-OTHER_SSD" } },
    ]);
  });

  it("places each scenario on the hosts the rules allow, with that host's device paths", () => {
    const plan = result.plan!;
    const placements = (name: string) => plan.scenarios.find((s) => s.name === name)!.placements.map((p) => [p.host.name, p.facts.hostDevices[0]]);
    expect(placements("raw-none-virtio")).toEqual([
      ["kvm1", "/dev/disk/by-id/ata-TEST_SSD"],
      ["kvm2", "/dev/disk/by-id/ata-OTHER_SSD"],
    ]);
    // OpenZFS 0.7 on kvm2 refuses O_DIRECT on datasets: only kvm1 can run it.
    expect(placements("zfs-none-virtio")).toEqual([["kvm1", "/dev/disk/by-id/ata-TEST_SSD"]]);
    expect(plan.excluded).toEqual([]);
  });

  it("excludes a combination only when no host allows it", () => {
    const allOld = parseStudy(twoHostStudy().replace('openZfsVersion: "2.3"', 'openZfsVersion: "0.7"'), "t.yaml").plan!;
    expect(allOld.excluded.map((e) => e.name)).toEqual(["zfs-none-virtio"]);
    expect(allOld.excluded[0].reasons).toHaveLength(1);
  });

  it("reports errors in host entries with their index", () => {
    const text = twoHostStudy().replace("  - name: kvm2", "  - name: kvm1").replace("devices: { ssd: /dev/disk/by-id/ata-OTHER_SSD }", "devices: { nvme: /dev/nvme0n1 }");
    expect(parseStudy(text, "t.yaml").errors.map((e) => [e.path, e.message])).toEqual([
      ["hosts[1].name", 'host name "kvm1" is used twice'],
      ["hosts[1].devices.nvme", 'undefined device "nvme"'],
    ]);
  });
});
