/**
 * A synthesized `libvirt_domain` (provider 0.9.7's schema, which mirrors libvirt's XML) as the
 * domain XML the provider would define, for the attributes kvmbench sets. Anything else throws:
 * a construct that starts setting a new attribute must teach the stand-in first, so a test never
 * boots a guest without it.
 */
type Json = Record<string, unknown>;

function escape(value: unknown): string {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function attrs(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join("");
}

function element(name: string, attributes: Record<string, unknown> = {}, body?: string): string {
  return body === undefined ? `<${name}${attrs(attributes)}/>` : `<${name}${attrs(attributes)}>${body}</${name}>`;
}

/** Throws on keys the stand-in does not know at `where`. */
function only(value: unknown, keys: readonly string[], where: string): Json {
  const object = (value ?? {}) as Json;
  const unknown = Object.keys(object).filter((k) => !keys.includes(k));
  if (unknown.length) throw new Error(`libvirt stand-in: ${where} has attributes it does not map: ${unknown.join(", ")}`);
  return object;
}

function cpu(value: unknown): string {
  const c = only(value, ["mode", "model"], "cpu");
  return element("cpu", { mode: c.mode }, c.model === undefined ? "" : element("model", {}, escape(c.model)));
}

function os(value: unknown): string {
  const o = only(value, ["type", "type_arch", "type_machine", "firmware", "kernel", "initrd", "cmdline"], "os");
  const files = (["kernel", "initrd", "cmdline"] as const)
    .filter((k) => o[k] !== undefined)
    .map((k) => element(k, {}, escape(o[k])))
    .join("");
  return element("os", { firmware: o.firmware }, element("type", { arch: o.type_arch, machine: o.type_machine }, escape(o.type)) + files);
}

const HYPERV_NAMES: Record<string, string> = { vp_index: "vpindex" };

function features(value: unknown): string {
  const f = only(value, ["acpi", "apic", "hyper_v"], "features");
  const hyperV = f.hyper_v as Record<string, { state: string }> | undefined;
  const hyperVXml = hyperV
    ? element(
        "hyperv",
        { mode: "custom" },
        Object.entries(hyperV)
          .map(([k, v]) => element(HYPERV_NAMES[k] ?? k, { state: v.state }))
          .join(""),
      )
    : "";
  return element("features", {}, (f.acpi ? "<acpi/>" : "") + (f.apic ? "<apic/>" : "") + hyperVXml);
}

function clock(value: unknown): string {
  const c = only(value, ["offset", "timer"], "clock");
  const timers = ((c.timer ?? []) as Json[]).map((t) => {
    const timer = only(t, ["name", "tick_policy", "present"], "clock.timer");
    return element("timer", { name: timer.name, tickpolicy: timer.tick_policy, present: timer.present });
  });
  return element("clock", { offset: c.offset }, timers.join(""));
}

function disk(value: unknown): string {
  const d = only(value, ["device", "source", "target", "driver", "serial", "read_only", "boot"], "disk");
  const source = only(d.source, ["file", "block", "volume"], "disk.source");
  let type: string;
  let sourceAttrs: Record<string, unknown>;
  if (source.file) [type, sourceAttrs] = ["file", { file: (source.file as Json).file }];
  else if (source.block) [type, sourceAttrs] = ["block", { dev: (source.block as Json).dev }];
  else if (source.volume) [type, sourceAttrs] = ["volume", only(source.volume, ["pool", "volume"], "disk.source.volume")];
  else throw new Error("libvirt stand-in: a disk without a source");
  const driver = only(d.driver, ["name", "type", "cache", "io", "discard"], "disk.driver");
  const target = only(d.target, ["dev", "bus"], "disk.target");
  const body = [
    element("driver", driver),
    element("source", sourceAttrs),
    element("target", target),
    d.serial === undefined ? "" : element("serial", {}, escape(d.serial)),
    d.read_only ? "<readonly/>" : "",
    d.boot === undefined ? "" : element("boot", only(d.boot, ["order"], "disk.boot")),
  ];
  return element("disk", { type, device: d.device ?? "disk" }, body.join(""));
}

function controller(value: unknown): string {
  return element("controller", only(value, ["type", "model", "index"], "controller"));
}

function serial(value: unknown): string {
  const s = only(value, ["source", "target", "log"], "serial");
  const source = only(s.source, ["file"], "serial.source");
  const file = source.file === undefined ? undefined : only(source.file, ["path", "append"], "serial.source.file");
  const body = [
    file ? element("source", file) : "",
    element("target", only(s.target, ["type", "port"], "serial.target")),
    s.log === undefined ? "" : element("log", only(s.log, ["file", "append"], "serial.log")),
  ];
  // Without a source the provider writes no type; libvirt makes such a port a pty.
  return element("serial", { type: file ? "file" : undefined }, body.join(""));
}

function networkInterface(value: unknown): string {
  const i = only(value, ["source", "model"], "interface");
  const source = only(i.source, ["network", "bridge"], "interface.source");
  const [type, sourceAttrs] = source.network
    ? ["network", { network: (source.network as Json).network }]
    : ["bridge", { bridge: (source.bridge as Json).bridge }];
  return element("interface", { type }, element("source", sourceAttrs) + (i.model ? element("model", only(i.model, ["type"], "interface.model")) : ""));
}

function devices(value: unknown): string {
  const d = only(value, ["disks", "controllers", "serials", "interfaces"], "devices");
  const list = (key: string, render: (v: unknown) => string): string => ((d[key] ?? []) as unknown[]).map(render).join("");
  return element(
    "devices",
    {},
    list("disks", disk) + list("controllers", controller) + list("serials", serial) + list("interfaces", networkInterface),
  );
}

/** The domain XML for a synthesized libvirt_domain's attributes (references already resolved). */
export function domainXml(config: Json): string {
  const c = only(
    config,
    ["name", "type", "memory", "memory_unit", "vcpu", "cpu", "os", "features", "clock", "devices", "autostart", "running", "description"],
    "domain",
  );
  const body = [
    element("name", {}, escape(c.name)),
    c.description === undefined ? "" : element("description", {}, escape(c.description)),
    element("memory", { unit: c.memory_unit }, escape(c.memory)),
    element("vcpu", {}, escape(c.vcpu)),
    c.cpu === undefined ? "" : cpu(c.cpu),
    os(c.os),
    c.features === undefined ? "" : features(c.features),
    c.clock === undefined ? "" : clock(c.clock),
    devices(c.devices),
  ];
  return element("domain", { type: c.type }, body.join(""));
}
