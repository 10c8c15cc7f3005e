/**
 * Types for the JSON that `terraform providers schema -json` prints, limited to what
 * the libvirt provider uses (plugin-framework attributes, no blocks), plus the
 * `provider_versions` field that cdktf's schema cache adds.
 */

export type PrimitiveType = "string" | "number" | "bool";
export type CollectionType = ["list" | "set" | "map", PrimitiveType];

export interface SchemaAttribute {
  type?: PrimitiveType | CollectionType;
  nested_type?: NestedType;
  description?: string;
  description_kind?: "plain";
  required?: true;
  optional?: true;
  computed?: true;
}

export interface NestedType {
  attributes: Record<string, SchemaAttribute>;
  nesting_mode: "single" | "list" | "set" | "map";
}

export interface SchemaBlock {
  attributes: Record<string, SchemaAttribute>;
  description?: string;
  description_kind?: "plain";
}

export interface EntitySchema {
  version: number;
  block: SchemaBlock;
}

export interface ProviderSchema {
  provider: EntitySchema;
  resource_schemas: Record<string, EntitySchema>;
  data_source_schemas: Record<string, EntitySchema>;
}

export interface ProvidersSchemaFile {
  format_version: string;
  provider_schemas: Record<string, ProviderSchema>;
  provider_versions: Record<string, string>;
}

/** The provider this project targets (defined beside the bindings that use it). */
export { LIBVIRT_PROVIDER } from "../domain/libvirt-provider";
