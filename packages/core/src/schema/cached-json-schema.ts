import { type JsonSchema, toJsonSchema } from "./json-schema.js";
import type { ToolSchema } from "./tool-schema.js";

const cache = {
  input: new WeakMap<ToolSchema, JsonSchema>(),
  output: new WeakMap<ToolSchema, JsonSchema>(),
};

/**
 * {@link toJsonSchema}, converted once per schema object and side. A tool's JSON Schema depends
 * on neither role nor agent, so every toolset shares it instead of paying the conversion (tens of
 * microseconds per schema) again for each agent. Shared, so deeply frozen; failures are not cached.
 */
export function cachedJsonSchema(schema: ToolSchema, io: "input" | "output"): JsonSchema {
  const known = cache[io].get(schema);
  if (known !== undefined) return known;
  const converted = deepFreeze(toJsonSchema(schema, io));
  cache[io].set(schema, converted);
  return converted;
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
