import type { JsonSchema } from "@podkit/core";
import { describeDropped } from "./describe-dropped.js";
import {
  isSchema,
  isUnconstrained,
  type RecordShape,
  recordShapeOf,
  schemaTypes,
  type TupleShape,
  tupleShapeOf,
} from "./schema-shapes.js";
import { keepsKeyword, OPENAI_STRICT, type StrictProfile } from "./strict-profile.js";

/** Dropped without a word: they say nothing a model needs, or are rendered another way. */
const SILENT = new Set([
  "$schema",
  "$id",
  "$comment",
  "examples",
  "propertyNames",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

/** The fields of an entry in a map given as a list (see {@link toStrictSchema}). */
export const ENTRY_KEY = "key";
/** The fields of an entry in a map given as a list (see {@link toStrictSchema}). */
export const ENTRY_VALUE = "value";

/**
 * Rewrites a tool's input JSON Schema for strict mode, where the model can only produce what the
 * schema allows and the schema may only use the profile's keywords. Every property is required
 * (optional ones nullable) and every object closed (`additionalProperties: false`); `oneOf`
 * becomes `anyOf`. What strict mode cannot say is encoded so nothing becomes unsayable:
 * - a record (`z.record(z.string(), V)`) would be a closed object with no properties, which
 *   admits only `{}`; it becomes a list of `{ key, value }` entries;
 * - a record keyed by an enum becomes an object with one property per key;
 * - a tuple (`prefixItems`) becomes a list whose items may be any of its members, in order;
 * - a value of any type (`z.unknown()`) becomes its JSON text.
 * Keywords the profile lacks are dropped and said in the description (e.g. "at most 4000
 * characters"); the toolset checks them on every call. Arguments made with the result are mapped
 * back with {@link fromStrictArguments} and then called with `nullsAsAbsent: true`.
 */
export function toStrictSchema(schema: JsonSchema, profile: StrictProfile = OPENAI_STRICT): JsonSchema {
  return encode(schema, profile);
}

function encode(schema: JsonSchema, profile: StrictProfile): JsonSchema {
  if (isUnconstrained(schema)) return encodeAnyValue(schema);
  const record = recordShapeOf(schema);
  if (record !== undefined)
    return record.fixedKeys === undefined
      ? encodeEntries(schema, record, profile)
      : encodeFixedKeys(schema, record.fixedKeys, record, profile);
  const tuple = tupleShapeOf(schema);
  if (tuple !== undefined) return encodeTuple(schema, tuple, profile);
  return encodePlain(schema, profile);
}

function encodePlain(schema: JsonSchema, profile: StrictProfile): JsonSchema {
  const types = schemaTypes(schema);
  const result: JsonSchema = {};
  const dropped: [string, unknown][] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === "description" || keyword === "properties" || keyword === "required") continue;
    if (keyword === "additionalProperties") continue;
    if (keyword === "oneOf" || keyword === "anyOf" || keyword === "allOf") {
      const branches = (value as unknown[]).filter(isSchema).map((branch) => encode(branch, profile));
      result[keyword === "allOf" ? "allOf" : "anyOf"] = branches;
    } else if (keyword === "items") {
      if (isSchema(value)) result.items = encode(value, profile);
    } else if (keyword === "$defs" || keyword === "definitions") {
      result[keyword] = mapValues(value as Record<string, JsonSchema>, (definition) =>
        encode(definition, profile),
      );
    } else if (keepsKeyword(profile, types, keyword, value)) {
      result[keyword] = value;
    } else if (!SILENT.has(keyword)) {
      dropped.push([keyword, value]);
    }
  }
  Object.assign(result, describe(schema.description, dropped));
  if (types.includes("object")) Object.assign(result, closedObject(schema, profile));
  else if (types.length === 0 && isSchema(schema.properties))
    Object.assign(result, { type: "object" }, closedObject(schema, profile));
  return result;
}

