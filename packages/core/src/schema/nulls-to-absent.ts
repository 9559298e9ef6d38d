import type { JsonSchema } from "./json-schema.js";

/**
 * Maps a strict-mode model's `null`s back to absent fields: wherever the original schema
 * does not accept `null` for a property, a `null` value is removed before validation.
 * Returns a new value; the argument is not changed.
 */
export function nullsToAbsent(value: unknown, schema: JsonSchema): unknown {
  if (typeof value !== "object" || value === null) return value;
  const shape = shapeFor(schema, value);
  if (shape === undefined) return value;
  if (Array.isArray(value)) {
    const items = shape.items;
    return isSchema(items) ? value.map((item) => nullsToAbsent(item, items)) : value;
  }
  const properties = (shape.properties ?? {}) as Record<string, JsonSchema>;
  const additional = isSchema(shape.additionalProperties) ? shape.additionalProperties : undefined;
  const entries: [string, unknown][] = [];
  for (const [key, child] of Object.entries(value)) {
    const childSchema = Object.hasOwn(properties, key) ? properties[key] : additional;
    if (child === null && childSchema !== undefined && !acceptsNull(childSchema)) continue;
    entries.push([key, childSchema === undefined ? child : nullsToAbsent(child, childSchema)]);
  }
  // fromEntries defines own properties, so a `__proto__` key stays data instead of a prototype.
  return Object.fromEntries(entries);
}

/**
 * The schema that describes `value`'s own shape: the schema itself, or the `anyOf`/`oneOf`
 * branch of the same kind whose `const` fields (a discriminator) match the value.
 */
function shapeFor(schema: JsonSchema, value: object): JsonSchema | undefined {
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!Array.isArray(branches)) return schema;
  const candidates = branches.filter((branch) =>
    Array.isArray(value)
      ? isSchema(branch.items)
      : branch.properties !== undefined || isSchema(branch.additionalProperties),
  );
  return candidates.find((branch) => matchesConstants(branch, value)) ?? candidates[0];
}

function matchesConstants(branch: JsonSchema, value: object): boolean {
  const properties = (branch.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).every(([key, property]) => {
    const actual = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    if (actual === undefined || actual === null) return true;
    if (property.const !== undefined) return actual === property.const;
    if (Array.isArray(property.enum)) return property.enum.includes(actual);
    return true;
  });
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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
