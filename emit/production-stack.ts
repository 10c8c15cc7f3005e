/**
 * `kvmbench report --emit <scenario>`: a small TypeScript cdktf stack that builds a long-lived
 * guest whose data disk is the scenario's storage, attached as the scenario attached it (bus,
 * cache, io), from the published construct library (the `kvmbench` package). The storage is built
 * by the scenario's own backend (backends/) against a recording library, so the stack makes the
 * same storage the benchmark measured; its host steps and disk differ only in what names the
 * stack.
 */
import { Construct } from "constructs";
import type { BuildKit } from "../backends/backend";
import { backendOf } from "../backends/registry";
import type { Host } from "../constructs/host/host";
import { ADMIN_USER_DATA } from "../examples/admin-user-data";
import type { EmittableScenario } from "./emittable-scenario";
import { recordingLibrary, type RecordedConstruct } from "./recording-library";
import { commentText, raw, typescriptLiteral, variableName } from "./typescript-literal";

/** The serial the data disk carries in the guest (`/dev/disk/by-id/virtio-data` on Linux). */
export const DATA_DISK_SERIAL = "data";

/** Names the emitted file uses for itself; construct variables get others. */
const FIXED_NAMES = ["host", "storage", "guest", "app", "scope", "id", "USER_DATA"];

/** The class name of the emitted stack: "zvol-ext4-qcow2-writeback-virtio" → "ZvolExt4Qcow2WritebackVirtioGuest". */
export function stackClassName(scenario: string): string {
  const words = scenario.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  const name = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
  return `${/^[A-Za-z]/.test(name) ? name : `Scenario${name}`}Guest`;
}

/** Records what the scenario's backend builds, under a root standing for the stack's `storage` scope. */
function recordStorage(scenario: EmittableScenario): { records: RecordedConstruct[]; root: Construct; hostStandIn: object; disk: Construct } {
  const records: RecordedConstruct[] = [];
  // a root construct has no scope (how `constructs` makes an App's root)
  const root = new Construct(undefined as unknown as Construct, "storage");
  const hostStandIn = { workdir: scenario.host.workdir, openZfsVersion: scenario.host.openZfsVersion };
  const kit: BuildKit = {
    scope: root,
    host: hostStandIn as unknown as Host,
    storageName: scenario.storageName,
    wipe: scenario.storage.wipe,
    devicePath: (name) => {
      const path = scenario.devicePaths[name];
      if (path === undefined) throw new Error(`no path for device "${name}"`);
      return path;
    },
    library: recordingLibrary(records),
  };
  const disk = backendOf(scenario.storage).build(scenario.storage, kit) as unknown as Construct;
  for (const record of records) {
    if (record.scope !== root && !records.some((other) => other.construct === record.scope)) {
      throw new Error(`storage kind ${scenario.storage.kind} builds ${record.className} "${record.id}" under a construct of its own, which an emitted stack cannot write`);
    }
  }
  return { records, root, hostStandIn, disk };
}

/** Props as source, with constructs as their variables and the host as `host`. */
function storageStatements(recorded: ReturnType<typeof recordStorage>): { lines: string[]; classes: string[]; diskVariable: string } {
  const { records, root, hostStandIn, disk } = recorded;
  const referenced = new Set<Construct>([disk]);
  const collect = (value: unknown): void => {
    if (value instanceof Construct) referenced.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
  };
  for (const record of records) {
    collect(record.props);
    if (record.scope !== root) referenced.add(record.scope);
  }
  const taken = new Set(FIXED_NAMES);
  const variables = new Map<Construct, string>([[root, "storage"]]);
  for (const record of records) {
    if (!referenced.has(record.construct)) continue;
    const name = variableName(record.id, taken);
    taken.add(name);
    variables.set(record.construct, name);
  }
  const reference = (value: object): string | undefined => (value === hostStandIn ? "host" : value instanceof Construct ? variables.get(value) : undefined);
  const lines = records.map((record) => {
    const variable = variables.get(record.construct);
    const call = `new ${record.className}(${variables.get(record.scope)}, ${JSON.stringify(record.id)}, ${typescriptLiteral(record.props ?? {}, reference, "    ")});`;
    return variable ? `    const ${variable} = ${call}` : `    ${call}`;
  });
  return { lines, classes: [...new Set(records.map((record) => record.className))], diskVariable: variables.get(disk) as string };
}

