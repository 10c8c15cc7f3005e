import { normaliseXml } from "../../test-host/libvirt-snapshot";

describe("normaliseXml (what the provider fidelity test compares)", () => {
  const volume = (extra: string) => `<volume type='file'>
  <name>kvmbench-raw-boot.qcow2</name>
  <capacity unit='bytes'>2147483648</capacity>
  <allocation unit='bytes'>200704</allocation>
  <target>
    <path>/srv/test-Ab12Cd/boot.qcow2</path>
    <format type='qcow2'/>${extra}
  </target>
</volume>`;

  it("reads a qcow2 volume the same whether or not libvirt has re-read its header (clusterSize)", () => {
    const refreshed = normaliseXml(volume("\n    <clusterSize unit='B'>65536</clusterSize>"), { "/srv/test-Ab12Cd": "<DIR>" });
    const created = normaliseXml(volume(""), { "/srv/test-Ab12Cd": "<DIR>" });
    expect(refreshed).toBe(created);
    expect(created).not.toContain("clusterSize");
  });

  it("keeps what a stack declares and hides only what libvirt or the test machine decides", () => {
    const text = normaliseXml(volume(""), { "/srv/test-Ab12Cd": "<DIR>" });
    expect(text).toContain("<path><DIR>/boot.qcow2</path>");
    expect(text).toContain("<format type='qcow2'/>");
    expect(text).toContain("<capacity unit='bytes'>2147483648</capacity>");
    expect(text).toContain("<allocation unit='bytes'>BYTES</allocation>");
  });
});
