import type { JsonSchema } from "@podkit/core";

/** Keywords OpenAI strict mode rejects; they are dropped (the toolset still validates them). */
const UNSUPPORTED_KEYWORDS = new Set([
  "$schema",
  "default",
  "examples",
  "propertyNames",
  "unevaluatedProperties",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "contentEncoding",
  "contentMediaType",
  "not",
]);

/**
 * Rewrites a JSON Schema for OpenAI strict mode: every property required (optional ones
 * become nullable), `additionalProperties: false` on every object, `oneOf` as `anyOf`.
 * Calls made with it must go through `call(…, { nullsAsAbsent: true })`.
 */
export function toStrictSchema(schema: JsonSchema): JsonSchema {
  const result: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (UNSUPPORTED_KEYWORDS.has(keyword)) continue;
    if (keyword === "oneOf") result.anyOf = (value as JsonSchema[]).map(toStrictSchema);
    else if (keyword === "anyOf" || keyword === "allOf" || keyword === "prefixItems")
      result[keyword] = (value as JsonSchema[]).map(toStrictSchema);
    else if (keyword === "items" || keyword === "additionalProperties")
      result[keyword] =
        typeof value === "object" && value !== null ? toStrictSchema(value as JsonSchema) : value;
    else if (keyword === "$defs" || keyword === "definitions")
      result[keyword] = mapValues(value as Record<string, JsonSchema>, toStrictSchema);
    else if (keyword !== "properties" && keyword !== "required") result[keyword] = value;
  }
  if (isObjectSchema(schema)) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    result.properties = mapValues(properties, (child, name) =>
      required.has(name) ? toStrictSchema(child) : makeNullable(toStrictSchema(child)),
    );
    result.required = Object.keys(properties);
    result.additionalProperties = false;
  }
  return result;
}

function isObjectSchema(schema: JsonSchema): boolean {
  return schema.type === "object" || (schema.properties !== undefined && schema.type === undefined);
}

function makeNullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === "string" && schema.enum === undefined && schema.const === undefined) {
    return { ...schema, type: [schema.type, "null"] };
  }
  if (Array.isArray(schema.type) && schema.enum === undefined) {
    return schema.type.includes("null") ? schema : { ...schema, type: [...schema.type, "null"] };
  }
  if (Array.isArray(schema.anyOf)) {
    const hasNull = (schema.anyOf as JsonSchema[]).some((branch) => branch.type === "null");
    return hasNull ? schema : { ...schema, anyOf: [...(schema.anyOf as JsonSchema[]), { type: "null" }] };
  }
  const { description, ...rest } = schema;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: "null" }] };
}

function mapValues<V, R>(record: Record<string, V>, map: (value: V, key: string) => R): Record<string, R> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value, key)]));
}
