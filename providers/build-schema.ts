/**
 * Regenerates the committed provider schema cache from the provider's generated docs.
 *
 *   npm run schema -- <docs-dir> [out-dir]
 *
 * <docs-dir> holds tfplugindocs output: index.md, resources/*.md, data-sources/*.md.
 * The output is written to <out-dir>/libvirt@<version>.json (default providers/schema-cache),
 * the file `cdktf get --experimental-provider-schema-cache-path` reads.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { buildProviderSchema, DocFile, serializeSchema } from "./schema-from-docs";
import { LIBVIRT_PROVIDER } from "./terraform-schema";

export function readDocs(root: string): DocFile[] {
  const files = [join(root, "index.md")];
  for (const dir of ["resources", "data-sources"]) {
    const full = join(root, dir);
    if (!existsSync(full)) continue;
    for (const name of readdirSync(full).sort()) {
      if (name.endsWith(".md")) files.push(join(full, name));
    }
  }
  return files.map((file) => ({ path: relative(root, file), content: readFileSync(file, "utf8") }));
}

function main(argv: string[]): void {
  const [docsDir, outDir = join(__dirname, "schema-cache")] = argv;
  if (!docsDir || !existsSync(join(docsDir, "index.md"))) {
    console.error("usage: npm run schema -- <docs-dir> [out-dir]");
    console.error("  <docs-dir> must contain the provider's tfplugindocs output (index.md, resources/, data-sources/)");
    process.exit(2);
  }
  const docs = readDocs(docsDir);
  const schema = buildProviderSchema(docs);
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, LIBVIRT_PROVIDER.cacheFileName);
  writeFileSync(out, serializeSchema(schema));
  const p = schema.provider_schemas[LIBVIRT_PROVIDER.address];
  console.log(
    `wrote ${out}: ${Object.keys(p.resource_schemas).length} resources, ` +
      `${Object.keys(p.data_source_schemas).length} data sources from ${docs.length} pages`,
  );
}

if (require.main === module) main(process.argv.slice(2));
