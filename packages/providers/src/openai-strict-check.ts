import type { JsonSchema } from "@podkit/core";

const MAX_NESTING = 10;
const MAX_PROPERTIES = 5000;
const ALLOWED_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const FORBIDDEN = new Set([
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "patternProperties",
  "unevaluatedProperties",
  "propertyNames",
  "default",
  "$schema",
]);

/**
 * Checks a function's `parameters` against OpenAI's documented strict-mode rules and returns
 * every violation (empty when it passes): root is an object, every object lists all its
 * properties as required with `additionalProperties: false`, no `oneOf` or other unsupported
 * keywords, at most 10 levels of nesting and 5000 properties.
 */
export function checkOpenAiStrictSchema(schema: JsonSchema): string[] {
  const problems: string[] = [];
  if (schema.type !== "object") problems.push("(root): the root must be an object schema");
  if (schema.anyOf !== undefined) problems.push("(root): the root must not be anyOf");
  let propertyCount = 0;
  const visit = (node: unknown, path: string, depth: number): void => {
    if (typeof node !== "object" || node === null) return;
    const current = node as JsonSchema;
    if (depth > MAX_NESTING) problems.push(`${path}: nested deeper than ${MAX_NESTING} levels`);
    for (const keyword of Object.keys(current))
      if (FORBIDDEN.has(keyword)) problems.push(`${path}: '${keyword}' is not supported in strict mode`);
    const types = Array.isArray(current.type)
      ? current.type
      : current.type === undefined
        ? []
        : [current.type];
    for (const type of types)
      if (!ALLOWED_TYPES.has(type as string)) problems.push(`${path}: unsupported type '${String(type)}'`);
    if (
      current.type === undefined &&
      current.anyOf === undefined &&
      current.$ref === undefined &&
      current.enum === undefined &&
      current.const === undefined
    ) {
      problems.push(`${path}: every schema needs a type, anyOf, enum, const or $ref`);
    }
    if (types.includes("object")) {
      const properties = (current.properties ?? {}) as Record<string, JsonSchema>;
      const names = Object.keys(properties);
      propertyCount += names.length;
      if (current.additionalProperties !== false)
        problems.push(`${path}: objects need additionalProperties: false`);
      const required = new Set((current.required ?? []) as string[]);
      for (const name of names)
        if (!required.has(name))
          problems.push(`${path}.${name}: every property must be required (make optional ones nullable)`);
      for (const name of names) visit(properties[name], `${path}.${name}`, depth + 1);
    }
    if (current.items !== undefined) visit(current.items, `${path}[]`, depth + 1);
    for (const keyword of ["anyOf", "allOf"] as const) {
      const branches = current[keyword];
      if (Array.isArray(branches))
        for (const [index, branch] of branches.entries())
          visit(branch, `${path}.${keyword}[${index}]`, depth);
    }
    for (const keyword of ["$defs", "definitions"] as const) {
      const defs = current[keyword];
      if (typeof defs === "object" && defs !== null)
        for (const [name, def] of Object.entries(defs)) visit(def, `${path}.${keyword}.${name}`, depth);
    }
  };
  visit(schema, "(root)", 1);
  if (propertyCount > MAX_PROPERTIES)
    problems.push(`(root): ${propertyCount} properties in all; the limit is ${MAX_PROPERTIES}`);
  return problems;
}
