import type { JsonSchema } from "@podkit/core";
import { isSchema, schemaTypes } from "./schema-shapes.js";
import { keepsKeyword, type StrictProfile } from "./strict-profile.js";

// OpenAI's documented limits for one schema.
const MAX_NESTING = 10;
const MAX_PROPERTIES = 5000;
const MAX_ENUM_VALUES = 1000;
const MAX_TOTAL_STRING_LENGTH = 120_000;
/** A string enum with more values than this may total at most {@link MAX_LARGE_ENUM_LENGTH} characters. */
const LARGE_ENUM = 250;
const MAX_LARGE_ENUM_LENGTH = 7500;
const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
/** Keywords checked by the rules below rather than by the profile's list. */
const STRUCTURE = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "allOf",
]);

/**
 * Lists every way `schema` (a tool's `parameters`) breaks the strict-mode rules of `profile`,
 * empty when it passes: the root is an object and not `anyOf`; every object lists all its
 * properties as required and is closed (`additionalProperties: false`); a nested object has
 * properties (a closed empty one admits only `{}`: a record emptied by strict mode); only the
 * profile's keywords and string formats; at most 10 levels of nesting, 5000 properties, 1000 enum
 * values, and 120,000 characters of property names, definition names, enum and const values.
 */
export function checkStrictSchema(schema: JsonSchema, profile: StrictProfile): string[] {
  const problems: string[] = [];
  if (schema.type !== "object") problems.push("(root): the root must be an object schema");
  if (schema.anyOf !== undefined) problems.push("(root): the root must not be anyOf");
  let propertyCount = 0;
  let enumValueCount = 0;
  let stringLength = 0;

  const visit = (node: unknown, path: string, depth: number): void => {
    if (!isSchema(node)) {
      problems.push(`${path}: a schema must be an object, got ${JSON.stringify(node)}`);
      return;
    }
    if (depth > MAX_NESTING) problems.push(`${path}: nested deeper than ${MAX_NESTING} levels`);
    if (Array.isArray(node.enum)) {
      enumValueCount += node.enum.length;
      const enumLength = node.enum.reduce<number>((total, value) => total + String(value).length, 0);
      stringLength += enumLength;
      if (node.enum.length > LARGE_ENUM && enumLength > MAX_LARGE_ENUM_LENGTH)
        problems.push(
          `${path}: an enum of more than ${LARGE_ENUM} values may total at most ${MAX_LARGE_ENUM_LENGTH} characters; this one has ${enumLength}`,
        );
    }
    if (typeof node.const === "string") stringLength += node.const.length;
    const types = schemaTypes(node);
    for (const type of types) if (!TYPES.has(type)) problems.push(`${path}: unsupported type '${type}'`);
    for (const [keyword, value] of Object.entries(node)) {
      if (STRUCTURE.has(keyword) || keepsKeyword(profile, types, keyword, value)) continue;
      problems.push(`${path}: ${describeRefusal(keyword, value, profile)}`);
    }
    if (
      node.type === undefined &&
      node.anyOf === undefined &&
      node.allOf === undefined &&
      node.$ref === undefined
    )
      if (node.enum === undefined && node.const === undefined)
        problems.push(`${path}: every schema needs a type, anyOf, enum, const or $ref`);
    if (types.includes("object")) {
      const properties = (isSchema(node.properties) ? node.properties : {}) as Record<string, JsonSchema>;
      const names = Object.keys(properties);
      propertyCount += names.length;
      stringLength += names.reduce((total, name) => total + name.length, 0);
      if (node.additionalProperties !== false)
        problems.push(`${path}: objects need additionalProperties: false`);
      if (names.length === 0 && depth > 1)
        problems.push(
          `${path}: an object with no properties admits only {} (a record emptied by strict mode? give a record as a list of {key, value} entries)`,
        );
      const required = new Set(Array.isArray(node.required) ? node.required : []);
      for (const name of names)
        if (!required.has(name))
          problems.push(`${path}.${name}: every property must be required (make optional ones nullable)`);
      for (const name of names) visit(properties[name], `${path}.${name}`, depth + 1);
    } else if (node.properties !== undefined || node.additionalProperties !== undefined) {
      problems.push(`${path}: properties on a schema that is not of type object`);
    }
    if (node.items !== undefined) visit(node.items, `${path}[]`, depth + 1);
    for (const keyword of ["anyOf", "allOf"] as const) {
      const branches = node[keyword];
      if (Array.isArray(branches))
        for (const [index, branch] of branches.entries())
          visit(branch, `${path}.${keyword}[${index}]`, depth);
    }
    for (const keyword of ["$defs", "definitions"] as const) {
      const definitions = node[keyword];
      if (isSchema(definitions))
        for (const [name, definition] of Object.entries(definitions)) {
          stringLength += name.length;
          visit(definition, `${path}.${keyword}.${name}`, depth);
        }
    }
  };
  visit(schema, "(root)", 1);
  if (propertyCount > MAX_PROPERTIES)
    problems.push(`(root): ${propertyCount} properties in all; the limit is ${MAX_PROPERTIES}`);
  if (enumValueCount > MAX_ENUM_VALUES)
    problems.push(`(root): ${enumValueCount} enum values in all; the limit is ${MAX_ENUM_VALUES}`);
  if (stringLength > MAX_TOTAL_STRING_LENGTH)
    problems.push(
      `(root): ${stringLength} characters of property names, definition names, enum and const values; the limit is ${MAX_TOTAL_STRING_LENGTH}`,
    );
  return problems;
}

function describeRefusal(keyword: string, value: unknown, profile: StrictProfile): string {
  if (keyword === "format")
    return `format '${String(value)}' is not supported in ${profile.name} (supported: ${[...profile.formats].join(", ")})`;
  if (keyword === "prefixItems")
    return `'prefixItems' (a tuple) is not supported in ${profile.name}; give the items as a list`;
  if (profile.anyType.has(keyword) || Object.values(profile.byType).some((keywords) => keywords.has(keyword)))
    return `'${keyword}: ${JSON.stringify(value)}' is not supported here in ${profile.name}`;
  return `'${keyword}' is not supported in ${profile.name}`;
}
