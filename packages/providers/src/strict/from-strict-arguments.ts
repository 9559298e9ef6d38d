import type { JsonSchema } from "@podkit/core";
import { isSchema, isUnconstrained, recordShapeOf, resolveLocalRef, tupleShapeOf } from "./schema-shapes.js";
import { ENTRY_KEY, ENTRY_VALUE } from "./to-strict-schema.js";

/** Arguments mapped back to the tool's own shape, or why they cannot be. */
export type DecodedArguments =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: string; readonly path: string };

/**
 * Maps arguments a model made with {@link toStrictSchema}'s schema back to the shape of the
 * tool's own input `schema`: `{ key, value }` entries become a record, JSON text of an any-typed
 * value becomes that value. `null`s stay (the toolset maps them to absent with `nullsAsAbsent`).
 * A record sent as an object is taken as it is, so a model (or host) that ignored strict mode is
 * not refused for it; two entries with the same key are refused, since one would be lost.
 */
export function fromStrictArguments(value: unknown, schema: JsonSchema): DecodedArguments {
  try {
    return { ok: true, value: decode(value, schema, schema, []) };
  } catch (error) {
    if (error instanceof DecodeProblem) return { ok: false, problem: error.message, path: error.path };
    throw error;
  }
}

class DecodeProblem extends Error {
  readonly path: string;
  constructor(message: string, path: readonly (string | number)[]) {
    super(message);
    this.path = path.join(".");
  }
}

function decode(value: unknown, node: JsonSchema, root: JsonSchema, path: (string | number)[]): unknown {
  if (value === null || value === undefined) return value;
  const schema = resolveLocalRef(node, root);
  if (isUnconstrained(schema)) return typeof value === "string" ? parseJsonText(value, path) : value;
  const record = recordShapeOf(schema);
  if (record !== undefined) {
    if (Array.isArray(value) && value.every(isEntry)) return fromEntries(value, record.values, root, path);
    return isPlainObject(value) ? mapRecord(value, () => record.values, root, path) : value;
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) {
    const branch = branchFor(branches.filter(isSchema), value, root);
    return branch === undefined ? value : decode(value, branch, root, path);
  }
  if (Array.isArray(value)) {
    const tuple = tupleShapeOf(schema);
    return value.map((item, index) => {
      const itemSchema = tuple === undefined ? schema.items : (tuple.prefix[index] ?? tuple.rest);
      return isSchema(itemSchema) ? decode(item, itemSchema, root, [...path, index]) : item;
    });
  }
  if (isPlainObject(value) && isSchema(schema.properties)) {
    const properties = schema.properties as Record<string, JsonSchema>;
    const other = isSchema(schema.additionalProperties) ? schema.additionalProperties : undefined;
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    // An optional any-typed field is JSON text in strict mode, so its `null` can only mean "absent"
    // (a null value is the text "null"); the toolset would keep a bare null, which any type accepts.
    const absent = Object.keys(value).filter((key) => {
      const property = properties[key];
      return value[key] === null && !required.has(key) && property !== undefined && isUnconstrained(property);
    });
    const kept =
      absent.length === 0
        ? value
        : Object.fromEntries(Object.entries(value).filter(([key]) => !absent.includes(key)));
    return mapRecord(kept, (key) => (Object.hasOwn(properties, key) ? properties[key] : other), root, path);
  }
  return value;
}

function fromEntries(
  entries: readonly { key: string; value: unknown }[],
  valueSchema: JsonSchema,
  root: JsonSchema,
  path: (string | number)[],
): Record<string, unknown> {
  const seen = new Set<string>();
  const pairs: [string, unknown][] = [];
  for (const [index, entry] of entries.entries()) {
    if (seen.has(entry.key))
      throw new DecodeProblem(`the key '${entry.key}' is given twice; give each key once`, [...path, index]);
    seen.add(entry.key);
    pairs.push([entry.key, decode(entry.value, valueSchema, root, [...path, entry.key])]);
  }
  // fromEntries defines own properties, so a `__proto__` key stays data instead of a prototype.
  return Object.fromEntries(pairs);
}

function mapRecord(
  value: Record<string, unknown>,
  schemaOf: (key: string) => JsonSchema | undefined,
  root: JsonSchema,
  path: (string | number)[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      const childSchema = schemaOf(key);
      return [key, childSchema === undefined ? child : decode(child, childSchema, root, [...path, key])];
    }),
  );
}

/**
 * The branch of a union the value was made for: a record when it is a list of entries, a list
 * for another list, an object branch whose constants (a discriminator) match for an object.
 */
function branchFor(
  branches: readonly JsonSchema[],
  value: unknown,
  root: JsonSchema,
): JsonSchema | undefined {
  const resolved = branches.map((branch) => resolveLocalRef(branch, root));
  if (Array.isArray(value)) {
    const entries = value.every(isEntry)
      ? resolved.find((branch) => recordShapeOf(branch) !== undefined)
      : undefined;
    return entries ?? resolved.find((branch) => isSchema(branch.items) || Array.isArray(branch.prefixItems));
  }
  if (isPlainObject(value)) {
    const objects = resolved.filter(
      (branch) => isSchema(branch.properties) || recordShapeOf(branch) !== undefined,
    );
    return objects.find((branch) => matchesConstants(branch, value)) ?? objects[0];
  }
  return undefined;
}

function matchesConstants(branch: JsonSchema, value: Record<string, unknown>): boolean {
  const properties = isSchema(branch.properties) ? (branch.properties as Record<string, JsonSchema>) : {};
  return Object.entries(properties).every(([key, property]) => {
    const actual = Object.hasOwn(value, key) ? value[key] : undefined;
    if (actual === undefined || actual === null) return true;
    if (property.const !== undefined) return actual === property.const;
    if (Array.isArray(property.enum)) return property.enum.includes(actual);
    return true;
  });
}

function parseJsonText(text: string, path: (string | number)[]): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DecodeProblem(
      `expected JSON text of a value (e.g. {"a": 1} or 42), got text that is not JSON (${(error as Error).message})`,
      path,
    );
  }
}

function isEntry(value: unknown): value is { key: string; value: unknown } {
  return (
    isPlainObject(value) &&
    typeof value[ENTRY_KEY] === "string" &&
    Object.hasOwn(value, ENTRY_VALUE) &&
    Object.keys(value).length === 2
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
