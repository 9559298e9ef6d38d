import type { JsonSchema } from "./json-schema.js";

/**
 * Maps a strict-mode model's `null`s back to absent fields: wherever the original schema
 * does not accept `null` for a property, a `null` value is removed before validation.
 * Returns a new value; the argument is not changed.
 */
export function nullsToAbsent(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value)) {
    const items = schema.items;
    return typeof items === "object" && items !== null && !Array.isArray(items)
      ? value.map((item) => nullsToAbsent(item, items as JsonSchema))
      : value;
  }
  if (typeof value !== "object" || value === null) return value;
  const objectSchema = pickObjectBranch(schema);
  const properties = (objectSchema?.properties ?? {}) as Record<string, JsonSchema>;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema = properties[key];
    if (child === null && childSchema !== undefined && !acceptsNull(childSchema)) continue;
    result[key] = childSchema === undefined ? child : nullsToAbsent(child, childSchema);
  }
  return result;
}

function pickObjectBranch(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties !== undefined) return schema;
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return branches?.find((branch) => branch.properties !== undefined);
}

function acceptsNull(schema: JsonSchema): boolean {
  if (schema.type === "null" || (Array.isArray(schema.type) && schema.type.includes("null"))) return true;
  if (schema.const === null) return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches?.some(acceptsNull)) return true;
  return (
    Object.keys(schema).filter((keyword) => keyword !== "description" && keyword !== "title").length === 0
  );
}
