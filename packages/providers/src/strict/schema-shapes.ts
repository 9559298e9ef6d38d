import type { JsonSchema } from "@podkit/core";

/** Keywords that say something about a value without constraining it. */
const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

/** A map from keys to values (`z.record`): an object schema with no named properties. */
export interface RecordShape {
  /** The schema every key matches (`propertyNames`), a string by default. */
  readonly keys: JsonSchema;
  /** The schema every value matches (`additionalProperties`). */
  readonly values: JsonSchema;
  /** The keys, when they are a fixed set (a record keyed by an enum). */
  readonly fixedKeys: readonly string[] | undefined;
}

/** A tuple (`z.tuple`): items by position, then any number of `rest` items when given. */
export interface TupleShape {
  readonly prefix: readonly JsonSchema[];
  readonly rest: JsonSchema | undefined;
}

/** The `type` of a schema as a list (empty when it has none). */
export function schemaTypes(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type))
    return schema.type.filter((type): type is string => typeof type === "string");
  return typeof schema.type === "string" ? [schema.type] : [];
}

/** Whether `value` is a schema object (not a boolean schema or a list). */
export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A schema any JSON value matches (`z.unknown()`, `z.any()`): only annotations, if anything. */
export function isUnconstrained(schema: JsonSchema): boolean {
  return Object.keys(schema).every((keyword) => ANNOTATIONS.has(keyword));
}

/** The record `schema` describes, or `undefined` when it is not one. */
export function recordShapeOf(schema: JsonSchema): RecordShape | undefined {
  const { additionalProperties: values, properties, propertyNames } = schema;
  if (!isSchema(values)) return undefined;
  if (isSchema(properties) && Object.keys(properties).length > 0) return undefined;
  if (schema.patternProperties !== undefined) return undefined;
  const types = schemaTypes(schema);
  if (types.length > 0 && !types.includes("object")) return undefined;
  const keys = isSchema(propertyNames) ? propertyNames : { type: "string" };
  return { keys, values, fixedKeys: fixedKeysOf(keys) };
}

function fixedKeysOf(keys: JsonSchema): readonly string[] | undefined {
  if (typeof keys.const === "string") return [keys.const];
  if (Array.isArray(keys.enum) && keys.enum.every((key) => typeof key === "string")) return keys.enum;
  return undefined;
}

/** The tuple `schema` describes, or `undefined` when it is not one. */
export function tupleShapeOf(schema: JsonSchema): TupleShape | undefined {
  if (!Array.isArray(schema.prefixItems)) return undefined;
  return {
    prefix: schema.prefixItems.filter(isSchema),
    rest: isSchema(schema.items) ? schema.items : undefined,
  };
}

/** Follows a local `$ref` (`#/$defs/name`) from `root`; any other schema is returned as it is. */
export function resolveLocalRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (typeof schema.$ref !== "string" || !schema.$ref.startsWith("#/")) return schema;
  let target: unknown = root;
  for (const segment of schema.$ref.slice(2).split("/")) {
    const key = segment.replaceAll("~1", "/").replaceAll("~0", "~");
    target = isSchema(target) ? target[key] : undefined;
  }
  return isSchema(target) ? target : schema;
}