/** Every property required, optional ones nullable, nothing else accepted. */
function closedObject(schema: JsonSchema, profile: StrictProfile): JsonSchema {
  const properties = isSchema(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return {
    properties: mapValues(properties, (child, name) =>
      required.has(name) ? encode(child, profile) : makeNullable(encode(child, profile)),
    ),
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

function encodeEntries(schema: JsonSchema, record: RecordShape, profile: StrictProfile): JsonSchema {
  return {
    type: "array",
    ...describe(
      joinSentences(schema.description, "A map, given as a list of {key, value} entries, one per key."),
      droppedOf(schema, ["minProperties", "maxProperties"]),
    ),
    items: {
      type: "object",
      properties: {
        [ENTRY_KEY]: encode(record.keys, profile),
        [ENTRY_VALUE]: encode(record.values, profile),
      },
      required: [ENTRY_KEY, ENTRY_VALUE],
      additionalProperties: false,
    },
  };
}

function encodeFixedKeys(
  schema: JsonSchema,
  keys: readonly string[],
  record: RecordShape,
  profile: StrictProfile,
): JsonSchema {
  const properties = Object.fromEntries(keys.map((key) => [key, record.values]));
  return {
    type: "object",
    ...describe(schema.description, []),
    ...closedObject({ properties, required: schema.required }, profile),
  };
}

function encodeTuple(schema: JsonSchema, tuple: TupleShape, profile: StrictProfile): JsonSchema {
  const members = [...tuple.prefix, ...(tuple.rest === undefined ? [] : [tuple.rest])].map((member) =>
    encode(member, profile),
  );
  const distinct = members.filter(
    (member, index) =>
      members.findIndex((other) => JSON.stringify(other) === JSON.stringify(member)) === index,
  );
  const order = `In this order: ${tuple.prefix.map(brief).join(", ")}${tuple.rest === undefined ? "" : `, then any number of ${brief(tuple.rest)}`}.`;
  const bounds: [string, unknown][] = [["minItems", tuple.prefix.length]];
  if (tuple.rest === undefined) bounds.push(["maxItems", tuple.prefix.length]);
  const result: JsonSchema = {
    type: "array",
    items: distinct.length === 1 ? (distinct[0] as JsonSchema) : { anyOf: distinct },
  };
  const dropped: [string, unknown][] = [];
  for (const [keyword, value] of bounds)
    if (keepsKeyword(profile, ["array"], keyword, value)) result[keyword] = value;
    else dropped.push([keyword, value]);
  return { ...result, ...describe(joinSentences(schema.description, order), dropped) };
}

function encodeAnyValue(schema: JsonSchema): JsonSchema {
  return {
    type: "string",
    description: joinSentences(
      schema.description,
      'Any JSON value, written as JSON text (e.g. {"a": 1} or 42).',
    ),
  };
}

/** Lets a strict schema also take `null`, for a property the original may leave out. */
function makeNullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === "string" && schema.enum === undefined && schema.const === undefined)
    return { ...schema, type: [schema.type, "null"] };
  if (Array.isArray(schema.type) && schema.enum === undefined)
    return schema.type.includes("null") ? schema : { ...schema, type: [...schema.type, "null"] };
  if (Array.isArray(schema.anyOf)) {
    const hasNull = (schema.anyOf as JsonSchema[]).some((branch) => branch.type === "null");
    return hasNull ? schema : { ...schema, anyOf: [...(schema.anyOf as JsonSchema[]), { type: "null" }] };
  }
  const { description, ...rest } = schema;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: "null" }] };
}

/** `{ description }` with what was dropped said in words, or nothing when there is nothing to say. */
function describe(description: unknown, dropped: readonly [string, unknown][]): JsonSchema {
  const hints = dropped.map(([keyword, value]) => describeDropped(keyword, value));
  const text = typeof description === "string" ? description : "";
  const said = hints.length === 0 ? text : `${text}${text === "" ? "" : " "}(${hints.join("; ")})`;
  return said === "" ? {} : { description: said };
}

function droppedOf(schema: JsonSchema, keywords: readonly string[]): [string, unknown][] {
  return keywords
    .filter((keyword) => schema[keyword] !== undefined)
    .map((keyword) => [keyword, schema[keyword]]);
}

function joinSentences(first: unknown, second: string): string {
  return typeof first === "string" && first !== "" ? `${first} ${second}` : second;
}

function brief(schema: JsonSchema): string {
  if (typeof schema.description === "string") return schema.description;
  const types = schemaTypes(schema);
  return types.length === 0 ? "a value" : types.join(" or ");
}

function mapValues<V, R>(record: Record<string, V>, map: (value: V, key: string) => R): Record<string, R> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value, key)]));
}
