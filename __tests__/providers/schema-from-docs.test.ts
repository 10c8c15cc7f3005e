import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readDocs } from "../../providers/build-schema";
import { libvirtSchema } from "../../providers/conformance";
import { buildProviderSchema, serializeSchema } from "../../providers/schema-from-docs";
import { LIBVIRT_PROVIDER, SchemaAttribute } from "../../providers/terraform-schema";

const FIXTURES = join(__dirname, "..", "fixtures", "provider-docs");

/** Follows a path like `devices.disks.driver.cache` through nested attributes. */
function attributeAt(attributes: Record<string, SchemaAttribute>, path: string): SchemaAttribute {
  const [head, ...rest] = path.split(".");
  const attr = attributes[head];
  if (!attr) throw new Error(`no attribute ${head} (path ${path})`);
  if (!rest.length) return attr;
  if (!attr.nested_type) throw new Error(`${head} is not nested (path ${path})`);
  return attributeAt(attr.nested_type.attributes, rest.join("."));
}

describe("schema built from the provider docs (fixtures)", () => {
  const schema = buildProviderSchema(readDocs(FIXTURES));
  const provider = schema.provider_schemas[LIBVIRT_PROVIDER.address];
  const domain = provider.resource_schemas.libvirt_domain.block.attributes;

  it("names the provider and its version the way cdktf's schema cache expects", () => {
    expect(schema.provider_versions).toEqual({ "registry.terraform.io/dmacvicar/libvirt": "0.9.7" });
    expect(Object.keys(provider.resource_schemas)).toEqual(["libvirt_cloudinit_disk", "libvirt_domain", "libvirt_volume"]);
    expect(Object.keys(provider.data_source_schemas)).toEqual(["libvirt_node_info"]);
    expect(provider.provider.block.attributes.uri).toMatchObject({ type: "string", optional: true });
  });

  it("maps each documented kind and presence", () => {
    expect(attributeAt(domain, "devices.disks.driver.cache")).toMatchObject({ type: "string", optional: true });
    expect(attributeAt(domain, "devices.disks").nested_type?.nesting_mode).toBe("list");
    expect(attributeAt(domain, "devices").nested_type?.nesting_mode).toBe("single");
    expect(attributeAt(domain, "name")).toMatchObject({ type: "string", required: true });
    expect(attributeAt(domain, "id")).toMatchObject({ type: "number", computed: true });
    expect(attributeAt(domain, "os.boot_devices.dev")).toMatchObject({ type: "string", required: true });
    const volume = provider.resource_schemas.libvirt_volume.block.attributes;
    expect(volume.allocation).toMatchObject({ type: "number", computed: true });
    expect(volume.allocation.optional).toBeUndefined();
    expect(attributeAt(volume, "target.features").nested_type).toEqual({ attributes: {}, nesting_mode: "list" });
    expect(provider.resource_schemas.libvirt_cloudinit_disk.block.attributes.user_data).toMatchObject({ type: "string", required: true });
  });

  it("keeps descriptions that run over several paragraphs, without the nested-schema link", () => {
    expect(attributeAt(domain, "memory").description).toBe(
      "Maximum memory allocation for the guest at boot time\n\nSee: <https://libvirt.org/formatdomain.html#memory-allocation>",
    );
    expect(attributeAt(domain, "devices.disks").description).not.toContain("below for nested schema");
  });

  it("is deterministic: same docs in any order give byte-identical output", () => {
    const docs = readDocs(FIXTURES);
    const once = serializeSchema(buildProviderSchema(docs));
    const reversed = serializeSchema(buildProviderSchema([...docs].reverse()));
    expect(reversed).toBe(once);
  });

  it("the script writes the same file on every run", () => {
    const out = [mkdtempSync(join(tmpdir(), "schema-a-")), mkdtempSync(join(tmpdir(), "schema-b-"))];
    for (const dir of out) {
      execFileSync(process.execPath, ["--import", "tsx", join(__dirname, "../../providers/build-schema.ts"), FIXTURES, dir]);
    }
    const [a, b] = out.map((dir) => readFileSync(join(dir, "libvirt@0.9.7.json"), "utf8"));
    expect(a).toBe(b);
    expect(a).toBe(serializeSchema(schema));
  });

  it("rejects an attribute type it does not know, naming the page", () => {
    const docs = readDocs(FIXTURES).map((d) =>
      d.path === "resources/volume.md" ? { ...d, content: d.content.replace("- `name` (String)", "- `name` (Dynamic)") } : d,
    );
    expect(() => buildProviderSchema(docs)).toThrow(/resources\/volume\.md.*libvirt_volume\.name: unknown attribute type "Dynamic"/);
  });

  it("rejects a nested attribute whose section is missing", () => {
    const docs = readDocs(FIXTURES).map((d) =>
      d.path === "resources/domain.md" ? { ...d, content: d.content.replace('<a id="nestedatt--devices--disks--target"></a>', "") } : d,
    );
    expect(() => buildProviderSchema(docs)).toThrow(/nested schema #nestedatt--devices--disks--target is missing/);
  });
});

describe("the committed schema (providers/schema-cache)", () => {
  const provider = libvirtSchema();
  const domain = provider.resource_schemas.libvirt_domain.block.attributes;

  it("covers every resource and data source of provider 0.9.7", () => {
    expect(Object.keys(provider.resource_schemas)).toEqual([
      "libvirt_cloudinit_disk",
      "libvirt_combustion",
      "libvirt_domain",
      "libvirt_ignition",
      "libvirt_network",
      "libvirt_pool",
      "libvirt_volume",
    ]);
    expect(Object.keys(provider.data_source_schemas)).toEqual([
      "libvirt_domain_interface_addresses",
      "libvirt_node_device_info",
      "libvirt_node_devices",
      "libvirt_node_info",
    ]);
  });

  it("has the attributes kvmbench relies on, with their kinds", () => {
    expect(attributeAt(domain, "devices.disks.driver.cache")).toMatchObject({ type: "string", optional: true });
    expect(attributeAt(domain, "devices.disks.driver.io")).toMatchObject({ type: "string", optional: true });
    expect(attributeAt(domain, "devices.disks.target.bus")).toMatchObject({ type: "string", optional: true });
    expect(attributeAt(domain, "devices.disks.serial")).toMatchObject({ type: "string", optional: true });
    expect(attributeAt(domain, "devices.disks").nested_type?.nesting_mode).toBe("list");
    expect(attributeAt(domain, "os.type_machine")).toMatchObject({ type: "string", optional: true });
    expect(provider.resource_schemas.libvirt_volume.block.attributes.allocation).toEqual(
      expect.objectContaining({ type: "number", computed: true }),
    );
    expect(provider.resource_schemas.libvirt_cloudinit_disk.block.attributes.user_data).toMatchObject({ type: "string", required: true });
  });

  it("matches what the script builds from the fixture pages it shares with the real docs", () => {
    const fromFixtures = buildProviderSchema(readDocs(FIXTURES)).provider_schemas[LIBVIRT_PROVIDER.address];
    expect(provider.resource_schemas.libvirt_volume).toEqual(fromFixtures.resource_schemas.libvirt_volume);
    expect(provider.resource_schemas.libvirt_cloudinit_disk).toEqual(fromFixtures.resource_schemas.libvirt_cloudinit_disk);
    expect(provider.data_source_schemas.libvirt_node_info).toEqual(fromFixtures.data_source_schemas.libvirt_node_info);
  });
});
