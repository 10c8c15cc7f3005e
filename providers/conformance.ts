/**
 * Checks synthesized Terraform JSON against the committed provider schema: every libvirt
 * resource, data source and provider block is walked, and each attribute that is unknown,
 * of the wrong type, read-only but set, or required but missing is reported with the stack,
 * the resource address and the attribute path (e.g. `devices.disks[0].driver.cachemode`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LIBVIRT_PROVIDER, ProviderSchema, ProvidersSchemaFile, SchemaAttribute } from "./terraform-schema";

export type ConformanceProblem = "unknown attribute" | "wrong type" | "read-only attribute set" | "required attribute missing";

export interface ConformanceIssue {
  readonly stack: string;
  /** Terraform address, e.g. `libvirt_domain.guest` or `provider.libvirt[0]`. */
  readonly resource: string;
  /** Attribute path inside the resource, e.g. `devices.disks[0].driver.cache`. */
  readonly path: string;
  readonly problem: ConformanceProblem;
  readonly detail: string;
}

/** The synthesized JSON of one stack (`cdk.tf.json`), as far as this check reads it. */
export interface SynthesizedStack {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Array<Record<string, unknown>>>;
}

/** Terraform meta-arguments and cdktf metadata, valid on any resource. */
const META_ARGUMENTS = new Set(["//", "count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);
const PROVIDER_META = new Set(["alias"]);

let cached: ProviderSchema | undefined;

/** The committed libvirt provider schema (providers/schema-cache). */
export function libvirtSchema(): ProviderSchema {
  if (!cached) {
    const file = join(__dirname, "schema-cache", LIBVIRT_PROVIDER.cacheFileName);
    const parsed = JSON.parse(readFileSync(file, "utf8")) as ProvidersSchemaFile;
    cached = parsed.provider_schemas[LIBVIRT_PROVIDER.address];
  }
  return cached;
}

export function checkConformance(
  stack: string,
  synthesized: SynthesizedStack,
  schema: ProviderSchema = libvirtSchema(),
): ConformanceIssue[] {
  const issues: ConformanceIssue[] = [];
  const sections: Array<[string, SynthesizedStack["resource"], Record<string, { block: { attributes: Record<string, SchemaAttribute> } }>]> = [
    ["", synthesized.resource, schema.resource_schemas],
    ["data.", synthesized.data, schema.data_source_schemas],
  ];
  for (const [prefix, entries, schemas] of sections) {
    for (const [type, instances] of Object.entries(entries ?? {})) {
      if (!type.startsWith("libvirt_")) continue;
      for (const [name, body] of Object.entries(instances)) {
        const resource = `${prefix}${type}.${name}`;
        const entity = schemas[type];
        if (!entity) {
          issues.push({ stack, resource, path: "", problem: "unknown attribute", detail: `the provider has no ${prefix ? "data source" : "resource"} type "${type}"` });
          continue;
        }
        checkObject(body, entity.block.attributes, "", META_ARGUMENTS, (path, problem, detail) =>
          issues.push({ stack, resource, path, problem, detail }),
        );
      }
    }
  }
  (synthesized.provider?.libvirt ?? []).forEach((body, i) =>
    checkObject(body, schema.provider.block.attributes, "", PROVIDER_META, (path, problem, detail) =>
      issues.push({ stack, resource: `provider.libvirt[${i}]`, path, problem, detail }),
    ),
  );
  return issues;
}

export function formatIssue(issue: ConformanceIssue): string {
  const where = issue.path ? `${issue.resource}: ${issue.path}` : issue.resource;
  return `[${issue.stack}] ${where}: ${issue.problem} (${issue.detail})`;
}

type Report = (path: string, problem: ConformanceProblem, detail: string) => void;

function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function checkObject(
  value: Record<string, unknown>,
  attributes: Record<string, SchemaAttribute>,
  path: string,
  ignored: ReadonlySet<string>,
  report: Report,
): void {
  for (const [key, child] of Object.entries(value)) {
    if (ignored.has(key)) continue;
    const attr = attributes[key];
    const keyPath = childPath(path, key);
    if (!attr) {
      report(keyPath, "unknown attribute", `known here: ${Object.keys(attributes).join(", ") || "none"}`);
    } else if (attr.computed && !attr.optional && !attr.required) {
      report(keyPath, "read-only attribute set", "the provider computes it; it cannot be set");
    } else {
      checkValue(child, attr, keyPath, report);
    }
  }
  for (const [key, attr] of Object.entries(attributes)) {
    if (attr.required && !(key in value)) report(childPath(path, key), "required attribute missing", describe(attr));
  }
}

/** A Terraform expression (reference, function call); its type is only known at plan time. */
function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

function describe(attr: SchemaAttribute): string {
  if (attr.nested_type) return attr.nested_type.nesting_mode === "single" ? "object" : `${attr.nested_type.nesting_mode} of objects`;
  const type = attr.type;
  return Array.isArray(type) ? `${type[0]} of ${type[1]}` : String(type);
}

function checkValue(value: unknown, attr: SchemaAttribute, path: string, report: Report): void {
  if (isExpression(value) || value === null) return;
  const wrong = (): void => report(path, "wrong type", `expected ${describe(attr)}, got ${JSON.stringify(value)}`);

  if (attr.nested_type) {
    const { attributes, nesting_mode } = attr.nested_type;
    if (nesting_mode === "single") {
      if (!isPlainObject(value)) return wrong();
      return checkObject(value, attributes, path, new Set(), report);
    }
    if (nesting_mode === "map") {
      if (!isPlainObject(value)) return wrong();
      for (const [k, v] of Object.entries(value)) {
        if (isExpression(v)) continue;
        if (!isPlainObject(v)) report(`${path}.${k}`, "wrong type", `expected object, got ${JSON.stringify(v)}`);
        else checkObject(v, attributes, `${path}.${k}`, new Set(), report);
      }
      return;
    }
    if (!Array.isArray(value)) return wrong();
    value.forEach((item, i) => {
      if (isExpression(item)) return;
      if (!isPlainObject(item)) report(`${path}[${i}]`, "wrong type", `expected object, got ${JSON.stringify(item)}`);
      else checkObject(item, attributes, `${path}[${i}]`, new Set(), report);
    });
    return;
  }

  const type = attr.type;
  if (Array.isArray(type)) {
    const [collection, element] = type;
    const items = collection === "map" ? (isPlainObject(value) ? Object.values(value) : undefined) : Array.isArray(value) ? value : undefined;
    if (!items) return wrong();
    items.forEach((item, i) => {
      if (!isExpression(item) && !isPrimitive(item, element)) {
        report(`${path}[${i}]`, "wrong type", `expected ${element}, got ${JSON.stringify(item)}`);
      }
    });
    return;
  }
  if (type && !isPrimitive(value, type)) wrong();
}

function isPrimitive(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "bool":
      return typeof value === "boolean";
    default:
      return false;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
