import { z } from "zod";
import { zodToJsonSchema } from "zod-to-json-schema";
import { PodkitError } from "../errors.js";
import { isZod4Schema, type ToolSchema } from "./tool-schema.js";

/** A JSON Schema document as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

export const JSON_SCHEMA_DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

/**
 * Converts a tool schema to JSON Schema 2020-12. zod 4 uses its native `z.toJSONSchema`;
 * a `zod/v3` schema goes through `zod-to-json-schema` and is normalized to the same shape.
 */
export function toJsonSchema(schema: ToolSchema, io: "input" | "output"): JsonSchema {
  try {
    if (isZod4Schema(schema)) {
      return z.toJSONSchema(schema as unknown as z.ZodType, {
        target: "draft-2020-12",
        io,
        unrepresentable: "throw",
      }) as JsonSchema;
    }
    const legacy = zodToJsonSchema(schema as never, {
      // Only the draft-07 target writes numeric `exclusiveMinimum`/`exclusiveMaximum`, as 2020-12 requires.
      target: "jsonSchema7",
      $refStrategy: "none",
      removeAdditionalStrategy: io === "input" ? "strict" : "passthrough",
      effectStrategy: io === "input" ? "input" : "any",
      postProcess: matchZod4Unions as never,
    }) as JsonSchema;
    return normalizeLegacySchema(legacy, io, true);
  } catch (error) {
    throw new PodkitError(
      "unsupported_schema",
      `Cannot convert a tool schema to JSON Schema: ${(error as Error).message}. Use JSON-representable zod types (no functions, symbols, bigints or transforms on inputs).`,
      { cause: error },
    );
  }
}

const SAFE_INTEGER = { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };

/**
 * Brings `zod-to-json-schema` output to the shape `z.toJSONSchema` produces for the zod 4 twin:
 * the 2020-12 dialect, no `additionalProperties: true` on input objects, safe-integer bounds,
 * and fields with defaults required on the output side.
 */
function normalizeLegacySchema(node: unknown, io: "input" | "output", isRoot: boolean): JsonSchema {
  if (Array.isArray(node)) return node.map((item) => normalizeLegacySchema(item, io, false)) as never;
  if (typeof node !== "object" || node === null) return node as never;
  const result: JsonSchema = {};
  if (isRoot) result.$schema = JSON_SCHEMA_DRAFT_2020_12;
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === "$schema") continue;
    if (keyword === "additionalProperties" && value === true && io === "input") continue;
    if (keyword === "properties" && typeof value === "object" && value !== null) {
      result.properties = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, normalizeLegacySchema(child, io, false)]),
      );
      continue;
    }
    result[keyword] = typeof value === "object" ? normalizeLegacySchema(value, io, false) : value;
  }
  if (Array.isArray(result.items)) {
    // Draft-07 tuples (`items: [...]`, `additionalItems`) are `prefixItems` in 2020-12.
    result.prefixItems = result.items;
    result.items = result.additionalItems ?? false;
    delete result.additionalItems;
  }
  if (
    result.type === "object" &&
    result.properties === undefined &&
    typeof result.additionalProperties === "object" &&
    result.propertyNames === undefined
  ) {
    result.propertyNames = { type: "string" };
  }
  if (result.type === "integer") {
    result.minimum ??= SAFE_INTEGER.minimum;
    result.maximum ??= SAFE_INTEGER.maximum;
  }
  if (io === "output" && typeof result.properties === "object" && result.properties !== null) {
    const required = new Set((result.required ?? []) as string[]);
    for (const [name, child] of Object.entries(result.properties as Record<string, JsonSchema>)) {
      if (child.default !== undefined) required.add(name);
    }
    const names = Object.keys(result.properties).filter((name) => required.has(name));
    if (names.length > 0) result.required = names;
    else delete result.required;
  }
  return result;
}

/**
 * `zod-to-json-schema` writes a discriminated union as `anyOf` and a union of literals as one
 * `enum`; `z.toJSONSchema` writes `oneOf` and `anyOf` of `const`s. Same meaning, same shape.
 */
function matchZod4Unions(
  schema: JsonSchema | undefined,
  def: { readonly typeName?: string },
): JsonSchema | undefined {
  if (schema === undefined) return schema;
  if (def.typeName === "ZodDiscriminatedUnion" && Array.isArray(schema.anyOf)) {
    const { anyOf, ...rest } = schema;
    return { ...rest, oneOf: anyOf };
  }
  if (def.typeName === "ZodUnion" && Array.isArray(schema.enum)) {
    const { enum: values, type: _type, ...rest } = schema;
    const anyOf = (values as unknown[]).map((value) => ({
      type: value === null ? "null" : typeof value,
      const: value,
    }));
    return { ...rest, anyOf };
  }
  return schema;
}
