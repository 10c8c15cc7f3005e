import { childAt, childrenNamed, parseXmlElements } from "../../results/xml-elements";

/** A disk of the running domain, as its live XML (`virsh dumpxml`) has it. */
export interface LiveDisk {
  /** file, block, volume, network... */
  readonly type: string;
  /** disk or cdrom. */
  readonly device: string;
  /** The source's path: `file` of a file, `dev` of a block device. */
  readonly source?: string;
  /** The driver's format (raw, qcow2). */
  readonly format?: string;
  readonly cache?: string;
  readonly io?: string;
  readonly bus?: string;
  /** The guest-side name (vda, hdc, sda). */
  readonly target?: string;
  readonly serial?: string;
  /** libvirt's id of the disk's device in QEMU (virtio-disk1, ide0-0-0, ...). */
  readonly alias?: string;
}

/** The domain's name and disks, from its live XML. @throws when the text is not a libvirt domain. */
export function liveDomain(xml: string): { name: string; disks: LiveDisk[] } {
  const domain = parseXmlElements(xml).find((element) => element.name === "domain");
  if (!domain) throw new Error("the domain XML has no <domain> element");
  const devices = childAt(domain, "devices");
  const disks = devices ? childrenNamed(devices, "disk") : [];
  return {
    name: childAt(domain, "name")?.text ?? "",
    disks: disks.map((disk) => {
      const source = childAt(disk, "source")?.attributes;
      const driver = childAt(disk, "driver")?.attributes;
      const target = childAt(disk, "target")?.attributes;
      return {
        type: disk.attributes["type"] ?? "",
        device: disk.attributes["device"] ?? "disk",
        ...defined("source", source?.["file"] ?? source?.["dev"]),
        ...defined("format", driver?.["type"]),
        ...defined("cache", driver?.["cache"]),
        ...defined("io", driver?.["io"]),
        ...defined("bus", target?.["bus"]),
        ...defined("target", target?.["dev"]),
        ...defined("serial", childAt(disk, "serial")?.text),
        ...defined("alias", childAt(disk, "alias")?.attributes["name"]),
      };
    }),
  };
}

function defined<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