function imageSource(image: EmittableScenario["guest"]["image"]): string {
  return image.kind === "url" ? image.url : image.path;
}

function guestStatement(scenario: EmittableScenario): string {
  const { guest, host } = scenario;
  const os =
    guest.os === "windows"
      ? `GuestOs.windows(${typescriptLiteral({ image: imageSource(guest.image), virtioWinIso: guest.virtioWin ? imageSource(guest.virtioWin) : undefined }, undefined, "      ")})`
      : `GuestOs.linux(${typescriptLiteral({ image: imageSource(guest.image), userData: raw("USER_DATA"), directKernelBoot: guest.directKernelBoot }, undefined, "      ")})`;
  const props = {
    host: raw("host"),
    name: raw("id"),
    machine: scenario.attachment.machine,
    firmware: guest.firmware,
    ...(host.accelerator === "tcg" ? { accelerator: "tcg" } : {}),
    vcpus: guest.vcpus,
    memory: guest.memory,
    network: guest.network === false ? false : { network: guest.network },
    autostart: true,
    os: raw(os),
  };
  return `    const guest = new Guest(this, "guest", ${typescriptLiteral(props, undefined, "    ")});`;
}

/** The measured figures to quote in the file's header, one line each. */
export type MeasuredSummary = readonly string[];

/**
 * The TypeScript source of a cdktf stack for `scenario`: its class (for the user's own app) and, when
 * the file is run directly, an app that synthesizes it as the stack `<scenario>-guest`.
 */
export function productionStackSource(scenario: EmittableScenario, measured: MeasuredSummary = []): string {
  if (scenario.guest.os === "windows" && !scenario.guest.virtioWin) throw new Error("a Windows guest needs its virtio-win ISO (guest.virtioWin)");
  const storage = storageStatements(recordStorage(scenario));
  const className = stackClassName(scenario.name);
  const { attachment, host } = scenario;
  const imports = ["DiskAttachment", "Guest", "GuestOs", "Host", ...storage.classes].sort();
  const hostProps = typescriptLiteral({ uri: host.uri, ssh: host.ssh, workdir: host.workdir, openZfsVersion: host.openZfsVersion }, undefined, "    ");
  const attachmentProps = typescriptLiteral(
    { guest: raw("guest"), backend: raw(storage.diskVariable), bus: attachment.bus, cache: attachment.cache, io: attachment.io, serial: DATA_DISK_SERIAL, dedicatedController: true },
    undefined,
    "    ",
  );
  const header = [
    `A long-lived guest whose data disk is scenario ${scenario.name} of a kvmbench study: its storage (${scenario.storage.kind} "${scenario.storageName}"),`,
    `attached with bus=${attachment.bus}, cache=${attachment.cache}${attachment.io ? `, io=${attachment.io}` : ""} on a ${attachment.machine} machine, as it was measured.`,
    ...measured,
    "Written by `kvmbench report --emit`. Before deploying: check the device paths, the guest image and its user data;",
    "the storage steps refuse a device that carries data unless `wipe` is true. The package: README, \"Use the constructs in your own cdktf app\".",
  ];
  // the examples' user-data: an admin user with sudo, for the user's SSH key
  const userData = scenario.guest.os === "linux" ? [`const USER_DATA = ${JSON.stringify(ADMIN_USER_DATA)};`, ""] : [];
  return [
    "/**",
    ...header.map((line) => ` * ${commentText(line)}`),
    " */",
    'import { App, TerraformStack } from "cdktf";',
    'import { Construct } from "constructs";',
    `import { ${imports.join(", ")} } from "kvmbench";`,
    "",
    ...userData,
    `/** The guest of scenario ${commentText(scenario.name)}, its data disk on the scenario's storage. */`,
    `export class ${className} extends TerraformStack {`,
    "  constructor(scope: Construct, id: string) {",
    "    super(scope, id);",
    `    const host = new Host(this, "host", ${hostProps});`,
    '    const storage = new Construct(this, "storage");',
    ...storage.lines,
    guestStatement(scenario),
    `    new DiskAttachment(this, "data", ${attachmentProps});`,
    "  }",
    "}",
    "",
    "if (require.main === module) {",
    "  const app = new App();",
    `  new ${className}(app, ${JSON.stringify(`${scenario.name}-guest`)});`,
    "  app.synth();",
    "}",
    "",
  ].join("\n");
}
